import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import { one, query, rows } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { silentLogger } from '../../src/jobs/logger.ts';
import { insertEvents } from '../../src/jobs/outbox.ts';
import { DEFAULT_MAINTENANCE, pruneEventLog, purgeSoftDeleted } from '../../src/jobs/schedules.ts';
import { writeTimelineActivity } from '../../src/jobs/timeline.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();
await migrate(db);
const ws = await createWorkspace(db, { displayName: 'Timeline Co' });
const schema = ws.schemaName;
const objectId = async (name: string) =>
  (await one<{ id: string }>(db, sql`SELECT "id" FROM core."objectMetadata" WHERE "workspaceId" = ${ws.id} AND "nameSingular" = ${name}`))?.id as string;
const deps = { db, log: silentLogger };

async function company(name: string): Promise<Record<string, unknown>> {
  return (await one(db, sql`INSERT INTO ${ident(schema, 'company')} ("name") VALUES (${name}) RETURNING "id", "name"`)) as Record<string, unknown>;
}

describe('timeline activity', () => {
  it('writes one row per event, named like it, linked to the company and holding the diff', async () => {
    const record = await company('Acme');
    const after = { ...record, name: 'Acme Inc' };
    const [eventId] = await insertEvents(db, [
      {
        workspaceId: ws.id,
        objectMetadataId: await objectId('company'),
        objectName: 'company',
        action: 'updated',
        recordId: record.id as string,
        payload: { record: after, before: record, after, updatedFields: ['name'] },
        actor: { workspaceMemberId: randomUUID() },
      },
    ]);
    assert.equal(await writeTimelineActivity(deps, { data: { eventId, workspaceId: ws.id } }), 'written');
    assert.equal(await writeTimelineActivity(deps, { data: { eventId, workspaceId: ws.id } }), 'written', 'a re-run is harmless');
    const activities = await rows<Record<string, unknown>>(db, sql`SELECT * FROM ${ident(schema, 'timelineActivity')}`);
    assert.equal(activities.length, 1);
    const [row] = activities;
    assert.equal(row.id, eventId);
    assert.equal(row.name, 'company.updated');
    assert.equal(row.targetCompanyId, record.id);
    assert.equal(row.targetPersonId, null);
    assert.equal(row.workspaceMemberId, null, 'an unknown member is not linked (no FK error)');
    assert.equal(row.linkedRecordId, record.id);
    assert.equal(row.linkedObjectMetadataId, await objectId('company'));
    assert.equal(row.linkedRecordCachedName, 'Acme Inc');
    assert.deepEqual((row.properties as Record<string, unknown>).diff, { name: { before: 'Acme', after: 'Acme Inc' } });
  });

  it('links nothing when the record is already gone', async () => {
    const id = randomUUID();
    const [eventId] = await insertEvents(db, [
      { workspaceId: ws.id, objectMetadataId: await objectId('company'), objectName: 'company', action: 'destroyed', recordId: id, payload: { record: { id, name: 'Gone' }, before: { id, name: 'Gone' }, after: null, updatedFields: null }, actor: {} },
    ]);
    await writeTimelineActivity(deps, { data: { eventId, workspaceId: ws.id } });
    const row = await one<Record<string, unknown>>(db, sql`SELECT "targetCompanyId", "linkedRecordId", "name" FROM ${ident(schema, 'timelineActivity')} WHERE "id" = ${eventId}`);
    assert.deepEqual(row, { targetCompanyId: null, linkedRecordId: id, name: 'company.destroyed' });
  });

  it('fails for good, touching no schema, when the workspace is unknown or does not own the event', async () => {
    const [eventId] = await insertEvents(db, [
      { workspaceId: ws.id, objectMetadataId: await objectId('company'), objectName: 'company', action: 'created', recordId: randomUUID(), payload: { record: {}, before: null, after: {}, updatedFields: null }, actor: {} },
    ]);
    await assert.rejects(writeTimelineActivity(deps, { data: { eventId, workspaceId: randomUUID() } }), UnrecoverableError);
    await assert.rejects(writeTimelineActivity(deps, { data: { eventId, workspaceId: 'x"; DROP SCHEMA core; --' } }), UnrecoverableError);
    const count = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${ident(schema, 'timelineActivity')} WHERE "id" = ${eventId}`);
    assert.equal(count?.n, 0);
  });
});

describe('maintenance', () => {
  it('purges soft-deleted records past the retention and keeps the rest', async () => {
    const old = await company('Old deleted');
    const recent = await company('Recently deleted');
    const alive = await company('Alive');
    await query(db, sql`UPDATE ${ident(schema, 'company')} SET "deletedAt" = now() - interval '40 days' WHERE "id" = ${old.id}`);
    await query(db, sql`UPDATE ${ident(schema, 'company')} SET "deletedAt" = now() - interval '1 day' WHERE "id" = ${recent.id}`);
    const purged = await purgeSoftDeleted(db, { ...DEFAULT_MAINTENANCE, softDeleteRetentionDays: 30, batchSize: 1 }, silentLogger);
    assert.ok(purged >= 1);
    const left = await rows<{ id: string }>(db, sql`SELECT "id" FROM ${ident(schema, 'company')} WHERE "id" = ANY(${[old.id, recent.id, alive.id]}::uuid[])`);
    assert.deepEqual(new Set(left.map((r) => r.id)), new Set([recent.id, alive.id]));
  });

  it('prunes old dispatched events and finished deliveries, keeping pending ones and events they need', async () => {
    const webhook = await one<{ id: string }>(db, sql`INSERT INTO core.webhook ("workspaceId", "targetUrl", "secret") VALUES (${ws.id}, 'https://example.com/h', 's') RETURNING "id"`);
    const event = (name: string) => ({ workspaceId: ws.id, objectMetadataId: randomUUID(), objectName: 'company', action: 'created' as const, recordId: randomUUID(), payload: { record: { name }, before: null, after: null, updatedFields: null }, actor: {} });
    const [oldDone, oldPending, oldBare, fresh] = await insertEvents(db, [event('a'), event('b'), event('c'), event('d')]);
    await query(db, sql`UPDATE core."eventOutbox" SET "dispatchedAt" = now() - interval '30 days' WHERE "id" = ANY(${[oldDone, oldPending, oldBare]}::uuid[])`);
    await query(db, sql`UPDATE core."eventOutbox" SET "dispatchedAt" = now() WHERE "id" = ${fresh}`);
    await query(
      db,
      sql`INSERT INTO core."webhookDelivery" ("eventId", "webhookId", "workspaceId", "status", "createdAt") VALUES (${oldDone}, ${webhook?.id}, ${ws.id}, 'delivered', now() - interval '30 days'), (${oldPending}, ${webhook?.id}, ${ws.id}, 'pending', now() - interval '30 days')`,
    );
    const pruned = await pruneEventLog(db, { ...DEFAULT_MAINTENANCE, eventLogRetentionDays: 14 });
    assert.equal(pruned.deliveries, 1);
    const kept = await rows<{ id: string }>(db, sql`SELECT "id" FROM core."eventOutbox" WHERE "id" = ANY(${[oldDone, oldPending, oldBare, fresh]}::uuid[])`);
    assert.deepEqual(new Set(kept.map((r) => r.id)), new Set([oldPending, fresh]));
  });
});
