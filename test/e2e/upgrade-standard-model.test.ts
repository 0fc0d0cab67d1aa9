// `twenty upgrade` moves a workspace made with the previous standard objects
// (test/fixtures/models/standard-objects-0.1.yaml, the template before Twenty 2.43's model) to
// the shipped one in place: every record of every standard object and every relation between
// them survive, renamed links (noteTarget.person → targetPerson, …) keep their values, new
// fields (opportunity.owner) arrive empty, favorites are copied to Twenty 2.x navigation menu
// items, and the result matches a freshly created workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { one, query, rows } from '../../src/core/db.ts';
import { ident, join, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { workspaceSchemaName } from '../../src/metadata/names.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { readFileSync } from 'node:fs';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';

const { db, url } = await createTestDatabase();
const env = cliEnv({ TWENTY_HOME: tempHome(), LOG_LEVEL: 'warn' });
const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], env);
assert.equal(init.code, 0, init.stderr + init.stdout);

/** A workspace as the previous release created it: its schema and the 0.1 standard objects. */
async function oldWorkspace(name: string): Promise<{ id: string; schema: string }> {
  const id = randomUUID();
  const schema = workspaceSchemaName(id);
  await query(db, sql`INSERT INTO core.workspace ("id", "displayName", "schemaName") VALUES (${id}, ${name}, ${schema})`);
  await query(db, sql`CREATE SCHEMA ${ident(schema)}`);
  const { spec, issues } = parseModelText(readFileSync(new URL('../fixtures/models/standard-objects-0.1.yaml', import.meta.url), 'utf8'), 'standard-objects-0.1.yaml');
  assert.deepEqual(issues, []);
  await applyModel(db, id, spec, { standard: true });
  return { id, schema };
}

const old = await oldWorkspace('Before 2.43');
const ids = Object.fromEntries(['member', 'company', 'person', 'opportunity', 'note', 'task', 'noteTarget', 'taskTarget', 'attachment', 'timelineActivity', 'favorite'].map((k) => [k, randomUUID()]));

/** One record in every standard object, each linked to every object it can point at (old column names). */
const SEED: Array<[string, Record<string, string>]> = [
  ['workspaceMember', { id: ids.member, nameFirstName: 'Wanda', userEmail: 'wanda@example.com' }],
  ['company', { id: ids.company, name: 'Acme', accountOwnerId: ids.member }],
  ['person', { id: ids.person, nameFirstName: 'Pat', companyId: ids.company }],
  ['opportunity', { id: ids.opportunity, name: 'Deal', companyId: ids.company, pointOfContactId: ids.person }],
  ['note', { id: ids.note, title: 'Note' }],
  ['task', { id: ids.task, title: 'Task', assigneeId: ids.member }],
  ['noteTarget', { id: ids.noteTarget, noteId: ids.note, personId: ids.person, companyId: ids.company, opportunityId: ids.opportunity }],
  ['taskTarget', { id: ids.taskTarget, taskId: ids.task, personId: ids.person, companyId: ids.company, opportunityId: ids.opportunity }],
  ['attachment', { id: ids.attachment, name: 'a.pdf', authorId: ids.member, taskId: ids.task, noteId: ids.note, personId: ids.person, companyId: ids.company, opportunityId: ids.opportunity }],
  ['timelineActivity', { id: ids.timelineActivity, name: 'company.created', workspaceMemberId: ids.member, personId: ids.person, companyId: ids.company, opportunityId: ids.opportunity, noteId: ids.note, taskId: ids.task }],
  ['favorite', { id: ids.favorite, workspaceMemberId: ids.member, personId: ids.person, companyId: ids.company, opportunityId: ids.opportunity, taskId: ids.task, noteId: ids.note }],
];

/** Where each old link column lives after the upgrade (Twenty 2.43's target<Object> names). */
const TARGETS: Record<string, string[]> = {
  noteTarget: ['person', 'company', 'opportunity'],
  taskTarget: ['person', 'company', 'opportunity'],
  attachment: ['task', 'note', 'person', 'company', 'opportunity'],
  timelineActivity: ['person', 'company', 'opportunity', 'note', 'task'],
};
const RENAMED: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(TARGETS).map(([table, targets]) => [table, Object.fromEntries(targets.map((o) => [`${o}Id`, `target${o[0].toUpperCase()}${o.slice(1)}Id`]))]),
);

for (const [table, record] of SEED) {
  const columns = Object.keys(record);
  await query(db, sql`INSERT INTO ${ident(old.schema, table)} (${join(columns.map((c) => ident(c)))}) VALUES (${join(columns.map((c) => sql`${record[c]}`))})`);
}

