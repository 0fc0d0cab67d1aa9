import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outboundRequest } from '../../src/jobs/outbound-http.ts';
import { startReceiver } from '../helpers/webhook-receiver.ts';

const receiver = await startReceiver();

describe('outbound HTTP client', () => {

  it('blocks every address of the SSRF table, judged on the address, and the receiver sees nothing', async () => {
    const port = receiver.port;
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://127.0.0.2:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[::ffff:169.254.169.254]/',
      'http://metadata.google.internal/',
      `file:///etc/passwd`,
      `gopher://127.0.0.1:${port}/_GET`,
    ];
    for (const url of targets) {
      const result = await outboundRequest({ url, method: 'POST', body: '{}', timeoutMs: 2000 });
      assert.equal(result.kind, 'blocked', `${url} gave ${JSON.stringify(result)}`);
      assert.ok(result.kind === 'blocked' && result.reason.length > 0);
    }
    assert.equal(receiver.requests.length, 0);
  });

  it('reaches an allow-listed internal receiver and returns its answer', async () => {
    receiver.reply = () => ({ status: 201, body: 'created' });
    const before = receiver.requests.length;
    const result = await outboundRequest({ url: receiver.url(), method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }, { allowedHosts: ['127.0.0.1'] });
    assert.equal(result.kind, 'response');
    assert.ok(result.kind === 'response' && result.status === 201 && result.body === 'created');
    assert.equal(receiver.requests.length, before + 1);
    assert.equal(receiver.requests.at(-1)?.body, '{"a":1}');
  });

  it('re-checks every redirect: a 302 from an allowed receiver to a blocked address is not followed', async () => {
    const policy = { allowedHosts: ['127.0.0.1'] };
    for (const location of [`http://[::1]:${receiver.port}/inner`, `http://127.0.0.2:${receiver.port}/inner`, 'http://169.254.169.254/latest', `file:///etc/passwd`]) {
      receiver.reply = (req) => (req.url === '/outer' ? { status: 302, headers: { location } } : { status: 200 });
      const hits = receiver.requests.length;
      const result = await outboundRequest({ url: receiver.url('/outer'), timeoutMs: 2000 }, policy);
      assert.equal(result.kind, 'blocked', `${location} gave ${JSON.stringify(result)}`);
      assert.equal(receiver.requests.length, hits + 1, 'only the allowed hop reached the receiver');
      assert.ok(receiver.requests.slice(hits).every((r) => r.url === '/outer'));
    }
  });

  it('follows at most three allowed redirects', async () => {
    const policy = { allowedHosts: ['127.0.0.1'] };
    receiver.reply = (req) => {
      const n = Number(req.url.slice(1));
      return n < 10 ? { status: 307, headers: { location: `/${n + 1}` } } : { status: 200 };
    };
    const ok = await outboundRequest({ url: receiver.url('/7'), method: 'POST', body: 'x' }, policy);
    assert.ok(ok.kind === 'response' && ok.status === 200 && ok.url.endsWith('/10'));
    const tooMany = await outboundRequest({ url: receiver.url('/5') }, policy);
    assert.ok(tooMany.kind === 'response' && tooMany.status === 307);
  });

  it('gives up after the timeout with a timed-out failure', async () => {
    receiver.reply = () => ({ status: 200, delayMs: 1500 });
    const result = await outboundRequest({ url: receiver.url(), timeoutMs: 200 }, { allowedHosts: ['127.0.0.1'] });
    assert.equal(result.kind, 'failed');
    assert.ok(result.kind === 'failed' && result.timedOut && result.code === 'TIMEOUT');
  });
});
