import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { one, query, rows } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { silentLogger } from '../../src/jobs/logger.ts';
import { insertEvents, type OutboxEvent } from '../../src/jobs/outbox.ts';
import { verifyTwentyWebhook } from '../../src/jobs/verify-webhook.ts';
import { replayDelivery } from '../../src/jobs/webhook-delivery.ts';
import { createWebhook, listDeliveries, listDeliveryAttempts } from '../../src/jobs/webhooks-store.ts';
import { startWorker, type RunningWorker } from '../../src/worker/start.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { startReceiver, type ReceivedRequest } from '../helpers/webhook-receiver.ts';

const { db } = await createTestDatabase();
await migrate(db);
const testRedis = createTestRedis();
const receiver = await startReceiver();
const SECRET = `sec_${randomUUID()}`;

function launch(): Promise<RunningWorker> {
  return startWorker({
    db,
    redis: testRedis.connect(),
    prefix: testRedis.prefix,
    log: silentLogger,
    concurrency: 4,
    pollMs: 50,
    allowedHosts: ['127.0.0.1'],
    webhookTimeoutMs: 3000,
    shutdownTimeoutMs: 10_000,
    webhookRetry: { attempts: 3, baseDelayMs: 100, jitter: 0 },
    jobRetry: { attempts: 2, baseDelayMs: 50, jitter: 0 },
  });
}

/** A workspace row with an empty schema: no timelineActivity object, so only webhooks run. */
async function fakeWorkspace(): Promise<string> {
  const id = randomUUID();
  const schemaName = `ws_${id.slice(0, 8)}`;
  await query(db, sql`INSERT INTO core.workspace ("id", "displayName", "schemaName") VALUES (${id}, ${schemaName}, ${schemaName})`);
  await query(db, sql`CREATE SCHEMA ${ident(schemaName)}`);
  return id;
}

function companyCreated(workspaceId: string, name: string): OutboxEvent {
  const id = randomUUID();
  return {
    workspaceId,
    objectMetadataId: randomUUID(),
    objectName: 'company',
    action: 'created',
    recordId: id,
    payload: { record: { id, name }, before: null, after: { id, name }, updatedFields: null },
    actor: { workspaceMemberId: randomUUID() },
  };
}

