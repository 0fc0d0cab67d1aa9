// Standard objects can be extended (new fields, new options) but not broken: redefining one,
// changing or removing a standard field, or removing the object is a validation issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { validateModelSpec } from '../../src/metadata/validate.ts';
import { standardModelSpec } from '../../src/metadata/workspaces.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import type { SpecIssue } from '../../src/metadata/spec.ts';
import { appError, catalogSnapshot, driftOf, metadataSnapshot, modelSpec, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Standard');
const STANDARD = standardModelSpec().objects.map((o) => o.nameSingular);

function staticIssues(text: string): string[] {
  const { spec, issues } = parseModelText(text, 'model.yaml');
  return [...issues, ...validateModelSpec(spec, { existingObjects: STANDARD, standardObjects: STANDARD })].map((i) => i.rule);
}

/** Files that pass the static checks but break a standard object are refused at apply, changing nothing. */
async function refusedAtApply(text: string, rule: string): Promise<void> {
  const { spec } = parseModelText(text, 'model.yaml');
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  await assert.rejects(applyModel(db, ws.id, spec), (error: unknown) => {
    appError('VALIDATION_FAILED')(error);
    const issues = ((error as { details?: { issues?: SpecIssue[] } }).details?.issues ?? []).map((i) => i.rule);
    assert.ok(issues.includes(rule), `${rule} in ${issues.join(', ')}`);
    return true;
  });
  assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog);
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata);
}

test('a standard object is extended with a new field', async () => {
  const result = await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      tier: {type: SELECT, options: [A, B]}\n'));
  assert.deepEqual(result.plan.steps.map((s) => s.summary), ['add field "company.tier" (SELECT)']);
  const company = (await loadWorkspaceModel(db, ws.id)).objects.find((o) => o.nameSingular === 'company');
  assert.equal(company?.fields.find((f) => f.name === 'tier')?.isCustom, true);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('a standard SELECT field gets a new option and keeps its own', async () => {
  const result = await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  opportunity:\n    extend: true\n    fields:\n      stage: {type: SELECT, options: [{value: LOST, label: Lost, color: gray}]}\n'));
  assert.deepEqual(result.plan.steps.map((s) => s.summary), ['alter field "opportunity.stage": add option LOST']);
  const labels = await rows<{ v: string }>(db, sql`SELECT e.enumlabel AS v FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${ws.schema} AND t.typname = 'opportunity_stage_enum' ORDER BY e.enumsortorder`);
  assert.deepEqual(labels.map((r) => r.v), ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER', 'LOST']);
  const stage = (await loadWorkspaceModel(db, ws.id)).objects.find((o) => o.nameSingular === 'opportunity')?.fields.find((f) => f.name === 'stage');
  assert.equal(stage?.isCustom, false, 'still a standard field');
  assert.deepEqual(stage?.options?.map((o) => `${o.position} ${o.value} ${o.label}`), ['0 NEW New', '1 SCREENING Screening', '2 MEETING Meeting', '3 PROPOSAL Proposal', '4 CUSTOMER Customer', '5 LOST Lost']);
  assert.equal(stage?.defaultValue, 'NEW');
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('redefining a standard object without extend is a validation issue', async () => {
  const text = 'apiVersion: twenty/v1\nobjects:\n  company:\n    namePlural: companies\n    fields:\n      tier: TEXT\n';
  assert.ok(staticIssues(text).includes('standard-redefined'));
  await refusedAtApply(text, 'standard-object');
});

test('changing a standard field is a validation issue', async () => {
  await refusedAtApply('apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      employees: TEXT\n', 'standard-field');
  await refusedAtApply('apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      name: {type: TEXT, nullable: false}\n', 'standard-field');
  await refusedAtApply('apiVersion: twenty/v1\nobjects:\n  opportunity:\n    extend: true\n    fields:\n      stage: {type: SELECT, default: MEETING, options: [WON]}\n', 'standard-field');
  await refusedAtApply('apiVersion: twenty/v1\nobjects:\n  opportunity:\n    extend: true\n    fields:\n      stage: {type: SELECT, options: [{value: FRESH, renamedFrom: NEW}]}\n', 'standard-field');
});

test('removing a standard field or object is a validation issue', async () => {
  await refusedAtApply('apiVersion: twenty/v1\nremoved:\n  - field: company.employees\n', 'standard-field');
  assert.ok(staticIssues('apiVersion: twenty/v1\nremoved:\n  - object: company\n').includes('removal-standard'));
  await refusedAtApply('apiVersion: twenty/v1\nremoved:\n  - object: company\n', 'standard-object');
});
