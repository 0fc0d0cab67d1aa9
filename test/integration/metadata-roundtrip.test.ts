// Idempotency and export round trips on real workspaces: the same files twice change nothing
// (no steps, no version bump), and an exported model applies back as "no changes".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyModel } from '../../src/metadata/apply.ts';
import { exportModel } from '../../src/metadata/export.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { driftOf, metadataVersion, modelFixture, modelSpec, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const EXAMPLE = readFileSync(new URL('../../templates/example/crm-model.yaml', import.meta.url), 'utf8');
const EXTEND = `apiVersion: twenty/v1
objects:
  company:
    extend: true
    fields:
      tier: {type: SELECT, options: [{value: A, color: green}, {value: B, color: gray}]}
      revenue: {type: CURRENCY, label: Yearly revenue}
`;

const PET = `apiVersion: twenty/v1
objects:
  pet:
    namePlural: pets
    label: {singular: Animal, plural: Animals}
    skipNameField: true
    labelIdentifier: nickname
    fields:
      nickname: {type: TEXT, nullable: false, default: Rex, label: Nick name}
      species: {type: SELECT, default: DOG, options: [{value: DOG, label: Doggo, color: sky}, CAT]}
      deal: {type: RELATION, relation: {type: MANY_TO_ONE, target: deal, onDelete: CASCADE, inverse: {name: pets, icon: IconDog}}}
      owners: {type: RELATION, relation: {type: ONE_TO_MANY, target: person, inverse: {name: favouritePet}}}
    indexes:
      - {name: IDX_pet_species, fields: [species, nickname], unique: true}
`;

test('applying the same files twice: the second apply has no steps and keeps the metadata version', async () => {
  const ws = await newWorkspace(db, 'Idempotent');
  const spec = modelSpec(EXAMPLE);
  const first = await applyModel(db, ws.id, spec);
  assert.equal(first.applied, true);
  const version = await metadataVersion(db, ws.id);
  assert.equal(first.version, version);
  const second = await applyModel(db, ws.id, spec);
  assert.equal(second.applied, false);
  assert.deepEqual(second.plan.steps.map((s) => s.summary), []);
  assert.equal(second.version, version);
  assert.equal(await metadataVersion(db, ws.id), version);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('an export of a model with a relation, select, currency and index applies back with no changes', async () => {
  const ws = await newWorkspace(db, 'Export');
  await applyModel(db, ws.id, modelFixture('deal.yaml'));
  await applyModel(db, ws.id, modelSpec(EXTEND));
  await applyModel(db, ws.id, modelSpec(PET, ['deal']));
  const text = exportModel(await loadWorkspaceModel(db, ws.id));
  for (const part of ['deal:', 'pet:', 'type: RELATION', 'type: SELECT', 'type: MULTI_SELECT', 'type: CURRENCY', 'indexes:', 'tier:', 'skipNameField: true']) {
    assert.ok(text.includes(part), `the export has ${part}`);
  }
  const { plan } = await applyModel(db, ws.id, modelSpec(text, ['deal', 'pet']));
  assert.deepEqual(plan.steps.map((s) => s.summary), [], 'the exported model is what the workspace has');
  assert.equal(exportModel(await loadWorkspaceModel(db, ws.id)), text, 'exporting again gives the same bytes');
});
