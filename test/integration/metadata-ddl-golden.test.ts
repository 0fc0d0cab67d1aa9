// Golden DDL for every change kind, on a real workspace: each step's files are planned, the
// plan's statements compared with test/fixtures/ddl/<step>.sql (UPDATE_GOLDEN=1 rewrites),
// then applied; afterwards the catalog matches the metadata and the same files change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import type { Plan } from '../../src/metadata/plan.ts';
import { assertGolden } from '../helpers/golden.ts';
import { driftOf, modelSpec, newWorkspace, openMetadataDb, sequentialIds } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();
const ws = await newWorkspace(db, 'Golden', '20202020-0000-4000-8000-00000000dd11');
const newId = sequentialIds(1);

const deal = (fields: string, more = '') => `apiVersion: twenty/v1
objects:
  deal:
    namePlural: deals
    fields:
      ${fields}
${more}`;
const removed = (entry: string) => `apiVersion: twenty/v1\nremoved:\n  - ${entry}\n`;

/** Applied in order, each on top of the previous ones. */
const STEPS: [name: string, yaml: string][] = [
  ['create-object', 'apiVersion: twenty/v1\nobjects:\n  deal: {namePlural: deals}\n'],
  ['add-field-uuid', deal('externalId: UUID')],
  ['add-field-text', deal('code: TEXT')],
  ['add-field-text-not-null-default', deal('title: {type: TEXT, nullable: false, default: Untitled}')],
  ['add-field-number', deal('score: NUMBER')],
  ['add-field-numeric', deal("ratio: {type: NUMERIC, default: '1.5'}")],
  ['add-field-boolean', deal('active: {type: BOOLEAN, default: true}')],
  ['add-field-date', deal('dueOn: DATE')],
  ['add-field-date-time', deal('closedAt: {type: DATE_TIME, default: now}')],
  ['add-field-select', deal('stage: {type: SELECT, default: NEW, options: [NEW, WON, LOST]}')],
  ['add-field-select-no-default', deal('source: {type: SELECT, options: [WEB, EMAIL]}')],
  ['add-field-multi-select', deal('tags: {type: MULTI_SELECT, options: [HOT, COLD]}')],
  ['add-field-rating', deal('priority: RATING')],
  ['add-field-currency', deal('amount: CURRENCY')],
  ['add-field-full-name', deal('contact: FULL_NAME')],
  ['add-field-links', deal('website: LINKS')],
  ['add-field-emails', deal('emails: {type: EMAILS, unique: true}')],
  ['add-field-phones', deal('phones: PHONES')],
  ['add-field-address', deal('address: {type: ADDRESS, default: {addressCountry: France}}')],
  ['add-field-actor', deal('owner: ACTOR')],
  ['add-field-rich-text', deal('body: RICH_TEXT_V2')],
  ['add-field-raw-json', deal('payload: RAW_JSON')],
  ['add-field-array', deal('labels: ARRAY')],
  ['add-relation-many-to-one', deal('company: {type: RELATION, relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}}')],
  ['add-relation-one-to-many', deal('contacts: {type: RELATION, relation: {type: ONE_TO_MANY, target: person, inverse: {name: mainDeal}}}')],
  ['rename-field', deal('points: {type: NUMBER, renamedFrom: score}')],
  ['rename-field-composite', deal('value: {type: CURRENCY, renamedFrom: amount}')],
  ['rename-field-select', deal('phase: {type: SELECT, renamedFrom: stage, options: [NEW, WON, LOST]}')],
  ['rename-relation', deal('account: {type: RELATION, renamedFrom: company, relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}}')],
  ['change-on-delete', deal('account: {type: RELATION, relation: {type: MANY_TO_ONE, target: company, onDelete: CASCADE, inverse: {name: deals}}}')],
  ['change-type', deal('points: NUMERIC')],
  ['change-type-select-to-text', deal('source: TEXT')],
  // TEXT is NOT NULL whatever `nullable` says, so nullability is changed on a number.
  ['set-not-null', deal('points: {type: NUMERIC, nullable: false}')],
  ['drop-not-null', deal('points: {type: NUMERIC, nullable: true}')],
  ['add-unique', deal('code: {type: TEXT, unique: true}')],
  ['drop-unique', deal('code: {type: TEXT, unique: false}')],
  ['set-default', deal('code: {type: TEXT, default: ABC}')],
  ['change-default', deal('phase: {type: SELECT, default: WON, options: [NEW, WON, LOST]}')],
  ['add-option', deal('phase: {type: SELECT, options: [NEW, WON, LOST, QUALIFIED]}')],
  ['rename-option', deal('phase: {type: SELECT, options: [NEW, {value: CLOSED_WON, renamedFrom: WON}, LOST, QUALIFIED]}')],
  ['remove-option', removed('option: deal.phase.LOST')],
  ['add-option-used-as-default', deal('phase: {type: SELECT, default: PROPOSED, options: [NEW, CLOSED_WON, QUALIFIED, PROPOSED]}')],
  ['add-option-multi-select', deal('tags: {type: MULTI_SELECT, options: [HOT, COLD, WARM]}')],
  ['rename-option-multi-select', deal('tags: {type: MULTI_SELECT, options: [{value: VERY_HOT, renamedFrom: HOT}, COLD, WARM]}')],
  ['remove-option-multi-select', removed('option: deal.tags.COLD')],
  ['create-index', deal('points: NUMERIC\n      phase: {type: SELECT, options: [NEW, CLOSED_WON, QUALIFIED]}', '    indexes:\n      - {name: IDX_deal_phase_points, fields: [phase, points]}\n')],
  ['create-unique-index', deal('code: TEXT\n      externalId: UUID', '    indexes:\n      - {fields: [code, externalId], unique: true}\n')],
  ['drop-index', removed('index: deal.IDX_deal_phase_points')],
  ['delete-field', removed('field: deal.ratio')],
  ['delete-composite-field', removed('field: deal.contact')],
  ['rename-object', 'apiVersion: twenty/v1\nobjects:\n  contract: {namePlural: contracts, renamedFrom: deal}\n'],
  ['drop-unique-after-object-rename', 'apiVersion: twenty/v1\nobjects:\n  contract:\n    namePlural: contracts\n    fields:\n      emails: {type: EMAILS, unique: false}\n'],
  ['delete-relation', removed('field: contract.account')],
  ['delete-object', removed('object: contract')],
];

