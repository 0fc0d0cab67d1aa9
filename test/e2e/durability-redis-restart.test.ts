// RELIABILITY W2: 1,000 deliveries pending while the receiver is down and Redis is restarted
// (AOF on) are all delivered after recovery, and the API keeps committing writes through the
// outage (events go to the Postgres outbox) and recovers without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedis } from '../../src/core/redis.ts';
import { startPrivateRedis } from '../helpers/durability-redis.ts';
import { startDedupingReceiver, startWebhookStack, waitUntil } from '../helpers/durability-webhooks.ts';

const BATCHES = 20;
const BATCH_SIZE = 50;

const companies = (batch: number) => Array.from({ length: BATCH_SIZE }, (_, i) => ({ name: `Durable ${batch}-${i}` }));

test('1,000 pending deliveries survive a down receiver and a Redis restart; writes commit during the outage', async () => {
  const redis = await startPrivateRedis();
  const probe = createRedis(redis.url);
  assert.deepEqual(await probe.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction'], 'an evicted job key would be a lost job');
  assert.deepEqual(await probe.config('GET', 'appendonly'), ['appendonly', 'yes']);
  await probe.quit();
  let receiverDown = true;
  const receiver = await startDedupingReceiver(() => (receiverDown ? { status: 503 } : { status: 200 }));
  const stack = await startWebhookStack({ redisUrl: redis.url, receiver, operations: 'company.created', env: { WORKER_CONCURRENCY: '16', WEBHOOK_RETRY_BASE_DELAY_MS: '5000' } });
  const worker = await stack.startWorker();
  const server = await stack.serve();

  // First half: Redis up, receiver answering 503, so every delivery goes to its retry schedule.
  for (let batch = 0; batch < BATCHES / 2; batch += 1) {
    const r = await stack.rest(server, 'POST', '/batch/companies', companies(batch));
    assert.equal(r.status, 201, await r.text());
  }
  // Every first attempt failed, so 500 retries now wait as delayed jobs in Redis.
  const firstHalf = (BATCHES / 2) * BATCH_SIZE;
  await waitUntil(() => receiver.arrivals.size >= firstHalf, 30_000, () => `${receiver.arrivals.size} of ${firstHalf} first attempts reached the receiver`);

  // Second half during the outage: record writes still commit, health says Redis is down.
  await redis.stop();
  for (let batch = BATCHES / 2; batch < BATCHES; batch += 1) {
    const r = await stack.rest(server, 'POST', '/batch/companies', companies(batch));
    assert.equal(r.status, 201, `writes commit while Redis is down: ${await r.text()}`);
  }
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 503, 'health reports the Redis outage');
  assert.equal((await health.json()).error?.redis?.status, 'down');

  await redis.start();
  receiverDown = false;
  await waitUntil(async () => (await fetch(`${server.url}/healthz`)).status === 200, 10_000, () => 'the server did not see Redis come back');
  const recovered = await stack.rest(server, 'POST', '/companies', { name: 'After The Outage' });
  assert.equal(recovered.status, 201, 'the API recovers without a restart');

  const expected = await stack.eventIds('company.created');
  assert.equal(expected.length, BATCHES * BATCH_SIZE + 1);
  const missing = () => expected.filter((id) => !receiver.processed.has(id));
  await waitUntil(() => missing().length === 0, 90_000, async () => `${missing().length} of ${expected.length} events not received; deliveries ${JSON.stringify(await stack.deliveryCounts())}`);
  assert.deepEqual(new Set(receiver.processed), new Set(expected), 'received ids = outbox ids');
  await waitUntil(async () => (await stack.deliveryCounts()).delivered === expected.length, 10_000, async () => JSON.stringify(await stack.deliveryCounts()));
  assert.equal(worker.child.exitCode, null, 'the worker rode out the outage');
  await server.stop('SIGKILL');
  assert.equal(await worker.stop(), 0);
});
