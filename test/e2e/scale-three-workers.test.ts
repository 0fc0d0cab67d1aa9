// Issue 22 "Workers and the outbox": three `twenty worker` processes share the dispatch and the
// queues; one is killed with SIGKILL mid-run. No event is dispatched twice into the queue (each
// outbox row is claimed once, each job id is its event id), none is skipped, all are delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { rows } from '../../src/core/db.ts';
import { createRedis } from '../../src/core/redis.ts';
import { sql } from '../../src/core/sql.ts';
import { startPrivateRedis } from '../helpers/durability-redis.ts';
import { startDedupingReceiver, startWebhookStack, waitUntil } from '../helpers/durability-webhooks.ts';

const ROUNDS = 30;
const BATCH_SIZE = 20;
const KILL_AT = 10;

test('three workers share the dispatch; one killed with SIGKILL mid-run: every event queued once and delivered', async () => {
  const redis = await startPrivateRedis();
  // A little latency per delivery, so the killed worker dies with deliveries in flight.
  const receiver = await startDedupingReceiver(() => ({ status: 200, delayMs: 20 }));
  const stack = await startWebhookStack({ redisUrl: redis.url, receiver, operations: 'company.created', env: { WORKER_LOCK_DURATION_MS: '5000', WORKER_CONCURRENCY: '4' } });
  const workers = [await stack.startWorker(), await stack.startWorker(), await stack.startWorker()];
  const server = await stack.serve();

  for (let round = 0; round < ROUNDS; round += 1) {
    if (round === KILL_AT) await workers[0].stop('SIGKILL');
    const r = await stack.rest(server, 'POST', '/batch/companies', Array.from({ length: BATCH_SIZE }, (_, i) => ({ name: `Shared ${round}-${i}` })));
    assert.equal(r.status, 201, await r.text());
  }

  const expected = await stack.eventIds('company.created');
  assert.equal(expected.length, ROUNDS * BATCH_SIZE);
  const missing = () => expected.filter((id) => !receiver.processed.has(id));
  await waitUntil(() => missing().length === 0, 90_000, async () => `${missing().length} of ${expected.length} events not received; deliveries ${JSON.stringify(await stack.deliveryCounts())}`);
  await waitUntil(async () => (await stack.deliveryCounts()).delivered === expected.length, 20_000, async () => JSON.stringify(await stack.deliveryCounts()));
  assert.deepEqual(new Set(receiver.processed), new Set(expected), 'received ids = outbox ids: none skipped');

  // Claimed once each: a row is marked dispatched by exactly one committed claim.
  const claims = await rows<{ attempts: number; n: number }>(
    stack.db,
    sql`SELECT "attempts", count(*)::int AS n FROM core."eventOutbox" WHERE "workspaceId" = ${stack.workspaceId} AND "dispatchedAt" IS NOT NULL GROUP BY "attempts"`,
  );
  assert.deepEqual(claims, [{ attempts: 1, n: expected.length }], 'every event was dispatched exactly once');

  // Queued once each: the events queue holds one job per event, its id the event id.
  const connection = createRedis(redis.url);
  const events = new Queue('events', { connection, prefix: stack.env.QUEUE_PREFIX });
  try {
    const jobs = await events.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'], 0, -1);
    assert.equal(jobs.length, expected.length, 'one job per event');
    assert.deepEqual(new Set(jobs.map((j) => j.id)), new Set(expected), 'job ids are the event ids');
  } finally {
    await events.close();
    await connection.quit();
  }

  const repeats = [...receiver.arrivals.values()].filter((n) => n > 1).length;
  console.log(`three workers, one SIGKILLed after ${KILL_AT} of ${ROUNDS} rounds: ${expected.length} events, all delivered; ${repeats} re-delivered after the kill (same event id)`);
  await server.stop('SIGKILL');
  for (const worker of workers.slice(1)) assert.equal(await worker.stop(), 0);
});
