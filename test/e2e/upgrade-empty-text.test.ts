// `twenty upgrade` brings a workspace made before "TEXT is never null" (issue #25) to Twenty's
// empty text: the workspace is put back in the old shape (nullable text columns without
// default, old unique indexes, null texts in rows), `metadata plan` shows the migration with
// its row counts, upgrade fills '' without losing a value, a second upgrade changes nothing,
// and export → plan shows no changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { gqlData, startApiServer, type ApiServer } from '../helpers/api-server.ts';
import { runCli } from '../helpers/cli.ts';
import { one, query, rows } from '../../src/core/db.ts';
import { ident, join, sql } from '../../src/core/sql.ts';
import { fieldColumns, isEmptyTextColumn } from '../../src/metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../src/metadata/model.ts';
import { indexName, tableName } from '../../src/metadata/names.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';

const api: ApiServer = await startApiServer('Legacy');
const db = api.database.db;
const dir = mkdtempSync(joinPath(tmpdir(), 'twenty-upgrade-text-'));
const ws = (await one<{ id: string; schemaName: string }>(db, sql`SELECT "id", "schemaName" FROM core.workspace WHERE "displayName" = 'Legacy'`)) as { id: string; schemaName: string };

writeFileSync(joinPath(dir, 'gizmo.yaml'), 'apiVersion: twenty/v1\nobjects:\n  gizmo:\n    namePlural: gizmos\n    fields:\n      serial: {type: TEXT, unique: true}\n      site: LINKS\n');
const applied = await runCli(['metadata', 'apply', joinPath(dir, 'gizmo.yaml'), '-w', 'Legacy', '--json'], api.env);
assert.equal(applied.code, 0, applied.stdout + applied.stderr);

/** The empty-text columns of a field that an old workspace had nullable and without default. */
function legacyColumns(field: FieldModel) {
  const columns = fieldColumns(field).filter((c) => isEmptyTextColumn(field, c));
  if (field.type === 'TEXT') return field.defaultValue === '' ? columns : [];
  const parts = Object.entries((field.defaultValue ?? {}) as Record<string, unknown>);
  return columns.length > 0 && parts.every(([, v]) => v === '' || v === null) ? columns : [];
}

/** Puts one field back as it was before the rule: DDL, unique index and metadata row. */
async function makeLegacy(object: ObjectModel, field: FieldModel): Promise<number> {
  const columns = legacyColumns(field);
  if (columns.length === 0) return 0;
  const table = ident(ws.schemaName, tableName(object));
  await query(db, sql`ALTER TABLE ${table} ${join(columns.flatMap((c) => [sql`ALTER COLUMN ${ident(c.column)} DROP NOT NULL`, sql`ALTER COLUMN ${ident(c.column)} DROP DEFAULT`]))}`);
  const unique = fieldColumns(field).filter((c) => (c.subField ? c.subField.unique : true)).map((c) => c.column);
  if (field.isUnique) {
    const name = indexName(tableName(object), unique, true);
    await query(db, sql`DROP INDEX ${ident(ws.schemaName, name)}`);
    await query(db, sql`CREATE UNIQUE INDEX ${ident(name)} ON ${table} (${join(unique.map((c) => ident(c)))}) WHERE "deletedAt" IS NULL`);
  }
  await query(db, sql`UPDATE core."fieldMetadata" SET "isNullable" = ${field.type === 'TEXT' ? true : field.isNullable}, "defaultValue" = NULL WHERE "id" = ${field.id}`);
  return columns.length;
}

let legacy = 0;
for (const object of (await loadWorkspaceModel(db, ws.id)).objects) for (const field of object.fields) legacy += await makeLegacy(object, field);
const companies = ident(ws.schemaName, 'company');
const people = ident(ws.schemaName, 'person');
const gizmos = ident(ws.schemaName, '_gizmo');
await query(db, sql`INSERT INTO ${companies} ("name", "domainNamePrimaryLinkUrl") VALUES (NULL, NULL), (NULL, NULL), ('Kept', 'https://Kept.example/')`);
await query(db, sql`INSERT INTO ${people} ("nameFirstName", "nameLastName", "jobTitle", "emailsPrimaryEmail") VALUES ('Keep', NULL, NULL, NULL), (NULL, 'Me', 'CTO', NULL)`);
await query(db, sql`INSERT INTO ${gizmos} ("name", "serial", "sitePrimaryLinkUrl") VALUES (NULL, NULL, NULL), (NULL, NULL, NULL), ('g', 'S-1', NULL)`);

