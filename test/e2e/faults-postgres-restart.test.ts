// Issue #12: Postgres restarted twice, then every connection reset, under a write load, with server and worker running on the
// product's managed services. Nothing exits; requests during the outage are 503
// SERVICE_UNAVAILABLE with Retry-After (never a 500 or a reset); each process logs a few lines
// per outage, not one per request; the auth-cache listener comes back; every committed event is
// delivered afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';

const RESTARTS = 2;
const CLIENTS = 4;

test('server and worker ride out Postgres restarts and connection resets under a write load; every committed event is delivered', async () => {
  const receiver = await startDedupingReceiver();
  const stack = await startFaultStack({ receiver, operations: 'company.created', env: { WORKER_CONCURRENCY: '8' } });
  const worker = await stack.startWorker();
  const server = await stack.serve();

  const outcomes = { created: 0, unavailable: 0, other: [] as string[] };
  let writing = true;
  let n = 0;
  const writer = async () => {
    while (writing) {
      try {
        const r = await stack.rest(server, 'POST', '/companies', { name: `Load ${n++}` });
        const body = await r.text();
        if (r.status === 201) outcomes.created += 1;
        else if (r.status === 503 && /SERVICE_UNAVAILABLE|ServiceUnavailable/.test(body) && r.headers.get('retry-after')) outcomes.unavailable += 1;
        else outcomes.other.push(`${r.status} ${body.slice(0, 200)}`);
      } catch (error) {
        outcomes.other.push(`no response: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const writers = Array.from({ length: CLIENTS }, writer);
  const listenerBack = () => server.lines(/available again/).filter((l) => l.connection === 'auth-cache-listener');

  for (let i = 0; i < RESTARTS; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    await stack.postgres.stop();
    const gql = await stack.graphql(server, '{ companies(first: 1) { edges { node { id } } } }', { accept: 'application/graphql-response+json' });
    assert.equal(gql.status, 503, 'GraphQL says 503 to a client that accepts application/graphql-response+json');
    assert.ok(gql.headers.get('retry-after'));
    const codes = ((await gql.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code);
    assert.deepEqual([...new Set(codes)], ['SERVICE_UNAVAILABLE'], 'distinct from INTERNAL_SERVER_ERROR');
    const legacy = await stack.graphql(server, '{ companies(first: 1) { edges { node { id } } } }');
    assert.match(await legacy.text(), /SERVICE_UNAVAILABLE/);
    await new Promise((r) => setTimeout(r, 1500));
    await stack.postgres.start();
    await waitUntil(async () => (await fetch(`${server.url}/healthz`)).status === 200, 20_000, () => 'the server did not see Postgres come back');
    // The LISTEN-based auth cache is off while its listener is down and back once it reconnects.
    await waitUntil(() => listenerBack().length === i + 1, 20_000, () => `auth cache listener back ${listenerBack().length} times after ${i + 1} restarts`);
  }
  // A network reset of every connection of server and worker (LISTEN ones included), Postgres up.
  await new Promise((r) => setTimeout(r, 1000));
  const reset = await rows<{ pid: number }>(stack.db, sql`SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name LIKE 'twenty-%' AND pid <> pg_backend_pid()`);
  assert.ok(reset.length >= 3, 'server, worker and listener connections were reset');
  await waitUntil(() => listenerBack().length === RESTARTS + 1, 20_000, () => 'the auth cache listener did not come back after the reset');
  await new Promise((r) => setTimeout(r, 1000));
  writing = false;
  await Promise.all(writers);

  assert.deepEqual(outcomes.other, [], 'every request got 201 or 503 SERVICE_UNAVAILABLE with Retry-After');
  assert.ok(outcomes.unavailable > 0, 'some writes met the outage');
  assert.equal(worker.child.exitCode, null, `the worker is still running: ${worker.log().slice(-2000)}`);
  assert.equal(server.child.exitCode, null, 'the server is still running');

  const expected = await stack.eventIds('company.created');
  assert.ok(expected.length >= outcomes.created, 'every acknowledged write has its event');
  const missing = () => expected.filter((id) => !receiver.processed.has(id));
  await waitUntil(() => missing().length === 0, 60_000, async () => `${missing().length} of ${expected.length} events not delivered; ${JSON.stringify(await stack.deliveryCounts())}`);
  await waitUntil(async () => (await stack.deliveryCounts()).delivered === expected.length, 20_000, async () => JSON.stringify(await stack.deliveryCounts()));

  // A handful of lines per outage (pool, LISTEN connections, dispatch), not one per request.
  for (const [name, child] of [['server', server], ['worker', worker]] as const) {
    const outageLines = child.lines(/unavailable; reconnecting/);
    assert.ok(outageLines.length >= 1 && outageLines.length <= 4 * (RESTARTS + 1), `${name}: ${outageLines.length} outage lines for ${RESTARTS} restarts and ${outcomes.unavailable} failed requests: ${JSON.stringify(outageLines.map((l) => [l.dependency, l.connection ?? l.pool, (l.err as { message?: string } | undefined)?.message]))}`);
    assert.doesNotMatch(child.log(), /Unhandled 'error' event|unhandled error/);
  }
  const dispatcherBack = worker.lines(/available again/).filter((l) => l.connection === 'outbox-listener');
  assert.ok(dispatcherBack.length >= 1, 'the outbox LISTEN connection came back');
  process.stderr.write(`# postgres restarts: ${RESTARTS} + 1 reset of ${reset.length} connections, created ${outcomes.created}, unavailable ${outcomes.unavailable}, events ${expected.length}\n`);

  assert.equal(await server.stop(), 0);
  assert.equal(await worker.stop(), 0);
});