function planText(plan: Plan): string {
  return `${plan.steps
    .map((step, i) => {
      const statements = step.ddl.map((d) => {
        const { text, values } = compile(d);
        return `${text};${values.length ? `\n-- values: ${JSON.stringify(values)}` : ''}`;
      });
      return [`-- ${i + 1}. [${step.safety}] ${step.summary}`, ...statements].join('\n');
    })
    .join('\n\n')}\n`;
}

let existing = ['deal'];
for (const [index, [name, yaml]] of STEPS.entries()) {
  const file = `${String(index + 1).padStart(2, '0')}-${name}.sql`;
  test(`step ${name}: the plan's DDL matches fixtures/ddl/${file}, applies, leaves no drift and is idempotent`, async () => {
    const spec = modelSpec(yaml, existing);
    const options = { newId, allowDestructive: true };
    const { plan } = await applyModel(db, ws.id, spec, { ...options, dryRun: true });
    assert.ok(plan.steps.length > 0, 'the step changes something');
    assertGolden(new URL(`../fixtures/ddl/${file}`, import.meta.url), planText(plan));
    const result = await applyModel(db, ws.id, spec, options);
    assert.equal(result.applied, true);
    assert.deepEqual((await driftOf(db, ws.id)).map((d) => d.message), []);
    const again = await applyModel(db, ws.id, spec, options);
    assert.deepEqual(again.plan.steps.map((s) => s.summary), [], 'the same files a second time change nothing');
    if (name === 'rename-object') existing = ['contract'];
  });
}