async function nulls(): Promise<number> {
  const [company, person, gizmo] = await Promise.all([
    one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${companies} WHERE "name" IS NULL OR "domainNamePrimaryLinkUrl" IS NULL`),
    one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${people} WHERE "nameLastName" IS NULL OR "nameFirstName" IS NULL OR "jobTitle" IS NULL OR "emailsPrimaryEmail" IS NULL`),
    one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${gizmos} WHERE "name" IS NULL OR "serial" IS NULL OR "sitePrimaryLinkUrl" IS NULL`),
  ]);
  return (company?.n ?? 0) + (person?.n ?? 0) + (gizmo?.n ?? 0);
}

test('metadata plan shows the empty-text migration of an old workspace, with the null rows it fills', async () => {
  assert.ok(legacy > 20, `the workspace has old-style text columns (${legacy})`);
  assert.equal(await nulls(), 7);
  const exported = await runCli(['metadata', 'export', '-w', 'Legacy', '-o', joinPath(dir, 'before')], api.env);
  assert.equal(exported.code, 0, exported.stderr);
  const plan = await runCli(['metadata', 'plan', joinPath(dir, 'before'), '-w', 'Legacy', '--detailed-exitcode', '--json'], api.env);
  assert.equal(plan.code, 2, plan.stdout + plan.stderr);
  const changes = plan.json?.data?.workspaces[0].changes as { summary: string; safety: string; rows: number | null; sql: string[] }[];
  const byField = (name: string) => changes.find((c) => c.summary.startsWith(`alter field "${name}"`));
  assert.deepEqual([byField('person.jobTitle')?.safety, byField('person.jobTitle')?.rows], ['safe', 1]);
  assert.match(byField('person.jobTitle')?.summary ?? '', /empty text is ''/);
  // domainName counts the rows with a null URL or label: all three companies.
  assert.deepEqual([byField('gizmo.serial')?.rows, byField('company.domainName')?.rows], [2, 3]);
  assert.ok(byField('company.domainName')?.sql.some((s) => /UPDATE .*"domainNamePrimaryLinkUrl" = coalesce/.test(s)));
  assert.ok(changes.every((c) => c.safety === 'safe'), 'nothing is lost');
});

test('twenty upgrade fills the null texts with \'\' and loses no value; a second run changes nothing', async () => {
  const first = await runCli(['upgrade', '--json'], api.env, 120_000);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const outcome = first.json?.data?.workspaces.find((w: { displayName: string }) => w.displayName === 'Legacy');
  assert.equal(outcome.state, 'upgraded');
  assert.ok(outcome.changes > 0);
  const jobTitle = outcome.steps.find((s: { summary: string }) => s.summary.startsWith('alter field "person.jobTitle"'));
  assert.deepEqual([jobTitle.safety, jobTitle.rows], ['safe', 1], 'upgrade reports the rows each change fills');
  assert.equal(await nulls(), 0);
  const kept = await rows<{ name: string; url: string }>(db, sql`SELECT "name", "domainNamePrimaryLinkUrl" AS "url" FROM ${companies} ORDER BY "name" DESC`);
  assert.deepEqual(kept.map((r) => [r.name, r.url]), [['Kept', 'https://Kept.example/'], ['', ''], ['', '']], 'values kept, existing links not rewritten');
  const person = await rows<{ f: string; l: string; j: string }>(db, sql`SELECT "nameFirstName" AS f, "nameLastName" AS l, "jobTitle" AS j FROM ${people} ORDER BY 1`);
  assert.deepEqual(person.map((r) => [r.f, r.l, r.j]), [['', 'Me', 'CTO'], ['Keep', '', '']]);
  const catalog = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = ${ws.schemaName} AND data_type = 'text' AND is_nullable = 'YES' AND column_name IN ('name', 'jobTitle', 'serial', 'nameFirstName', 'emailsPrimaryEmail', 'domainNamePrimaryLinkUrl')`);
  assert.equal(catalog?.n, 0);
  const drift = await runCli(['metadata', 'drift', '-w', 'Legacy', '--detailed-exitcode', '--json'], api.env);
  assert.equal(drift.code, 0, drift.stdout);

  const second = await runCli(['upgrade', '--json'], api.env, 120_000);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  const again = second.json?.data?.workspaces.find((w: { displayName: string }) => w.displayName === 'Legacy');
  assert.deepEqual([again.state, again.changes], ['up-to-date', 0]);

  const read = gqlData(await api.gql('{ people(filter: {jobTitle: {is: NULL}}) { edges { node { jobTitle name { firstName lastName } } } } }'));
  assert.deepEqual(read.people.edges.map((e: any) => e.node), [{ jobTitle: '', name: { firstName: 'Keep', lastName: '' } }]);
});

test('after the upgrade, export then plan shows no changes', async () => {
  const out = joinPath(dir, 'after');
  const exported = await runCli(['metadata', 'export', '-w', 'Legacy', '-o', out], api.env);
  assert.equal(exported.code, 0, exported.stderr);
  const plan = await runCli(['metadata', 'plan', out, '-w', 'Legacy', '--detailed-exitcode', '--json'], api.env);
  assert.equal(plan.code, 0, JSON.stringify(plan.json?.data?.workspaces?.[0]?.changes ?? plan.json));
});
