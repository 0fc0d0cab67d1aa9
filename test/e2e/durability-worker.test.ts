// RELIABILITY W3 and W7 (graceful part): a worker killed with SIGKILL mid-delivery has its job
// re-run by the next worker once the lock expires, with the same event id, so a deduplicating
// receiver acts once; a worker sent SIGTERM mid-delivery finishes it and exits 0, leaving no
// active (to-be-stalled) job behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queueHealth } from '../../src/jobs/queue-health.ts';
import { TEST_REDIS_URL } from '../helpers/services.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { eventIdOf, startDedupingReceiver, startWebhookStack, waitUntil } from '../helpers/durability-webhooks.ts';

// The worker's lock is 30 s, checked every 15 s: a killed worker's job is re-run 15-45 s later.
const STALL_WAIT_MS = 60_000;

test('a worker killed mid-delivery: the next worker re-runs the job after the lock expires, the receiver acts once', async () => {
  const redis = createTestRedis();
  // The first request hangs; the kill lands while the worker waits for the answer.
  const receiver = await startDedupingReceiver((index) => (index === 0 ? { status: 200, delayMs: 10_000 } : { status: 200 }));
  const stack = await startWebhookStack({
    redisUrl: TEST_REDIS_URL,
    receiver,
    operations: 'company.created',
    env: { QUEUE_PREFIX: redis.prefix, WEBHOOK_TIMEOUT_MS: '60000', WORKER_LOCK_DURATION_MS: '5000' },
  });
  const doomed = await stack.startWorker();
  const server = await stack.serve();
  const created = await stack.rest(server, 'POST', '/companies', { name: 'Killed Mid Job' });
  assert.equal(created.status, 201);
  await receiver.waitFor(1, 20_000);
  await doomed.stop('SIGKILL');

  const successor = await stack.startWorker();
  await receiver.waitFor(2, STALL_WAIT_MS);
  const [first, second] = receiver.requests;
  assert.equal(eventIdOf(second), eventIdOf(first), 'the retry carries the same event id');
  assert.equal(second.headers['x-twenty-webhook-delivery-id'], first.headers['x-twenty-webhook-delivery-id']);
  assert.equal(receiver.arrivals.get(eventIdOf(first)), 2);
  assert.deepEqual([...receiver.processed], [eventIdOf(first)], 'a receiver deduplicating on the event id acts once');

  await waitUntil(async () => (await stack.deliveryCounts()).delivered === 1, 10_000, async () => JSON.stringify(await stack.deliveryCounts()));
  assert.deepEqual(await stack.deliveryCounts(), { delivered: 1 }, 'one delivery row, delivered');
  assert.match(successor.log(), /job stalled/, 'the stalled job is logged');
  await server.stop('SIGKILL');
  assert.equal(await successor.stop(), 0);
});

test('SIGTERM during a delivery lets it finish: delivered, exit code 0, nothing left active', async () => {
  const redis = createTestRedis();
  const receiver = await startDedupingReceiver((index) => (index === 0 ? { status: 200, delayMs: 3000 } : { status: 200 }));
  const stack = await startWebhookStack({ redisUrl: TEST_REDIS_URL, receiver, operations: 'company.created', env: { QUEUE_PREFIX: redis.prefix } });
  const worker = await stack.startWorker();
  const server = await stack.serve();
  const created = await stack.rest(server, 'POST', '/companies', { name: 'Graceful' });
  assert.equal(created.status, 201);
  await receiver.waitFor(1, 20_000);

  assert.equal(await worker.stop('SIGTERM'), 0, 'the worker exits cleanly after finishing');
  assert.deepEqual(await stack.deliveryCounts(), { delivered: 1 }, 'the in-flight delivery was recorded before exit');
  const queues = await queueHealth(redis.redis, redis.prefix);
  assert.equal(queues.webhooks.active, 0, 'no job left active to be found stalled later');
  assert.equal(queues.webhooks.waiting + queues.webhooks.delayed + queues.webhooks.failed, 0);
  assert.equal(receiver.requests.length, 1);
  assert.doesNotMatch(worker.log(), /releasing them|job stalled/);
  await server.stop('SIGKILL');
});
