// Issue 22: `twenty serve` and `twenty worker` on a Redis Sentinel set (primary, replica, three
// sentinels) through redis+sentinel://…; under a bounded write load the primary is failed over:
// no outbox event and no queued job is lost (every webhook reaches the receiver) and the rate
// limiter counts on the new primary. Recovery times are printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { command, startSentinelSet, until } from '../helpers/redis-topology.ts';
import { runCli } from '../helpers/cli.ts';
import { startDedupingReceiver, startWebhookStack, waitUntil } from '../helpers/durability-webhooks.ts';

const ROUNDS = 30;
const BATCH_SIZE = 10;
const FAILOVER_AT = 10;

test('a Sentinel failover under write load loses no event and no job, and rate limits keep counting', async () => {
  const topology = await startSentinelSet();
  const receiver = await startDedupingReceiver();
  // A short lock: a job whose state a failover rewinds is taken over within seconds.
  const stack = await startWebhookStack({ redisUrl: topology.url, receiver, operations: 'company.created', env: { WORKER_LOCK_DURATION_MS: '5000', WORKER_CONCURRENCY: '8' } });
  const worker = await stack.startWorker();
  const server = await stack.serve();

  let failover: { from: number; to: number; promotedMs: number } | undefined;
  let failoverStartedAt = 0;
  let probeDelivered: Promise<number> | undefined;
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round === FAILOVER_AT) {
      failoverStartedAt = Date.now();
      const { from, to } = await topology.failover();
      failover = { from, to, promotedMs: Date.now() - failoverStartedAt };
      // A marked record written right after the promotion: its delivery time is the recovery time.
      const probe = await stack.rest(server, 'POST', '/companies', { name: 'Probe After Failover' });
      assert.equal(probe.status, 201);
      probeDelivered = waitUntil(() => receiver.requests.some((r) => r.body.includes('Probe After Failover')), 60_000, () => 'the probe event was not delivered').then(() => Date.now() - failoverStartedAt);
    }
    const r = await stack.rest(server, 'POST', '/batch/companies', Array.from({ length: BATCH_SIZE }, (_, i) => ({ name: `Failover ${round}-${i}` })));
    assert.equal(r.status, 201, `writes commit through the failover: ${await r.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(failover, 'the failover ran');

  const recoveredMs = await probeDelivered;

  const expected = await stack.eventIds('company.created');
  assert.equal(expected.length, ROUNDS * BATCH_SIZE + 1);
  const missing = () => expected.filter((id) => !receiver.processed.has(id));
  await waitUntil(() => missing().length === 0, 60_000, async () => `${missing().length} of ${expected.length} events not received; deliveries ${JSON.stringify(await stack.deliveryCounts())}`);
  assert.deepEqual(new Set(receiver.processed), new Set(expected), 'received ids = outbox ids');
  await waitUntil(async () => (await stack.deliveryCounts()).delivered === expected.length, 20_000, async () => JSON.stringify(await stack.deliveryCounts()));

  // Rate limits count on the new primary: consecutive requests use one unit each, in Redis.
  await until(async () => (await fetch(`${server.url}/healthz`)).status === 200, 10_000, 'health did not recover');
  const one = await stack.rest(server, 'GET', '/companies?limit=1');
  const two = await stack.rest(server, 'GET', '/companies?limit=1');
  assert.equal(one.status, 200);
  assert.equal(Number(one.headers.get('ratelimit-remaining')) - Number(two.headers.get('ratelimit-remaining')), 1);
  const keys = (await command(failover.to, 'KEYS', '*:ratelimit:*')) as string[];
  assert.ok(keys.length > 0, 'the rate-limit counters live on the new primary');

  // `twenty status` reads Redis through the same URL: probe, queue depth, worker heartbeats.
  const status = await runCli(['status', '--json'], stack.env);
  const data = status.json?.data;
  assert.equal(data?.services?.redis?.reachable, true, status.stdout + status.stderr);
  assert.ok(data?.worker?.liveWorkers >= 1, `the worker's heartbeat is seen: ${JSON.stringify(data?.worker)}`);
  assert.equal(data?.queues?.webhooks?.failed, 0);
  const duplicates = [...receiver.arrivals.values()].filter((n) => n > 1).length;
  console.log(
    `sentinel failover ${failover.from} -> ${failover.to}: promoted in ${failover.promotedMs} ms; the first event written after it delivered ${recoveredMs} ms after SENTINEL FAILOVER; ` +
      `${expected.length} events, all delivered; ${duplicates} delivered more than once (receiver deduplicates)`,
  );
  assert.equal(await server.stop(), 0);
  assert.equal(await worker.stop(), 0);
});
