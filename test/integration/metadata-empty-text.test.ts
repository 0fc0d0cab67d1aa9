// Empty text and uniqueness: '' is a text's empty state, not a value, so making a text field
// unique over rows that share '' is safe, applies, and still refuses a real duplicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { driftOf, modelSpec, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Empty text');
const doc = (code: string) => modelSpec(`apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      code: ${code}\n`, ['deal']);
await applyModel(db, ws.id, doc('TEXT'));
const deal = ident(ws.schema, '_deal');

test('making a text unique over rows that share \'\' is safe; a real duplicate is still counted and refused', async () => {
  await query(db, sql`INSERT INTO ${deal} ("code") VALUES (''), (''), ('A')`);
  const { plan } = await applyModel(db, ws.id, doc('{type: TEXT, unique: true}'), { dryRun: true });
  assert.deepEqual(plan.steps.map((s) => [s.safety, s.rows]), [['safe', 0]]);
  await applyModel(db, ws.id, doc('{type: TEXT, unique: true}'));
  await query(db, sql`INSERT INTO ${deal} ("name") VALUES ('no code either')`);
  await assert.rejects(query(db, sql`INSERT INTO ${deal} ("code") VALUES ('A')`), (e: { code?: string }) => e.code === 'ALREADY_EXISTS');
  assert.deepEqual(await driftOf(db, ws.id), []);
  await applyModel(db, ws.id, doc('{type: TEXT, unique: false}'));
  await query(db, sql`INSERT INTO ${deal} ("code") VALUES ('A')`);
  const again = await applyModel(db, ws.id, doc('{type: TEXT, unique: true}'), { dryRun: true });
  assert.deepEqual(again.plan.steps.map((s) => [s.safety, s.rows]), [['data-dependent', 1]]);
});
