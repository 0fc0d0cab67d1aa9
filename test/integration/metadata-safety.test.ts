// Safety on a populated table: adding a nullable field or one with a constant default does not
// rewrite 100k rows; NOT NULL without default on rows is data-dependent (and fails cleanly);
// an unsafe type change is refused; a safe one keeps the values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { one, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { appError, catalogSnapshot, driftOf, metadataSnapshot, modelSpec, newWorkspace, openMetadataDb, tableRows } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Safety');
const doc = (fields: string) => modelSpec(`apiVersion: twenty/v1\nobjects:\n  item:\n    namePlural: items\n    fields:\n${fields}`, ['item']);
await applyModel(db, ws.id, doc('      code: TEXT\n      quantity: NUMBER\n'));
const item = ident(ws.schema, '_item');
await query(db, sql`INSERT INTO ${item} ("code", "quantity") SELECT 'item-' || n, n FROM generate_series(1, 100000) AS n`);

async function relfilenode(): Promise<number> {
  const row = await one<{ n: number }>(db, sql`SELECT relfilenode::int AS n FROM pg_class WHERE oid = ${`"${ws.schema}"."_item"`}::regclass`);
  return row?.n ?? 0;
}

test('adding nullable fields and fields with constant defaults to a 100k-row table does not rewrite it', async () => {
  const before = await relfilenode();
  const result = await applyModel(db, ws.id, doc(`      note: TEXT
      price: CURRENCY
      tags: {type: MULTI_SELECT, options: [A, B]}
      status: {type: SELECT, default: OPEN, options: [OPEN, CLOSED]}
      archived: {type: BOOLEAN, nullable: false, default: false}
      label: {type: TEXT, default: none}
`));
  assert.equal(result.applied, true);
  assert.ok(result.plan.steps.every((s) => s.safety === 'safe'));
  assert.equal(await relfilenode(), before, 'same relfilenode: the table was not rewritten');
  const row = await one<{ status: string; archived: boolean; label: string; note: string }>(db, sql`SELECT "status", "archived", "label", "note" FROM ${item} WHERE "code" = 'item-7'`);
  // A TEXT field is NOT NULL DEFAULT '' (Twenty's empty text), a constant default: no rewrite either.
  assert.deepEqual({ ...row }, { status: 'OPEN', archived: false, label: 'none', note: '' });
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('adding a NOT NULL field without default to a non-empty table is data-dependent and fails without leaving anything', async () => {
  // Not TEXT: a TEXT field always has the default '', so it is safe on any table.
  const spec = doc('      sku: {type: NUMBER, nullable: false}\n');
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.deepEqual(plan.steps.map((s) => [s.safety, s.rows]), [['data-dependent', 100000]]);
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  await assert.rejects(applyModel(db, ws.id, spec), appError('BAD_USER_INPUT'));
  assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog);
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
});

test('an unsafe type change is refused in the plan and at apply, with the data untouched', async () => {
  const spec = doc('      code: NUMBER\n');
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.equal(plan.steps[0].safety, 'refused');
  assert.match(plan.steps[0].reason ?? '', /no safe cast from TEXT to NUMBER/);
  const metadata = await metadataSnapshot(db, ws.id);
  await assert.rejects(applyModel(db, ws.id, spec, { allowDestructive: true }), appError('BAD_USER_INPUT'));
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
  const row = await one<{ code: string }>(db, sql`SELECT "code" FROM ${item} WHERE "quantity" = 42`);
  assert.equal(row?.code, 'item-42');
});

test('a safe type change converts the values in place', async () => {
  await query(db, sql`DELETE FROM ${item} WHERE "quantity" > 3`);
  const result = await applyModel(db, ws.id, doc('      quantity: TEXT\n'));
  assert.deepEqual(result.plan.steps.map((s) => [s.summary, s.safety]), [[`alter field "item.quantity": type NUMBER → TEXT, empty text is '' (null → '', NOT NULL DEFAULT '' on "quantity")`, 'safe']]);
  assert.deepEqual((await tableRows(db, ws.schema, '_item', ['quantity'])).map((r) => r.quantity), ['1', '2', '3']);
  assert.deepEqual(await driftOf(db, ws.id), []);
});
