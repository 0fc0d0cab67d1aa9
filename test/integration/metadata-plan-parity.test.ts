// The metadata API and `twenty metadata plan|apply` are two front doors to one pipeline: the
// same change, given as an API input or as a model file, plans to the same bytes (every
// statement's text and values, and the plan as `--json` prints it).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compile } from '../../src/core/sql.ts';
import { planToJson, type Plan } from '../../src/metadata/plan.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { createFieldChange } from '../../src/api/metadata/data-model/field-changes.ts';
import { readCreateFieldInput } from '../../src/api/metadata/data-model/inputs.ts';
import { planMetadataChange } from '../../src/api/metadata/data-model/operations.ts';
import { planFiles } from '../../src/cli/metadata-run.ts';
import { newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Plan parity');
const dir = mkdtempSync(join(tmpdir(), 'twenty-plan-parity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FIELD = '3f7c9d8e-2b1a-4c5d-8e9f-0a1b2c3d4e5f';
const GOLD = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const SILVER = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';

/** A plan as bytes: what `--json` prints, then every statement with its values. */
function planBytes(plan: Plan): string {
  const statements = plan.steps.flatMap((s) => [...s.ddl, ...s.metadata].map((statement) => compile(statement)));
  return JSON.stringify({ plan: planToJson(plan), statements }, null, 2);
}

test('the metadata API and the CLI plan the same change to byte-identical plans', async () => {
  const current = await loadWorkspaceModel(db, ws.id);
  const company = current.objects.find((o) => o.nameSingular === 'company');
  assert.ok(company);

  const input = readCreateFieldInput({
    id: FIELD,
    objectMetadataId: company.id,
    type: 'SELECT',
    name: 'tier',
    label: 'Tier',
    description: 'Account tier',
    icon: 'IconStar',
    defaultValue: "'GOLD'",
    options: [
      { id: GOLD, value: 'GOLD', label: 'Gold', color: 'yellow', position: 0 },
      { id: SILVER, value: 'SILVER', label: 'Silver', color: 'gray', position: 1 },
    ],
  });
  const fromApi = await planMetadataChange(db, current, createFieldChange(current, input));

  const file = join(dir, 'model.yaml');
  writeFileSync(file, `apiVersion: twenty/v1
objects:
  company:
    extend: true
    fields:
      tier:
        id: ${FIELD}
        type: SELECT
        label: Tier
        description: Account tier
        icon: IconStar
        default: GOLD
        options:
          - {id: ${GOLD}, value: GOLD, label: Gold, color: yellow}
          - {id: ${SILVER}, value: SILVER, label: Silver, color: gray}
`);
  const { plan: fromCli } = await planFiles(db, current, [file]);

  assert.ok(fromApi.steps.length > 0, 'the change plans at least one step');
  assert.equal(planBytes(fromApi), planBytes(fromCli));
});