function hits(path: string): ReceivedRequest[] {
  return receiver.requests.filter((r) => r.url === path);
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deliveryOf(workspaceId: string, status: string) {
  const [delivery] = await waitUntil(() => listDeliveries(db, workspaceId), (ds) => ds.length === 1 && ds[0].status === status, `a ${status} delivery`);
  return delivery;
}

/** Every value stored under the test prefix, as text. */
async function redisDump(): Promise<string> {
  const { redis, prefix } = testRedis;
  const keys = await redis.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

describe('webhook delivery through the worker', () => {
  let worker: RunningWorker;
  before(async () => {
    worker = await launch();
  });
  after(async () => {
    await worker.close();
  });

  it('delivers a committed event once, with Twenty payload and a signature the shipped verifier accepts', async () => {
    const workspaceId = await fakeWorkspace();
    const webhook = await createWebhook(db, workspaceId, { targetUrl: receiver.url('/ok'), operations: ['company.created'], secret: SECRET });
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/people'), operations: ['person.*'] });
    const otherWorkspace = await fakeWorkspace();
    await createWebhook(db, otherWorkspace, { targetUrl: receiver.url('/other'), operations: ['*.*'] });

    const [eventId] = await insertEvents(db, [companyCreated(workspaceId, 'Acme')]);
    const delivery = await deliveryOf(workspaceId, 'delivered');
    const [request] = hits('/ok');
    assert.equal(hits('/ok').length, 1);
    assert.equal(hits('/people').length + hits('/other').length, 0, 'only matching webhooks of the same workspace fire');

    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-twenty-webhook-event-id'], eventId);
    assert.equal(request.headers['x-twenty-webhook-delivery-id'], delivery.id);
    assert.match(String(request.headers['x-twenty-webhook-nonce']), /^[0-9a-f]{32}$/);
    assert.equal(
      verifyTwentyWebhook({ secret: SECRET, timestamp: String(request.headers['x-twenty-webhook-timestamp']), signature: String(request.headers['x-twenty-webhook-signature']), rawBody: request.body }),
      true,
    );
    const payload = JSON.parse(request.body);
    assert.equal(payload.eventName, 'company.created');
    assert.equal(payload.webhookId, webhook.id);
    assert.equal(payload.workspaceId, workspaceId);
    assert.equal(payload.targetUrl, receiver.url('/ok'));
    assert.equal(payload.record.name, 'Acme');
    assert.equal(payload.objectMetadata.nameSingular, 'company');
    assert.equal(payload.secret, undefined);

    assert.equal(delivery.attempts, 1);
    assert.equal(delivery.lastStatusCode, 200);
    assert.equal((await listDeliveryAttempts(db, workspaceId, delivery.id)).length, 1);
    assert.equal((await redisDump()).includes(SECRET), false, 'no webhook secret in Redis');
  });

  it('retries a 500, sending the same event and delivery ids on every attempt, and records each attempt', async () => {
    const workspaceId = await fakeWorkspace();
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/flaky') });
    receiver.reply = (req) => (req.url === '/flaky' && hits('/flaky').length === 1 ? { status: 500, body: 'boom' } : { status: 200 });
    const [eventId] = await insertEvents(db, [companyCreated(workspaceId, 'Globex')]);
    const delivery = await deliveryOf(workspaceId, 'delivered');
    const attempts = hits('/flaky');
    assert.equal(attempts.length, 2);
    assert.deepEqual(attempts.map((r) => r.headers['x-twenty-webhook-event-id']), [eventId, eventId]);
    assert.deepEqual(attempts.map((r) => r.headers['x-twenty-webhook-delivery-id']), [delivery.id, delivery.id]);
    assert.notEqual(attempts[0].headers['x-twenty-webhook-nonce'], attempts[1].headers['x-twenty-webhook-nonce']);
    assert.equal(delivery.attempts, 2);
    const log = await listDeliveryAttempts(db, workspaceId, delivery.id);
    assert.deepEqual(log.map((a) => a.statusCode), [500, 200]);
    assert.match(log[0].error ?? '', /HTTP 500: boom/);
  });

  it('marks a 400 failed without retrying, and a replay delivers it with the same event id', async () => {
    const workspaceId = await fakeWorkspace();
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/reject') });
    receiver.reply = (req) => (req.url === '/reject' ? { status: 400, body: 'bad' } : { status: 200 });
    const [eventId] = await insertEvents(db, [companyCreated(workspaceId, 'Initech')]);
    const failed = await deliveryOf(workspaceId, 'failed');
    assert.equal(failed.attempts, 1);
    assert.equal(failed.lastStatusCode, 400);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hits('/reject').length, 1, 'a 4xx is not retried');

    receiver.reply = () => ({ status: 200 });
    await replayDelivery(db, worker.queues, failed.id, { workspaceId });
    const delivered = await deliveryOf(workspaceId, 'delivered');
    assert.equal(delivered.attempts, 2);
    assert.deepEqual(hits('/reject').map((r) => r.headers['x-twenty-webhook-event-id']), [eventId, eventId]);

    await assert.rejects(replayDelivery(db, worker.queues, failed.id), (error: unknown) => error instanceof AppError && error.code === 'CONFLICT');
    await assert.rejects(replayDelivery(db, worker.queues, randomUUID()), (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND');
  });

  it('fails poison jobs (bad data, unknown workspace) without touching a schema or blocking other jobs', async () => {
    const poison = await worker.queues.events.add('poison', { eventId: 'not-a-uuid', workspaceId: 'nope' });
    const stranger = await worker.queues.events.add('stranger', { eventId: randomUUID(), workspaceId: randomUUID() });
    const missingEvent = await worker.queues.timeline.add('missing', { eventId: randomUUID(), workspaceId: await fakeWorkspace() });
    const workspaceId = await fakeWorkspace();
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/after-poison') });
    await insertEvents(db, [companyCreated(workspaceId, 'Hooli')]);
    await deliveryOf(workspaceId, 'delivered');
    for (const job of [poison, stranger]) {
      const state = await waitUntil(() => worker.queues.events.getJobState(job.id as string), (s) => s === 'failed', `job ${job.id} to fail`);
      assert.equal(state, 'failed');
    }
    assert.equal(await waitUntil(() => worker.queues.timeline.getJobState(missingEvent.id as string), (s) => s === 'failed', 'timeline job to fail'), 'failed');
    assert.match((await worker.queues.events.getJob(stranger.id as string))?.failedReason ?? '', /Workspace ".*" does not exist/);
  });

  it('retries a job that always throws up to its attempts, then leaves it failed while webhooks still flow', async () => {
    // A workspace that claims a timelineActivity object but whose schema is gone: every timeline attempt throws.
    const workspaceId = await fakeWorkspace();
    const { schemaName } = (await one<{ schemaName: string }>(db, sql`SELECT "schemaName" FROM core.workspace WHERE "id" = ${workspaceId}`)) as { schemaName: string };
    await query(db, sql`DROP SCHEMA ${ident(schemaName)}`);
    await query(
      db,
      sql`INSERT INTO core."objectMetadata" ("id", "workspaceId", "nameSingular", "namePlural", "labelSingular", "labelPlural", "isCustom") VALUES (${randomUUID()}, ${workspaceId}, 'timelineActivity', 'timelineActivities', 'Timeline Activity', 'Timeline Activities', false)`,
    );
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/beside-poison') });
    const [eventId] = await insertEvents(db, [companyCreated(workspaceId, 'Cyberdyne')]);
    await deliveryOf(workspaceId, 'delivered');
    await waitUntil(() => worker.queues.timeline.getJobState(eventId), (s) => s === 'failed', 'the timeline job to fail');
    const job = await worker.queues.timeline.getJob(eventId);
    assert.equal(job?.attemptsMade, 2);
  });

  it('stops a deleted webhook from being called', async () => {
    const workspaceId = await fakeWorkspace();
    const webhook = await createWebhook(db, workspaceId, { targetUrl: receiver.url('/deleted') });
    await query(db, sql`UPDATE core.webhook SET "deletedAt" = now() WHERE "id" = ${webhook.id}`);
    const [eventId] = await insertEvents(db, [companyCreated(workspaceId, 'Wonka')]);
    await waitUntil(() => one<{ dispatchedAt: Date | null }>(db, sql`SELECT "dispatchedAt" FROM core."eventOutbox" WHERE "id" = ${eventId}`), (e) => Boolean(e?.dispatchedAt), 'dispatch');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(hits('/deleted').length, 0);
  });
});

describe('graceful worker shutdown', () => {
  it('lets an in-flight delivery finish before close() resolves', async () => {
    const worker = await launch();
    const workspaceId = await fakeWorkspace();
    await createWebhook(db, workspaceId, { targetUrl: receiver.url('/slow') });
    receiver.reply = (req) => (req.url === '/slow' ? { status: 200, delayMs: 800 } : { status: 200 });
    await insertEvents(db, [companyCreated(workspaceId, 'Slowpoke')]);
    await waitUntil(async () => hits('/slow').length, (n) => n === 1, 'the slow request to start');
    await worker.close();
    const [delivery] = await rows<{ status: string; attempts: number }>(db, sql`SELECT "status", "attempts" FROM core."webhookDelivery" WHERE "workspaceId" = ${workspaceId}`);
    assert.deepEqual(delivery, { status: 'delivered', attempts: 1 });
  });
});
