// Seeding through the create-mutation path: the demo set, record files, all-or-nothing errors
// that name the record or line, and 100k rows (rows/s logged, not asserted).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../helpers/services.ts';
import { migrate } from '../../src/core/migrate.ts';
import { one } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import type { AppError } from '../../src/core/errors.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import type { Actor } from '../../src/api/query/ir.ts';
import { insertGroups, insertRecords } from '../../src/api/seed/insert-records.ts';
import { demoGroups } from '../../src/api/seed/demo.ts';
import { parseRecordFile } from '../../src/api/seed/record-file.ts';

const { db } = await createTestDatabase();
const actor: Actor = { source: 'IMPORT', workspaceMemberId: null, name: 'seed test' };
let model: WorkspaceModel;

async function count(table: string, where = sql`true`): Promise<number> {
  return (await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${ident(model.schema, table)} WHERE ${where}`))?.n ?? 0;
}

before(async () => {
  await migrate(db);
  model = await loadWorkspaceModel(db, (await createWorkspace(db, { displayName: 'Seeds' })).id);
});

test('the demo set inserts companies, people linked to them, opportunities and targeted notes and tasks', async () => {
  const counts = await insertGroups(db, model, demoGroups(), actor);
  assert.equal(counts.company, 50);
  assert.equal(counts.person, 200);
  assert.ok(counts.opportunity > 0 && counts.noteTarget > 0 && counts.taskTarget > 0);
  assert.equal(await count('person', sql`"companyId" IS NOT NULL`), 200);
  assert.equal(await count('company', sql`"createdBySource" = 'IMPORT'`), 50);
  assert.deepEqual(demoGroups(), demoGroups(), 'deterministic');
  await assert.rejects(insertGroups(db, model, demoGroups(), actor), (e: AppError) => e.code === 'RECORD_ALREADY_EXISTS' && /nothing was written/.test(e.message));
  assert.equal(await count('company'), 50, 'a second run writes nothing');
});

test('a bad record in a later batch names its index and field, and nothing is written', async () => {
  const before = await count('company');
  const records = Array.from({ length: 25 }, (_, i) => ({ name: `Batch ${i}`, employees: i }));
  records[17] = { name: 'Bad', employees: 'many' as unknown as number };
  await assert.rejects(insertRecords(db, model, 'company', records, actor, { batchSize: 10 }), (e: AppError) => {
    assert.equal(e.code, 'BAD_USER_INPUT');
    assert.match(e.message, /Record 18 \(company\): .*"employees"/);
    assert.equal(e.details?.index, 17);
    return true;
  });
  assert.equal(await count('company'), before);
});

test('a CSV file with dotted sub-field headers seeds one object; a bad row reports its line', async () => {
  const csv = 'name,domainName.primaryLinkUrl,employees,idealCustomerProfile\n"Quoted, Inc",quoted.example,12,true\nPlain,plain.example,,no\n';
  const [group] = parseRecordFile('companies.csv', csv, model, 'company');
  assert.deepEqual(group.records[0], { name: 'Quoted, Inc', domainName: { primaryLinkUrl: 'quoted.example' }, employees: '12', idealCustomerProfile: true });
  assert.equal((await insertGroups(db, model, [group], actor)).company, 2);

  const before = await count('company');
  const bad = 'name,employees\nGood,1\n"Multi\nline",2\nBroken,lots\n';
  const groups = parseRecordFile('bad.csv', bad, model, 'company');
  await assert.rejects(insertGroups(db, model, groups, actor), (e: AppError) => e.code === 'BAD_USER_INPUT' && /Line 5 of bad\.csv/.test(e.message) && /employees/.test(e.message));
  assert.equal(await count('company'), before);
  assert.throws(() => parseRecordFile('x.csv', csv, model), (e: AppError) => e.code === 'USAGE');
});

test('a YAML file keyed by plural names seeds several objects; errors carry the YAML line', async () => {
  const yaml = 'companies:\n  - id: 6f1c0b4e-1111-4111-8111-000000000001\n    name: Yaml Co\npeople:\n  - name: {firstName: Y, lastName: Aml}\n    companyId: 6f1c0b4e-1111-4111-8111-000000000001\n';
  const counts = await insertGroups(db, model, parseRecordFile('crm.yaml', yaml, model), actor);
  assert.deepEqual(counts, { company: 1, person: 1 });
  const bad = 'people:\n  - name: {firstName: A}\n  - nmae: {firstName: B}\n';
  await assert.rejects(insertGroups(db, model, parseRecordFile('bad.yaml', bad, model), actor), (e: AppError) => /Line 3 of bad\.yaml/.test(e.message) && /Did you mean "name"/.test(e.message));
  assert.throws(() => parseRecordFile('x.json', '{"compnies": []}', model), (e: AppError) => /Did you mean "companies"/.test(e.message));
});

test('100k records insert in one transaction (rows/s logged)', async (t) => {
  const records = Array.from({ length: 100_000 }, (_, i) => ({ name: `Bulk ${i}`, employees: i % 1000, idealCustomerProfile: i % 2 === 0 }));
  const started = process.hrtime.bigint();
  const { inserted } = await insertRecords(db, model, 'company', records, actor);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(inserted, 100_000);
  t.diagnostic(`seed benchmark: 100000 companies in ${seconds.toFixed(2)} s = ${Math.round(100_000 / seconds)} rows/s`);
});
