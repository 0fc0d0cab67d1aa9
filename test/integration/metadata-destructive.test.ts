// Data loss needs consent: dropping a field that holds values or an option that rows use is
// refused with DESTRUCTIVE_CHANGE (rows untouched) unless allowDestructive is given. Also: the
// "possible rename" warning, stale plans and a held lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel, applyPlan } from '../../src/metadata/apply.ts';
import { appError, catalogSnapshot, driftOf, metadataSnapshot, modelFixture, modelSpec, newWorkspace, openMetadataDb, tableRows } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Destructive');
await applyModel(db, ws.id, modelFixture('deal.yaml'));
const deal = ident(ws.schema, '_deal');
await query(db, sql`INSERT INTO ${deal} ("code", "stage", "tags") VALUES ('A', 'WON', '{HOT,COLD}'), ('B', 'LOST', '{COLD}'), ('', 'NEW', '{}')`);
const COLUMNS = ['code', 'stage', 'tags'];
const removal = (entry: string) => modelSpec(`apiVersion: twenty/v1\nremoved:\n  - ${entry}\n`, ['deal']);

async function refusedWithoutConsent(spec: ReturnType<typeof modelSpec>): Promise<void> {
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  const before = await tableRows(db, ws.schema, '_deal', COLUMNS);
  await assert.rejects(applyModel(db, ws.id, spec), appError('DESTRUCTIVE_CHANGE'));
  assert.deepEqual(await tableRows(db, ws.schema, '_deal', COLUMNS), before, 'rows unchanged');
  assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog);
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
}

test('removing an option that rows use is refused without allowDestructive and clears the value with it', async () => {
  const spec = removal('option: deal.stage.LOST');
  await refusedWithoutConsent(spec);
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.equal(plan.steps[0].rows, 1);
  await applyModel(db, ws.id, spec, { allowDestructive: true });
  assert.deepEqual((await tableRows(db, ws.schema, '_deal', ['code', 'stage'])).map((r) => r.stage), ['NEW', 'WON', null], 'the row with empty code sorts first');
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('removing a MULTI_SELECT option that rows use is refused, and with consent only that value leaves the arrays', async () => {
  const spec = removal('option: deal.tags.HOT');
  await refusedWithoutConsent(spec);
  await applyModel(db, ws.id, spec, { allowDestructive: true });
  assert.deepEqual((await tableRows(db, ws.schema, '_deal', ['code', 'tags'])).map((r) => r.tags), ['{}', '{COLD}', '{COLD}'], 'the row with empty code sorts first');
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('removing an option no row uses needs no consent', async () => {
  const added = await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      stage: {type: SELECT, options: [NEW, WON, UNUSED]}\n', ['deal']));
  assert.equal(added.applied, true);
  const dropped = await applyModel(db, ws.id, removal('option: deal.stage.UNUSED'));
  assert.equal(dropped.applied, true);
  assert.deepEqual(dropped.plan.steps.map((s) => s.safety), ['safe']);
});

test('removing a field that holds values is refused without allowDestructive and drops the column with it', async () => {
  const spec = removal('field: deal.code');
  await refusedWithoutConsent(spec);
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.deepEqual(plan.steps.map((s) => [s.safety, s.rows]), [['destructive', 2]]);
  await applyModel(db, ws.id, spec, { allowDestructive: true });
  const left = await catalogSnapshot(db, ws.schema);
  assert.ok(!left.some((line) => line.startsWith('column _deal.code ')), 'the column is gone');
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('dropping a field and adding one of the same type in one plan warns of a possible rename', async () => {
  const spec = modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      due: DATE_TIME\nremoved:\n  - field: deal.closeDate\n', ['deal']);
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.equal(plan.warnings.length, 1);
  assert.match(plan.warnings[0], /^possible rename: "deal.closeDate" is dropped and "due" \(same type DATE_TIME\) is added; write `renamedFrom: closeDate`/);
});

test('a plan made before another change is refused as STALE_PLAN; a fresh fingerprint applies', async () => {
  const spec = modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      note: TEXT\n', ['deal']);
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      other: TEXT\n', ['deal']));
  const metadata = await metadataSnapshot(db, ws.id);
  await assert.rejects(applyPlan(db, plan), appError('STALE_PLAN'));
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
  const fresh = await applyModel(db, ws.id, spec, { dryRun: true });
  assert.notEqual(fresh.plan.fingerprint, plan.fingerprint);
  assert.equal((await applyPlan(db, fresh.plan)).applied, true);
});

test('an apply that cannot get the workspace lock in time fails with LOCK_HELD and a sentence saying why', async () => {
  const holder = await connect(db);
  try {
    await query(holder, sql`SELECT pg_advisory_lock(hashtextextended(${`twenty:metadata:${ws.id}`}, 0))`);
    const spec = modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      blocked: TEXT\n', ['deal']);
    await assert.rejects(applyModel(db, ws.id, spec, { lockTimeoutMs: 100, retries: 1 }), (error: unknown) => {
      appError('LOCK_HELD')(error);
      assert.match((error as Error).message, /Another metadata change to workspace ".*" is running/);
      return true;
    });
  } finally {
    await query(holder, sql`SELECT pg_advisory_unlock_all()`);
    holder.release();
  }
});

test('prune removes the custom objects and fields the files do not mention, self relations included, and keeps declared relations with their inverses', async () => {
  const pruned = await newWorkspace(db, 'Prune');
  await applyModel(db, pruned.id, modelFixture('deal.yaml'));
  await applyModel(db, pruned.id, modelSpec(`apiVersion: twenty/v1
objects:
  deal:
    namePlural: deals
    fields:
      parent: {type: RELATION, relation: {type: MANY_TO_ONE, target: deal, inverse: {name: children}}}
  lead:
    namePlural: leads
    fields:
      deal: {type: RELATION, relation: {type: MANY_TO_ONE, target: deal, inverse: {name: leads}}}
`, ['deal']));
  const spec = modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      amount: CURRENCY\n      stage: {type: SELECT, options: [NEW, WON, LOST]}\n      company: {type: RELATION, relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}}\n', ['deal']);
  await assert.rejects(applyModel(db, pruned.id, spec, { prune: true }), appError('DESTRUCTIVE_CHANGE'));
  const { plan } = await applyModel(db, pruned.id, spec, { prune: true, allowDestructive: true });
  const dropped = plan.steps.flatMap((s) => (s.change.kind === 'deleteField' ? [`${s.change.object.nameSingular}.${s.change.field.name}`] : s.change.kind === 'deleteObject' ? [s.change.object.nameSingular] : []));
  for (const name of ['deal.tags', 'deal.code', 'deal.closeDate', 'deal.parent', 'deal.children', 'deal.leads', 'lead']) assert.ok(dropped.includes(name), `${name} is pruned`);
  for (const name of ['deal.amount', 'deal.stage', 'deal.company', 'company.deals', 'deal.name']) assert.ok(!dropped.includes(name), `${name} stays`);
  assert.deepEqual(await driftOf(db, pruned.id), []);
  assert.equal((await applyModel(db, pruned.id, spec, { prune: true })).plan.steps.length, 0);
});
