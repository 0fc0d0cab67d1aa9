// Renames keep data: a field renamed with renamedFrom keeps its column's values, an object
// renamed keeps its table's rows, and an option renamed rewrites the values stored in SELECT
// and MULTI_SELECT columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { query, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { driftOf, modelFixture, modelSpec, newWorkspace, openMetadataDb, tableRows } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Renames');
await applyModel(db, ws.id, modelFixture('deal.yaml'));
const company = await rows<{ id: string }>(db, sql`INSERT INTO ${ident(ws.schema, 'company')} ("name") VALUES ('Acme') RETURNING "id"`);
await query(db, sql`INSERT INTO ${ident(ws.schema, '_deal')} ("code", "stage", "tags", "companyId", "amountAmountMicros") VALUES ('A', 'WON', '{HOT,COLD}', ${company[0].id}, 5000000), ('B', 'LOST', '{COLD}', NULL, NULL)`);

const doc = (body: string) => `apiVersion: twenty/v1\nobjects:\n${body}`;

async function columns(table: string): Promise<string[]> {
  const list = await rows<{ c: string }>(db, sql`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ${ws.schema} AND table_name = ${table}`);
  return list.map((r) => r.c);
}

test('renaming a field with renamedFrom renames its column and keeps the values', async () => {
  const result = await applyModel(db, ws.id, modelSpec(doc('  deal:\n    namePlural: deals\n    fields:\n      reference: {type: TEXT, unique: true, renamedFrom: code}\n      value: {type: CURRENCY, renamedFrom: amount}\n'), ['deal']));
  assert.deepEqual(result.plan.steps.map((s) => s.change.kind), ['updateField', 'updateField']);
  assert.deepEqual(result.plan.warnings, []);
  const cols = await columns('_deal');
  for (const c of ['reference', 'valueAmountMicros', 'valueCurrencyCode']) assert.ok(cols.includes(c), c);
  for (const c of ['code', 'amountAmountMicros']) assert.ok(!cols.includes(c), c);
  assert.deepEqual(await tableRows(db, ws.schema, '_deal', ['reference', 'valueAmountMicros']), [{ reference: 'A', valueAmountMicros: '5000000' }, { reference: 'B', valueAmountMicros: null }]);
  await assert.rejects(query(db, sql`INSERT INTO ${ident(ws.schema, '_deal')} ("reference") VALUES ('A')`), /already exists/, 'the unique index follows the rename');
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('renaming an option with renamedFrom rewrites the stored SELECT and MULTI_SELECT values', async () => {
  const result = await applyModel(db, ws.id, modelSpec(doc(`  deal:
    namePlural: deals
    fields:
      stage: {type: SELECT, options: [NEW, {value: CLOSED_WON, renamedFrom: WON}, LOST]}
      tags: {type: MULTI_SELECT, options: [{value: VERY_HOT, renamedFrom: HOT}, COLD]}
`), ['deal']));
  assert.deepEqual(result.plan.steps.map((s) => s.summary), ['alter field "deal.stage": rename option WON → CLOSED_WON', 'alter field "deal.tags": rename option HOT → VERY_HOT']);
  assert.ok(result.plan.steps.every((s) => s.safety === 'safe'));
  assert.deepEqual(await tableRows(db, ws.schema, '_deal', ['reference', 'stage', 'tags']), [
    { reference: 'A', stage: 'CLOSED_WON', tags: '{VERY_HOT,COLD}' },
    { reference: 'B', stage: 'LOST', tags: '{COLD}' },
  ]);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('renaming an object renames its table and enum types and keeps its rows and relations', async () => {
  const result = await applyModel(db, ws.id, modelSpec(doc(`  contract:
    renamedFrom: deal
    namePlural: contracts
    fields:
      phase: {type: SELECT, renamedFrom: stage, options: [NEW, CLOSED_WON, LOST]}
      kind: {type: SELECT, default: NEW_BUSINESS, options: [NEW_BUSINESS, RENEWAL]}
`), ['deal']));
  assert.equal(result.plan.steps[0].summary, 'rename object "deal" to "contract"');
  assert.ok(!result.plan.steps.some((s) => s.change.kind === 'deleteObject' || s.change.kind === 'createObject'));
  const tables = await rows<{ t: string }>(db, sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${ws.schema} AND table_name IN ('_deal', '_contract')`);
  assert.deepEqual(tables.map((r) => r.t), ['_contract']);
  assert.deepEqual(await tableRows(db, ws.schema, '_contract', ['reference', 'phase', 'kind', 'companyId']), [
    { reference: 'A', phase: 'CLOSED_WON', kind: 'NEW_BUSINESS', companyId: company[0].id },
    { reference: 'B', phase: 'LOST', kind: 'NEW_BUSINESS', companyId: null },
  ]);
  const types = await rows<{ t: string }>(db, sql`SELECT typname AS t FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${ws.schema} AND typname LIKE '\\_deal%'`);
  assert.deepEqual(types, [], 'no enum type keeps the old table name');
  assert.deepEqual(await driftOf(db, ws.id), []);
  // The foreign key came along: destroying the company clears the reference (SET_NULL).
  await query(db, sql`DELETE FROM ${ident(ws.schema, 'company')} WHERE "id" = ${company[0].id}`);
  assert.deepEqual(await tableRows(db, ws.schema, '_contract', ['reference', 'companyId']), [{ reference: 'A', companyId: null }, { reference: 'B', companyId: null }]);
});
