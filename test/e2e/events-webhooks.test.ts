// A record change through the real server reaches a webhook receiver through the real worker:
// signed, with a stable event id, recorded in the delivery log — and a change whose server is
// killed right after commit is still delivered (the event was written with the change).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { cliEnv, runCli, serve, startProcess, tempHome } from '../helpers/cli.ts';
import { startReceiver } from '../helpers/webhook-receiver.ts';
import { verifyTwentyWebhook } from '../../src/jobs/verify-webhook.ts';

const { url } = await createTestDatabase();
const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home, OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', QUEUE_PREFIX: createTestRedis().prefix, LOG_LEVEL: 'warn' });
let token = '';

before(async () => {
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Hooks'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  token = r.json?.data?.apiKey.token;
});

test('a created company is delivered to a matching webhook, signed, and logged', async () => {
  const receiver = await startReceiver();
  const hook = await runCli(['webhook', 'create', '-w', 'Hooks', '--url', receiver.url(), '--operations', 'company.created', '--json'], env);
  assert.equal(hook.code, 0, hook.stderr + hook.stdout);
  const secret = hook.json?.data?.secret as string;
  const listed = await runCli(['webhook', 'list', '-w', 'Hooks', '--json'], env);
  assert.ok(!JSON.stringify(listed.json).includes(secret), 'list never shows the secret');

  const worker = await startProcess(['worker'], env, /worker started/);
  const server = await serve(env);
  try {
    const created = await fetch(`${server.url}/rest/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Hooked Inc' }),
    });
    assert.equal(created.status, 201);
    const person = await fetch(`${server.url}/rest/people`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: { firstName: 'Not', lastName: 'Subscribed' } }),
    });
    assert.equal(person.status, 201);
    await receiver.waitFor(1, 20_000);
    const [req] = receiver.requests;
    const body = JSON.parse(req.body);
    assert.equal(body.eventName, 'company.created');
    assert.equal(body.record.name, 'Hooked Inc');
    assert.equal(body.objectMetadata.nameSingular, 'company');
    assert.ok(verifyTwentyWebhook({ secret, timestamp: String(req.headers['x-twenty-webhook-timestamp']), signature: String(req.headers['x-twenty-webhook-signature']), rawBody: req.body }));
    assert.ok(req.headers['x-twenty-webhook-event-id']);

    // SIGKILL the server right after a committed write: the event was written with it.
    const killed = await fetch(`${server.url}/rest/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'After The Kill' }),
    });
    assert.equal(killed.status, 201);
    await server.stop('SIGKILL');
    await receiver.waitFor(2, 20_000);
    assert.equal(JSON.parse(receiver.requests[1].body).record.name, 'After The Kill');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.requests.length, 2, 'the person event matched no webhook');

    const deliveries = await runCli(['webhook', 'deliveries', '-w', 'Hooks', '--json'], env);
    assert.equal(deliveries.json?.data?.deliveries.filter((d: { status: string }) => d.status === 'delivered').length, 2);
  } finally {
    await server.stop('SIGKILL');
    assert.equal(await worker.stop(), 0, 'the worker exits cleanly on SIGTERM');
  }
});
