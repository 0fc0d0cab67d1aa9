import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { query, rows, transaction } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { sql } from '../../src/core/sql.ts';
import { startDispatcher } from '../../src/jobs/dispatcher.ts';
import { silentLogger } from '../../src/jobs/logger.ts';
import { insertEvents, outboxInsertFragment, type OutboxEvent } from '../../src/jobs/outbox.ts';
import { queueHealth } from '../../src/jobs/queue-health.ts';
import { closeQueues, createQueues, type Queues } from '../../src/jobs/queues.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { createTestRedis } from '../helpers/test-redis.ts';

const { db } = await createTestDatabase();
await migrate(db);
const testRedis = createTestRedis();
const queues = createQueues(testRedis.redis, { prefix: testRedis.prefix });
after(() => closeQueues(queues));

const workspaceId = randomUUID();
const objectMetadataId = randomUUID();
await query(db, sql`CREATE SCHEMA t`);
await query(db, sql`CREATE TABLE t.company ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid(), "name" text NOT NULL UNIQUE)`);

function event(name: string): OutboxEvent {
  const id = randomUUID();
  return { workspaceId, objectMetadataId, objectName: 'company', action: 'created', recordId: id, payload: { record: { id, name }, before: null, after: { id, name }, updatedFields: null }, actor: {} };
}

async function eventCount(): Promise<number> {
  return (await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM core."eventOutbox"`))[0].n;
}

function insertCompanies(names: string[]) {
  const fragment = outboxInsertFragment({ workspaceId, objectName: 'company', objectMetadataId, action: 'created', changedCte: 'changed', actor: { workspaceMemberId: 'm1' } });
  return sql`WITH "changed" AS (INSERT INTO t.company ("name") SELECT unnest(${names}::text[]) RETURNING "id", to_json(company) AS "record"), ${fragment} SELECT "id" FROM "changed"`;
}

describe('transactional outbox', () => {
  it('writes one event per changed row in the same statement as the change', async () => {
    await query(db, sql`DELETE FROM core."eventOutbox"`);
    const created = await rows<{ id: string }>(db, insertCompanies(['Acme', 'Globex']));
    const events = await rows<{ name: string; recordId: string; payload: { record: { name: string }; after: unknown; before: unknown }; actor: unknown; dispatchedAt: Date | null }>(
      db,
      sql`SELECT "name", "recordId", "payload", "actor", "dispatchedAt" FROM core."eventOutbox" ORDER BY "payload"->'record'->>'name'`,
    );
    assert.equal(events.length, 2);
    assert.deepEqual(new Set(events.map((e) => e.recordId)), new Set(created.map((c) => c.id)));
    assert.equal(events[0].name, 'company.created');
    assert.equal(events[0].payload.record.name, 'Acme');
    assert.deepEqual(events[0].payload.after, events[0].payload.record);
    assert.equal(events[0].payload.before, null);
    assert.deepEqual(events[0].actor, { workspaceMemberId: 'm1' });
    assert.equal(events[0].dispatchedAt, null);
  });

  it('leaves no event when the statement fails', async () => {
    const before = await eventCount();
    await assert.rejects(query(db, insertCompanies(['Initech', 'Acme'])));
    assert.equal(await eventCount(), before);
  });

  it('leaves no event when the surrounding transaction rolls back', async () => {
    const before = await eventCount();
    await assert.rejects(
      transaction(db, async (client) => {
        await query(client, insertCompanies(['Umbrella']));
        await insertEvents(client, [event('Hooli')]);
        assert.equal((await rows<{ n: number }>(client, sql`SELECT count(*)::int AS n FROM core."eventOutbox"`))[0].n, before + 2);
        throw new Error('roll back');
      }),
    );
    assert.equal(await eventCount(), before);
    assert.equal((await rows(db, sql`SELECT 1 FROM t.company WHERE "name" = 'Umbrella'`)).length, 0);
  });

  it('inserts events for multi-statement code paths and returns their ids in order', async () => {
    const given = { ...event('Stark'), id: randomUUID() };
    const ids = await insertEvents(db, [event('Wayne'), given]);
    assert.equal(ids.length, 2);
    assert.equal(ids[1], given.id);
    const stored = await rows<{ id: string; name: string }>(db, sql`SELECT "id", "name" FROM core."eventOutbox" WHERE "id" = ANY(${ids}::uuid[])`);
    assert.equal(stored.length, 2);
    assert.ok(stored.every((s) => s.name === 'company.created'));
  });
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real queues, with every id the dispatchers hand to BullMQ counted. */
function countingQueues(seen: string[]): Queues {
  const events = Object.create(queues.events) as Queues['events'];
  events.addBulk = (jobs) => {
    seen.push(...jobs.map((j) => j.opts?.jobId as string));
    return queues.events.addBulk(jobs);
  };
  return { ...queues, events };
}

describe('dispatcher', () => {
  it('is woken by the commit and enqueues each event once, with the event id as job id', async () => {
    const seen: string[] = [];
    const dispatcher = startDispatcher({ db, redis: testRedis.redis, queues: countingQueues(seen), log: silentLogger, pollMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const ids = await insertEvents(db, [event('Soylent'), event('Tyrell')]);
      await waitUntil(async () => ids.every((id) => seen.includes(id)), 'the notified dispatch');
      const job = await queues.events.getJob(ids[0]);
      assert.deepEqual(job?.data, { eventId: ids[0], workspaceId });
    } finally {
      await dispatcher.stop();
    }
    const pending = await rows(db, sql`SELECT 1 FROM core."eventOutbox" WHERE "dispatchedAt" IS NULL`);
    assert.equal(pending.length, 0);
  });

  it('never enqueues an event twice when several dispatchers run at once', async () => {
    const many = Array.from({ length: 300 }, (_, i) => event(`Co ${i}`));
    const ids = await insertEvents(db, many);
    const seen: string[] = [];
    const counted = countingQueues(seen);
    const dispatchers = [0, 1, 2].map(() => startDispatcher({ db, redis: testRedis.redis, queues: counted, log: silentLogger, pollMs: 20, batchSize: 7 }));
    try {
      await waitUntil(async () => (await rows(db, sql`SELECT 1 FROM core."eventOutbox" WHERE "dispatchedAt" IS NULL`)).length === 0, 'all events dispatched');
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    assert.equal(new Set(seen).size, seen.length, 'no id enqueued twice');
    for (const id of ids) assert.ok(seen.includes(id));
    const attempts = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM core."eventOutbox" WHERE "attempts" <> 1`);
    assert.equal(attempts[0].n, 0);
  });

  it('reports queue depth and the age of the oldest waiting job for the health check', async () => {
    const health = await queueHealth(testRedis.redis, testRedis.prefix);
    assert.deepEqual(Object.keys(health).sort(), ['events', 'maintenance', 'timeline', 'webhooks']);
    assert.ok(health.events.waiting >= 300, `waiting ${health.events.waiting}`);
    assert.equal(typeof health.events.oldestWaitingAgeMs, 'number');
    assert.deepEqual(health.webhooks, { waiting: 0, active: 0, failed: 0, delayed: 0, oldestWaitingAgeMs: null });
  });
});