// Wanda is a user of the workspace, so her favorite becomes her own navigation menu item.
const user = await one<{ id: string }>(db, sql`INSERT INTO core."user" ("email") VALUES ('wanda@example.com') RETURNING "id"`);
const userWorkspace = await one<{ id: string }>(db, sql`INSERT INTO core."userWorkspace" ("userId", "workspaceId", "workspaceMemberId") VALUES (${user?.id}, ${old.id}, ${ids.member}) RETURNING "id"`);
const sharedFavorite = randomUUID();
await query(db, sql`INSERT INTO ${ident(old.schema, 'favorite')} ("id", "companyId", "position") VALUES (${sharedFavorite}, ${ids.company}, 3)`);

async function tableCounts(schema: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table] of SEED) out[table] = Number((await one<{ n: string }>(db, sql`SELECT count(*) AS "n" FROM ${ident(schema, table)}`))?.n);
  return out;
}

test('twenty upgrade keeps every record and relation of a workspace made with the previous standard objects', async () => {
  const before = await tableCounts(old.schema);
  assert.equal(before.favorite, 2);

  const upgraded = await runCli(['upgrade', '--json'], env);
  assert.equal(upgraded.code, 0, upgraded.stderr + upgraded.stdout);
  const outcome = ((upgraded.json?.data?.workspaces ?? []) as Array<{ id: string; state: string }>).find((w) => w.id === old.id);
  assert.equal(outcome?.state, 'upgraded', upgraded.stdout);

  assert.deepEqual(await tableCounts(old.schema), before, 'no row lost or added');
  for (const [table, record] of SEED) {
    const row = await one<Record<string, unknown>>(db, sql`SELECT * FROM ${ident(old.schema, table)} WHERE "id" = ${record.id}`);
    assert.ok(row, `${table} row kept`);
    for (const [column, value] of Object.entries(record)) {
      const now = RENAMED[table]?.[column] ?? column;
      assert.equal(row[now], value, `${table}.${column} is kept as ${now}`);
    }
  }
  const items = await rows<Record<string, unknown>>(
    db,
    sql`SELECT i."id", i."userWorkspaceId", i."type", i."targetRecordId", o."nameSingular" AS "object", i."position" FROM core."navigationMenuItem" i JOIN core."objectMetadata" o ON o."id" = i."targetObjectMetadataId" WHERE i."workspaceId" = ${old.id} ORDER BY i."position"`,
  );
  assert.deepEqual(items, [
    { id: ids.favorite, userWorkspaceId: userWorkspace?.id, type: 'RECORD', targetRecordId: ids.person, object: 'person', position: 0 },
    { id: sharedFavorite, userWorkspaceId: null, type: 'RECORD', targetRecordId: ids.company, object: 'company', position: 3 },
  ]);
  const owner = await one(db, sql`SELECT 1 FROM information_schema.columns WHERE table_schema = ${old.schema} AND table_name = 'opportunity' AND column_name = 'ownerId'`);
  assert.ok(owner, 'opportunity.owner arrives');

  const again = await runCli(['upgrade', '--json'], env);
  assert.equal(again.code, 0, again.stderr + again.stdout);
  assert.equal(((again.json?.data?.workspaces ?? []) as Array<{ id: string; state: string }>).find((w) => w.id === old.id)?.state, 'up-to-date');
  const count = await one<{ n: number }>(db, sql`SELECT count(*)::int AS "n" FROM core."navigationMenuItem" WHERE "workspaceId" = ${old.id}`);
  assert.equal(count?.n, 2, 'favorites are copied once');
});

test('the upgraded workspace has the same objects, fields and relations as a new one', async () => {
  const fresh = await createWorkspace(db, { displayName: 'Fresh 2.43' });
  const shape = async (workspaceId: string) =>
    Object.fromEntries(
      (await loadWorkspaceModel(db, workspaceId)).objects.map((o) => [
        o.nameSingular,
        o.fields.map((f) => `${f.name}:${f.type}${f.relation ? `→${f.relation.targetObject}.${f.relation.targetField}` : ''}`).sort(),
      ]),
    );
  assert.deepEqual(await shape(old.id), await shape(fresh.id));
  const columns = async (schema: string) => (await rows<{ c: string }>(db, sql`SELECT table_name || '.' || column_name AS "c" FROM information_schema.columns WHERE table_schema = ${schema} ORDER BY 1`)).map((r) => r.c);
  assert.deepEqual(await columns(old.schema), await columns(fresh.schemaName));
});
