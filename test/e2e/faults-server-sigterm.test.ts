// Issue #12: SIGTERM to `twenty serve` with requests in flight (held back by a table lock the
// test owns). The server stops accepting at once, closes idle keep-alive connections, answers
// every in-flight request completely with `Connection: close`, logs the one request whose
// client gave up, and exits as soon as the last answer is out, long before the grace ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect, one, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';

const GRACE_MS = 20_000;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(agent: http.Agent, url: string, token: string, method: string, path: string, body?: unknown, onSocket?: (req: http.ClientRequest) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${url}${path}`, { method, agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    onSocket?.(req);
    req.end(payload);
  });
}

test('SIGTERM with requests in flight: each gets a complete response with Connection: close, and the server exits before the grace ends', async () => {
  const stack = await startFaultStack({ receiver: await startDedupingReceiver(), operations: 'company.created', env: { SHUTDOWN_TIMEOUT_MS: String(GRACE_MS) } });
  const server = await stack.serve();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const call = (method: string, path: string, body?: unknown) => send(agent, server.url, stack.token, method, path, body);

  // An idle keep-alive connection, left open by its own agent after its request.
  let idleClosed = false;
  const idleAgent = new http.Agent({ keepAlive: true });
  const warm = await send(idleAgent, server.url, stack.token, 'GET', '/healthz', undefined, (req) => req.on('socket', (s) => s.on('close', () => (idleClosed = true))));
  assert.equal(warm.status, 200);

  const holder = await connect(stack.db);
  // Released whatever happens: the test pool cannot end while it is checked out.
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await holder.query('ROLLBACK').catch(() => {});
    holder.release();
  };
  try {
    await inFlightPhase();
  } finally {
    await release();
  }
  async function inFlightPhase() {
    await holder.query('BEGIN');
    await query(holder, sql`LOCK TABLE ${ident(stack.schemaName, 'company')} IN ACCESS EXCLUSIVE MODE`);
    const inFlight = [
      ...Array.from({ length: 3 }, () => call('GET', '/rest/companies?limit=5')),
      ...Array.from({ length: 3 }, (_, i) => call('POST', '/rest/companies', { name: `In flight ${i}` })),
      ...Array.from({ length: 2 }, () => call('POST', '/graphql', { query: '{ companies(first: 5) { edges { node { id name } } } }' })),
    ];
    // One client gives up while its request waits: the server must say so in its log.
    let abandoned: http.ClientRequest | undefined;
    const gaveUp = send(new http.Agent(), server.url, stack.token, 'GET', '/rest/companies', undefined, (req) => (abandoned = req)).catch(() => 'aborted');
    const waiting = async () => (await one<{ n: number }>(stack.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`))?.n ?? 0;
    await waitUntil(async () => (await waiting()) >= inFlight.length + 1, 10_000, async () => `${await waiting()} requests waiting on the lock`);
    abandoned?.destroy();
    assert.equal(await gaveUp, 'aborted');
    const incomplete = () => server.lines(/request ended without a complete response/);
    await waitUntil(() => incomplete().length === 1, 5_000, () => 'the abandoned request was not logged');

    const signalledAt = Date.now();
    const exited = server.stop('SIGTERM');
    await waitUntil(() => idleClosed, 5_000, () => 'the idle keep-alive connection was not closed');
    await assert.rejects(fetch(`${server.url}/healthz`), 'no new connections once stopping');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.child.exitCode, null, 'still answering its in-flight requests');

    await release();
    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      assert.ok(answer.status === 200 || answer.status === 201, `${answer.status} ${answer.body}`);
      assert.doesNotThrow(() => JSON.parse(answer.body), 'a complete JSON body');
      assert.equal(answer.headers.connection, 'close', 'the connection is not kept for another request');
    }
    assert.equal(await exited, 0);
    const exitMs = Date.now() - signalledAt;
    assert.ok(exitMs < GRACE_MS, `exited ${exitMs} ms after SIGTERM, before the ${GRACE_MS} ms grace`);
    assert.equal(incomplete().length, 1, 'only the abandoned request ended without its answer');
    assert.equal(incomplete()[0].path, '/rest/companies');
    assert.equal(server.lines(/server shutting down/)[0]?.inFlight, inFlight.length);
    process.stderr.write(`# SIGTERM with ${inFlight.length} requests in flight: exit ${exitMs} ms after the signal (lock held ~500 ms of it, grace ${GRACE_MS} ms)\n`);
    agent.destroy();
    idleAgent.destroy();
  }
});
