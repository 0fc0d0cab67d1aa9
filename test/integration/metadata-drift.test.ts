// Drift: changes made to the database behind the metadata's back are each reported, with the
// column or value and a hint, and disappear when undone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { driftOf, modelFixture, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Drift');
await applyModel(db, ws.id, modelFixture('deal.yaml'));
const deal = ident(ws.schema, '_deal');

function summary(drift: Awaited<ReturnType<typeof driftOf>>) {
  return drift.map((d) => ({ kind: d.kind, object: d.object, column: d.column, expected: d.expected, actual: d.actual }));
}

test('a freshly applied workspace has no drift', async () => {
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('a column dropped by hand is reported missing', async () => {
  await query(db, sql`ALTER TABLE ${deal} DROP COLUMN "amountCurrencyCode"`);
  const drift = await driftOf(db, ws.id);
  assert.deepEqual(summary(drift), [{ kind: 'missing-column', object: 'deal', column: 'amountCurrencyCode', expected: 'text', actual: undefined }]);
  assert.match(drift[0].message, /"_deal"."amountCurrencyCode" \(field "deal.amount"\) is missing/);
  assert.ok(drift[0].hint.length > 0);
  await query(db, sql`ALTER TABLE ${deal} ADD COLUMN "amountCurrencyCode" text`);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('a column added by hand is reported as not in the metadata', async () => {
  await query(db, sql`ALTER TABLE ${deal} ADD COLUMN "sneaky" text`);
  assert.deepEqual(summary(await driftOf(db, ws.id)), [{ kind: 'extra-column', object: 'deal', column: 'sneaky', expected: undefined, actual: undefined }]);
  await query(db, sql`ALTER TABLE ${deal} DROP COLUMN "sneaky"`);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('a column whose type was changed by hand is reported', async () => {
  await query(db, sql`ALTER TABLE ${deal} ALTER COLUMN "closeDate" TYPE date`);
  assert.deepEqual(summary(await driftOf(db, ws.id)), [{ kind: 'wrong-type', object: 'deal', column: 'closeDate', expected: 'timestamptz', actual: 'date' }]);
  await query(db, sql`ALTER TABLE ${deal} ALTER COLUMN "closeDate" TYPE timestamptz`);
});

test('an enum value added by hand is reported', async () => {
  await query(db, sql`ALTER TYPE ${ident(ws.schema, '_deal_stage_enum')} ADD VALUE 'SNEAKY'`);
  const drift = await driftOf(db, ws.id);
  assert.deepEqual(summary(drift), [{ kind: 'enum-values', object: 'deal', column: 'stage', expected: 'NEW,WON,LOST', actual: 'NEW,WON,LOST,SNEAKY' }]);
  assert.match(drift[0].message, /Enum "_deal_stage_enum" has values NEW, WON, LOST, SNEAKY; the metadata says NEW, WON, LOST/);
});

test('an index dropped or added by hand and a table created by hand are reported', async () => {
  const [index] = (await loadWorkspaceModel(db, ws.id)).objects.find((o) => o.nameSingular === 'deal')?.indexes ?? [];
  await query(db, sql`DROP INDEX ${ident(ws.schema, index.name)}`);
  await query(db, sql`CREATE INDEX "handmade" ON ${deal} ("code")`);
  await query(db, sql`CREATE TABLE ${ident(ws.schema, 'stray')} ("id" uuid)`);
  const found = summary(await driftOf(db, ws.id)).map((d) => `${d.kind} ${d.object} ${d.expected ?? d.actual ?? ''}`.trim());
  assert.deepEqual(found.filter((k) => !k.startsWith('enum-values')).sort(), ['extra-index deal handmade', 'extra-table stray', `missing-index deal ${index.name}`]);
});
