// Failure injected after every statement k of a real plan (object + 5 fields + index +
// relation): the saved plan is executed with a statement Postgres rejects inserted at k. Each
// time the transaction leaves no metadata row, table, column, type or index behind and no
// drift; then the same files apply, and applying them again changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyModel, applyPlan } from '../../src/metadata/apply.ts';
import type { Plan } from '../../src/metadata/plan.ts';
import { query } from '../../src/core/db.ts';
import { ident, sql, type Sql } from '../../src/core/sql.ts';
import { appError, catalogSnapshot, driftOf, metadataSnapshot, modelFixture, modelSpec, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Rollback');
const spec = modelFixture('deal.yaml');

/** The plan with a statement Postgres rejects run after its first k statements. */
function failingAfter(plan: Plan, k: number): Plan {
  const failure = sql`DO $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`;
  let seen = 0;
  const inject = (statements: Sql[]) => statements.flatMap((statement) => (seen++ === k ? [failure, statement] : [statement]));
  return { ...plan, steps: plan.steps.map((step) => ({ ...step, ddl: inject(step.ddl), metadata: inject(step.metadata) })) };
}

test('a failure after any statement k of the plan leaves the workspace exactly as it was', async () => {
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true });
  const total = plan.steps.reduce((n, s) => n + s.ddl.length + s.metadata.length, 0);
  assert.ok(total > 20, `the plan has many statements (${total})`);
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  for (let k = 0; k < total; k++) {
    await assert.rejects(applyPlan(db, failingAfter(plan, k)), appError('INTERNAL_SERVER_ERROR'));
    assert.deepEqual(await driftOf(db, ws.id), [], `no drift after a failure at statement ${k}`);
    assert.deepEqual(await metadataSnapshot(db, ws.id), metadata, `no metadata row left after a failure at statement ${k}`);
    assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog, `no table, column, type or index left after a failure at statement ${k}`);
  }
});

test('after the injected failures the same files apply, and a second apply has no changes', async () => {
  const first = await applyModel(db, ws.id, spec);
  assert.equal(first.applied, true);
  assert.deepEqual(await driftOf(db, ws.id), []);
  const second = await applyModel(db, ws.id, spec);
  assert.equal(second.applied, false);
  assert.equal(second.plan.steps.length, 0);
  assert.equal(second.version, first.version);
});

test('a statement Postgres rejects mid-plan reports the step reached and leaves nothing behind', async () => {
  // A null closeDate makes this data-dependent step fail in Postgres, after the new column was
  // added. (Not a TEXT field: text is never null, so it has no such step.)
  await query(db, sql`INSERT INTO ${ident(ws.schema, '_deal')} ("closeDate") VALUES (NULL)`);
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  const broken = modelSpec('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      extra: TEXT\n      closeDate: {type: DATE_TIME, nullable: false}\n', ['deal']);
  await assert.rejects(applyModel(db, ws.id, broken, { allowDestructive: true }), (error: unknown) => {
    appError('BAD_USER_INPUT')(error);
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    assert.equal(details.phase, 'execute');
    assert.equal(details.outcome, 'not-applied');
    assert.match((error as Error).message, /step 2 of 2 \(alter field "deal.closeDate": set not null\)/);
    return true;
  });
  assert.deepEqual(await driftOf(db, ws.id), []);
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
  assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog);
});
