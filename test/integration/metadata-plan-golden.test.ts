// Golden plans: the human list (describeChange per step, with safety and reason) and the JSON
// (planToJson) of a plan on a real workspace, in test/fixtures/plans/ (UPDATE_GOLDEN=1 rewrites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ident, sql } from '../../src/core/sql.ts';
import { query } from '../../src/core/db.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { describeChange, planToJson, type Plan } from '../../src/metadata/plan.ts';
import { assertGolden } from '../helpers/golden.ts';
import { modelFixture, modelSpec, newWorkspace, openMetadataDb, sequentialIds } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Plans', '20202020-0000-4000-8000-00000000aa11');

function planLines(plan: Plan): string {
  const lines = plan.steps.map((s, i) => `${i + 1}. [${s.safety}] ${describeChange(s.change)}${s.rows !== null ? ` (${s.rows} row(s))` : ''}${s.reason ? ` — ${s.reason}` : ''}`);
  return `${[...lines, ...plan.warnings.map((w) => `note: ${w}`)].join('\n')}\n`;
}

function planJson(plan: Plan): string {
  // The fingerprint hashes ids the standard template generates at random.
  return `${JSON.stringify({ ...planToJson(plan), fingerprint: '<fingerprint>' }, null, 2)}\n`;
}

function assertPlanGolden(name: string, plan: Plan): void {
  for (const step of plan.steps) assert.equal(step.summary, describeChange(step.change));
  assertGolden(new URL(`../fixtures/plans/${name}.txt`, import.meta.url), planLines(plan));
  assertGolden(new URL(`../fixtures/plans/${name}.json`, import.meta.url), planJson(plan));
}

test('the plan that creates an object with fields, an index and a relation matches its golden text and JSON', async () => {
  const { plan } = await applyModel(db, ws.id, modelFixture('deal.yaml'), { dryRun: true, newId: sequentialIds(2) });
  assertPlanGolden('create-deal', plan);
  assert.ok(plan.steps.every((s) => s.safety === 'safe'));
});

test('a plan mixing destructive, data-dependent and refused changes, with a possible rename, matches its golden text and JSON', async () => {
  await applyModel(db, ws.id, modelFixture('deal.yaml'), { newId: sequentialIds(3) });
  const table = ident(ws.schema, '_deal');
  await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  deal: {namePlural: deals, fields: {title: NUMBER}}\n', ['deal']), { newId: sequentialIds(4) });
  await query(db, sql`INSERT INTO ${table} ("code", "stage", "tags", "title") VALUES ('A', 'LOST', '{HOT}', NULL), ('B', 'WON', '{COLD}', 7), ('C', 'LOST', '{}', 7)`);
  const spec = modelSpec(`apiVersion: twenty/v1
objects:
  deal:
    namePlural: deals
    fields:
      reference: TEXT
      priority: {type: NUMBER, nullable: false}
      closeDate: NUMBER
      title: {type: NUMBER, nullable: false, unique: true}
removed:
  - field: deal.code
  - option: deal.stage.LOST
`, ['deal']);
  const { plan } = await applyModel(db, ws.id, spec, { dryRun: true, newId: sequentialIds(5) });
  assertPlanGolden('mixed-safety', plan);
  const safety = Object.fromEntries(plan.steps.map((s) => [s.summary, s.safety]));
  assert.equal(safety['drop field "deal.code"'], 'destructive');
  assert.equal(safety['add field "deal.priority" (NUMBER, not null)'], 'data-dependent');
  assert.equal(safety['alter field "deal.closeDate": type DATE_TIME → NUMBER'], 'refused');
  assert.equal(safety['alter field "deal.stage": remove option LOST'], 'destructive');
  assert.equal(safety['alter field "deal.title": set not null, add unique'], 'data-dependent');
  assert.ok(plan.warnings.some((w) => w.includes('possible rename') && w.includes('"deal.code"') && w.includes('"reference"')));
});

test('a plan with nothing to do is empty in text and JSON', async () => {
  const { plan } = await applyModel(db, ws.id, modelFixture('deal.yaml'), { dryRun: true });
  assert.equal(planLines(plan), '\n');
  assert.deepEqual(planToJson(plan).changes, []);
});
