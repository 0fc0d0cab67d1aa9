// Issue #12: the managed Redis stopped and started again under server and worker. During the
// outage writes still commit (events wait in the Postgres outbox), rate limits fall back to
// per-instance memory (still enforced, with one warning per outage), login stays fail-closed,
// health says down; afterwards every event is delivered and nothing has exited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';

const REST_LIMIT = 30;
const LOGIN = 'mutation { getLoginTokenFromCredentials(email: "nobody@example.com", password: "wrong", origin: "http://localhost") { loginToken { token } } }';

test('a Redis restart: writes commit, rate limits hold in memory with one warning, login fails closed, every event is delivered after', async () => {
  const receiver = await startDedupingReceiver();
  const stack = await startFaultStack({ receiver, operations: 'company.created', env: { API_RATE_LIMITING_REST_LIMIT: String(REST_LIMIT) } });
  const worker = await stack.startWorker();
  const server = await stack.serve();
  const create = async (name: string) => {
    const r = await stack.rest(server, 'POST', '/companies', { name });
    assert.equal(r.status, 201, await r.text());
  };
  await create('Before');

  await stack.redis.stop();
  const duringWrites = 5;
  for (let i = 0; i < duringWrites; i += 1) await create(`During ${i}`);
  // The limiter counts this instance's requests in memory from the start of the outage.
  const statuses: number[] = [];
  let refused: Response | undefined;
  for (let i = 0; i < REST_LIMIT; i += 1) {
    const r = await stack.rest(server, 'GET', '/companies?limit=1');
    statuses.push(r.status);
    if (r.status === 429) refused ??= r;
    else await r.arrayBuffer();
  }
  assert.deepEqual(statuses.filter((s) => s !== 200 && s !== 429), [], 'only admitted or rate limited, never a 5xx');
  assert.equal(statuses.filter((s) => s === 200).length, REST_LIMIT - duringWrites, 'the limit still holds without Redis');
  assert.ok(refused, 'a request past the limit was refused');
  assert.ok(refused.headers.get('retry-after'));
  assert.equal(((await refused.json()) as { code?: string; error?: string }).error, 'ThrottlerException');

  const login = await fetch(`${server.url}/metadata`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN }) });
  assert.equal(login.status, 503, 'login is refused while its brute-force limit cannot be counted');
  assert.ok(login.headers.get('retry-after'));
  assert.equal(((await login.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, 'SERVICE_UNAVAILABLE');
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 503);
  assert.equal(((await health.json()) as { error: { redis?: { status: string } } }).error.redis?.status, 'down');
  assert.equal((await fetch(`${server.url}/healthz/worker`)).status, 503, 'liveness cannot be read without Redis');

  await new Promise((r) => setTimeout(r, 1000));
  await stack.redis.start();
  await waitUntil(async () => (await fetch(`${server.url}/healthz`)).status === 200, 20_000, () => 'the server did not see Redis come back');
  await create('After');

  const expected = await stack.eventIds('company.created');
  assert.equal(expected.length, duringWrites + 2);
  const missing = () => expected.filter((id) => !receiver.processed.has(id));
  await waitUntil(() => missing().length === 0, 60_000, async () => `${missing().length} of ${expected.length} events not delivered; ${JSON.stringify(await stack.deliveryCounts())}`);
  await waitUntil(async () => (await fetch(`${server.url}/healthz/worker`)).status === 200, 20_000, () => 'the worker heartbeat did not come back');

  const restWarnings = server.lines(/redis unavailable/).filter((l) => JSON.stringify(l.rateLimits ?? []).includes('"rest"'));
  assert.equal(restWarnings.length, 1, `one warning for the outage, not one per request (${REST_LIMIT + duringWrites} requests)`);
  assert.match(String(restWarnings[0].effect), /in memory/);
  const workerLines = worker.lines(/unavailable; reconnecting/);
  assert.ok(workerLines.length >= 1 && workerLines.length <= 4, `worker: ${workerLines.length} outage lines`);
  assert.equal(worker.child.exitCode, null, 'the worker rode out the outage');
  assert.equal(server.child.exitCode, null);
  assert.equal(await server.stop(), 0);
  assert.equal(await worker.stop(), 0);
});
