// Issue #12, the worker side with real processes on managed services: health checks with no
// worker and with a stuck outbox; a worker killed with SIGKILL has its job re-run by the next
// one within seconds (short lock via WORKER_LOCK_DURATION_MS), and the delivery log shows the
// attempt whose outcome was lost; a worker stopped with SIGTERM while a job outlasts the grace
// hands the job back, so the next worker runs it at once instead of after the stalled check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { connect } from '../../src/core/db.ts';
import { OUTCOME_NOT_RECORDED } from '../../src/jobs/webhook-delivery.ts';
import { eventIdOf, startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';

// Each arrival answers after the delay the test queued for it (0 when none).
const delays: number[] = [];
const receiver = await startDedupingReceiver(() => ({ status: 200, delayMs: delays.shift() ?? 0 }));
const stack = await startFaultStack({
  receiver,
  operations: 'company.created',
  env: { WORKER_HEARTBEAT_GRACE_MS: '3000', WEBHOOK_TIMEOUT_MS: '30000', WORKER_LOCK_DURATION_MS: '2000' },
});
const server = await stack.serve();

async function workerHealth(): Promise<{ status: number; body: Record<string, any> }> {
  const r = await fetch(`${server.url}/healthz/worker`);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

async function metric(name: string): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

async function attemptsOf(eventId: string): Promise<{ statusCode: number | null; error: string | null }[]> {
  return rows(stack.db, sql`SELECT a."statusCode", a."error" FROM core."webhookDeliveryAttempt" a JOIN core."webhookDelivery" d ON d."id" = a."deliveryId" WHERE d."eventId" = ${eventId} ORDER BY a."attemptedAt"`);
}

test('health fails with no worker, passes while one beats, fails again once it is killed and the grace has passed', async () => {
  const none = await workerHealth();
  assert.equal(none.status, 503, 'no worker has ever run');
  assert.equal(none.body.error.worker.liveWorkers, 0);
  assert.match(none.body.error.worker.problems.join(' '), /No worker heartbeat/);

  const worker = await stack.startWorker();
  await waitUntil(async () => (await workerHealth()).status === 200, 10_000, async () => JSON.stringify(await workerHealth()));
  const up = await workerHealth();
  assert.equal(up.body.info.worker.liveWorkers, 1);
  assert.equal(up.body.info.worker.undispatched, 0);
  assert.equal(await metric('twenty_workers_live'), 1);

  await worker.stop('SIGKILL');
  await waitUntil(async () => (await workerHealth()).status === 503, 10_000, () => 'a dead worker still looks alive');
  assert.equal(await metric('twenty_workers_live'), 0);
});

test('health fails when the oldest undispatched event is older than OUTBOX_MAX_AGE_MS, even with a live worker', async () => {
  const worker = await stack.startWorker();
  await waitUntil(async () => (await workerHealth()).status === 200, 10_000, async () => JSON.stringify(await workerHealth()));
  // An event ten minutes old that no dispatcher can claim: its row is locked (SKIP LOCKED skips it).
  const holder = await connect(stack.db);
  try {
    await holder.query('BEGIN');
    const [event] = await rows<{ id: string }>(
      holder,
      sql`INSERT INTO core."eventOutbox" ("workspaceId", "name", "objectName", "createdAt") VALUES (${stack.workspaceId}, 'note.created', 'note', now() - interval '10 minutes') RETURNING "id"`,
    );
    await holder.query('COMMIT');
    await holder.query('BEGIN');
    await rows(holder, sql`SELECT "id" FROM core."eventOutbox" WHERE "id" = ${event.id} FOR UPDATE`);
    const stuck = await workerHealth();
    assert.equal(stuck.status, 503);
    assert.equal(stuck.body.error.worker.liveWorkers, 1);
    assert.equal(stuck.body.error.worker.undispatched, 1);
    assert.ok(stuck.body.error.worker.oldestUndispatchedAgeMs >= 600_000);
    assert.match(stuck.body.error.worker.problems.join(' '), /oldest of 1 undispatched events/);
    assert.ok(((await metric('twenty_outbox_oldest_undispatched_age_seconds')) ?? 0) >= 600);
    assert.equal(await metric('twenty_outbox_undispatched_events'), 1);
    await holder.query('ROLLBACK');
  } finally {
    holder.release();
  }
  await waitUntil(async () => (await workerHealth()).status === 200, 15_000, async () => JSON.stringify(await workerHealth()));
  assert.equal(await worker.stop(), 0);
});

test('a worker killed mid-delivery: the next worker re-runs the job within seconds, and the log shows the lost attempt', async () => {
  const before = receiver.requests.length;
  delays.push(20_000);
  const doomed = await stack.startWorker();
  const created = await stack.rest(server, 'POST', '/companies', { name: 'Killed Mid Job' });
  assert.equal(created.status, 201);
  await receiver.waitFor(before + 1, 20_000);
  await doomed.stop('SIGKILL');
  const killedAt = Date.now();
  const successor = await stack.startWorker();
  // The lock is 2 s: well before the 30 s default stalled-job delay.
  await receiver.waitFor(before + 2, 15_000);
  const resumedMs = Date.now() - killedAt;
  const [first, second] = receiver.requests.slice(before);
  assert.equal(eventIdOf(second), eventIdOf(first), 'the retry carries the same event id (receivers deduplicate on it)');
  await waitUntil(async () => (await attemptsOf(eventIdOf(first))).some((a) => a.statusCode === 200), 10_000, async () => JSON.stringify(await attemptsOf(eventIdOf(first))));
  const attempts = await attemptsOf(eventIdOf(first));
  assert.deepEqual(attempts, [{ statusCode: null, error: OUTCOME_NOT_RECORDED }, { statusCode: 200, error: null }], 'both attempts are in the delivery log');
  assert.match(successor.log(), /job stalled/);
  process.stderr.write(`# job of a SIGKILLed worker re-sent ${resumedMs} ms after the kill (lock 2000 ms)\n`);
  assert.equal(await successor.stop(), 0);
});

test('SIGTERM while a job outlasts the grace: the job goes back to the queue and the next worker runs it at once', async () => {
  const before = receiver.requests.length;
  delays.push(20_000);
  // A 30 s lock: a job left to the stalled check would wait that long.
  const stopping = await stack.startWorker({ SHUTDOWN_TIMEOUT_MS: '1000', WORKER_LOCK_DURATION_MS: '30000' });
  const created = await stack.rest(server, 'POST', '/companies', { name: 'Outlasts The Grace' });
  assert.equal(created.status, 201);
  await receiver.waitFor(before + 1, 20_000);
  const stoppedAt = Date.now();
  assert.equal(await stopping.stop('SIGTERM'), 0);
  const exitMs = Date.now() - stoppedAt;
  assert.match(stopping.log(), /returning them to the queue/);
  const successor = await stack.startWorker({ WORKER_LOCK_DURATION_MS: '30000' });
  await receiver.waitFor(before + 2, 15_000).catch((error) => assert.fail(`${error.message}; stopped worker: ${stopping.log().slice(-3000)}; successor: ${successor.log().slice(-2000)}`));
  const rerunMs = Date.now() - stoppedAt;
  const [first, second] = receiver.requests.slice(before);
  assert.equal(eventIdOf(second), eventIdOf(first));
  assert.doesNotMatch(successor.log(), /job stalled/, 'handed back, not found stalled');
  process.stderr.write(`# SIGTERM with a job outlasting a 1000 ms grace: exit after ${exitMs} ms, job re-sent ${rerunMs} ms after the signal (lock 30000 ms)\n`);
  assert.equal(await successor.stop(), 0);
});
