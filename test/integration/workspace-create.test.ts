import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../helpers/services.ts';
import { loadMigrations, migrate, migrationStatus } from '../../src/core/migrate.ts';
import { createWorkspace, deleteWorkspace, listWorkspaces } from '../../src/metadata/workspaces.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { AppError } from '../../src/core/errors.ts';

const { db } = await createTestDatabase();

test('migrations apply once; a second run changes nothing', async () => {
  assert.deepEqual(await migrate(db), loadMigrations().map((m) => m.name));
  assert.deepEqual(await migrate(db), []);
  assert.ok((await migrationStatus(db)).every((m) => m.state === 'applied'));
});

test('two concurrent migrate runs queue on the lock and both succeed', async () => {
  const [a, b] = await Promise.all([migrate(db), migrate(db)]);
  assert.deepEqual([...a, ...b], []);
});

test('a new workspace gets a schema with the standard tables, columns and enums', async () => {
  const ws = await createWorkspace(db, { displayName: 'Acme', id: '20202020-1c25-4d02-bf25-6aeccf7ea419' });
  assert.equal(ws.schemaName, 'workspace_1wgvd1injqtife6y4rvfbu3h5');
  const tables = await rows<{ t: string }>(db, sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${ws.schemaName} ORDER BY 1`);
  assert.deepEqual(tables.map((r) => r.t), ['attachment', 'company', 'favorite', 'note', 'noteTarget', 'opportunity', 'person', 'task', 'taskTarget', 'timelineActivity', 'workspaceMember']);
  const cols = await rows<{ c: string; type: string }>(db, sql`SELECT column_name AS c, udt_name AS type FROM information_schema.columns WHERE table_schema = ${ws.schemaName} AND table_name = 'person' ORDER BY 1`);
  const names = cols.map((r) => r.c);
  for (const c of ['id', 'nameFirstName', 'nameLastName', 'emailsPrimaryEmail', 'emailsAdditionalEmails', 'companyId', 'createdBySource', 'searchVector', 'deletedAt', 'position']) {
    assert.ok(names.includes(c), `person.${c} exists`);
  }
  const stage = await rows<{ v: string }>(db, sql`SELECT unnest(enum_range(NULL::${sql`"workspace_1wgvd1injqtife6y4rvfbu3h5"."opportunity_stage_enum"`}))::text AS v`);
  assert.deepEqual(stage.map((r) => r.v), ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER']);
  const model = await loadWorkspaceModel(db, ws.id);
  const company = model.objects.find((o) => o.nameSingular === 'company');
  assert.equal(company?.fields.find((f) => f.name === 'people')?.relation?.type, 'ONE_TO_MANY');
  assert.equal(model.objects.find((o) => o.nameSingular === 'person')?.fields.find((f) => f.name === 'company')?.relation?.targetField, 'people');
});

test('a duplicate workspace name is refused and changes nothing', async () => {
  const before = await listWorkspaces(db);
  await assert.rejects(createWorkspace(db, { displayName: 'acme' }), (e: unknown) => e instanceof AppError && e.code === 'ALREADY_EXISTS');
  assert.equal((await listWorkspaces(db)).length, before.length);
});

test('an invalid workspace id is refused', async () => {
  await assert.rejects(createWorkspace(db, { displayName: 'X', id: 'nope' }), (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT');
});

test('deleting a workspace drops its schema and metadata', async () => {
  const ws = await createWorkspace(db, { displayName: 'Doomed' });
  await deleteWorkspace(db, 'Doomed');
  const left = await rows(db, sql`SELECT 1 FROM information_schema.schemata WHERE schema_name = ${ws.schemaName}`);
  assert.equal(left.length, 0);
  const meta = await rows(db, sql`SELECT 1 FROM core."objectMetadata" WHERE "workspaceId" = ${ws.id}`);
  assert.equal(meta.length, 0);
});
