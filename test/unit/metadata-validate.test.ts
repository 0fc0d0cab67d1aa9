import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue, validateModelSpec } from '../../src/metadata/validate.ts';
import { loadModelFiles, parseModelText } from '../../src/metadata/yaml.ts';
import type { SpecIssue } from '../../src/metadata/spec.ts';

const STANDARD = ['company', 'person', 'opportunity', 'workspaceMember'];
const CONTEXT = { existingObjects: [...STANDARD, 'invoice'], standardObjects: STANDARD };

function validate(body: string): SpecIssue[] {
  const { spec, issues } = parseModelText(`apiVersion: twenty/v1\n${body}`, 'model.yaml');
  assert.deepEqual(issues, [], 'the test document must parse cleanly');
  return validateModelSpec(spec, CONTEXT);
}

const deal = (fields: string, extra = '') => `objects:\n  deal:\n    namePlural: deals\n${extra}    fields:\n${fields}`;

interface Case {
  rule: string;
  does: string;
  yaml: string;
  quotes: string;
  suggests?: string;
}

const CASES: Case[] = [
  { rule: 'name-format', does: 'rejects a name that is not camelCase', yaml: 'objects:\n  Deal_Item: {namePlural: dealItems}\n', quotes: 'Deal_Item' },
  { rule: 'name-length', does: 'rejects a name longer than 63 characters', yaml: deal(`      ${'a'.repeat(64)}: TEXT\n`), quotes: 'a'.repeat(64) },
  { rule: 'name-reserved', does: 'rejects a custom field named like a system field', yaml: deal('      createdAt: DATE_TIME\n'), quotes: 'createdAt' },
  { rule: 'name-reserved', does: 'rejects a Postgres reserved word as a field name', yaml: deal('      order: NUMBER\n'), quotes: 'order' },
  { rule: 'name-reserved', does: 'rejects an object named after a core entity', yaml: 'objects:\n  webhook: {namePlural: hooks}\n', quotes: 'webhook' },
  { rule: 'name-reserved', does: 'rejects an object whose GraphQL type would collide with a composite type', yaml: 'objects:\n  currency: {namePlural: currencies}\n', quotes: 'currency' },
  { rule: 'name-duplicate', does: 'rejects a plural name another object already uses', yaml: 'objects:\n  deal: {namePlural: deals}\n  dealGroup: {namePlural: deals}\n', quotes: 'deals' },
  { rule: 'name-duplicate', does: 'rejects an inverse that clashes with a field of its target', yaml: `${deal('      company:\n        type: RELATION\n        relation: {type: MANY_TO_ONE, target: pet, inverse: {name: owner}}\n')}  pet:\n    namePlural: pets\n    fields:\n      owner: TEXT\n`, quotes: 'pet.owner' },
  { rule: 'name-plural-required', does: 'requires namePlural on a new object', yaml: 'objects:\n  deal: {icon: IconCash}\n', quotes: 'deal' },
  { rule: 'name-plural-same', does: 'rejects a plural equal to the singular', yaml: 'objects:\n  sheep: {namePlural: sheep}\n', quotes: 'sheep' },
  { rule: 'extend-not-standard', does: 'allows extend only on standard objects', yaml: 'objects:\n  compny: {extend: true}\n', quotes: 'compny', suggests: 'company' },
  { rule: 'extend-conflict', does: 'refuses to rename a standard object it extends', yaml: 'objects:\n  company: {extend: true, namePlural: firms}\n', quotes: 'company' },
  { rule: 'standard-redefined', does: 'refuses to redefine a standard object', yaml: 'objects:\n  company: {namePlural: companies}\n', quotes: 'company' },
  { rule: 'unknown-type', does: 'rejects an unknown type and suggests the closest', yaml: deal('      title: TEXTT\n'), quotes: 'TEXTT', suggests: 'TEXT' },
  { rule: 'unknown-type', does: 'rejects a field without a type', yaml: deal('      title: {label: Title}\n'), quotes: 'deal.title' },
  { rule: 'options-required', does: 'requires options on a SELECT', yaml: deal('      stage: {type: SELECT}\n'), quotes: 'deal.stage' },
  { rule: 'options-not-allowed', does: 'rejects options on a type without them', yaml: deal('      title: {type: TEXT, options: [A]}\n'), quotes: 'deal.title' },
  { rule: 'option-value', does: 'requires UPPER_SNAKE_CASE option values', yaml: deal('      stage: {type: SELECT, options: [new]}\n'), quotes: 'new' },
  { rule: 'option-duplicate', does: 'rejects the same option value twice', yaml: deal('      stage: {type: SELECT, options: [NEW, NEW]}\n'), quotes: 'NEW' },
  { rule: 'option-color', does: "rejects a color outside Twenty's palette", yaml: deal('      stage: {type: SELECT, options: [{value: NEW, color: grren}]}\n'), quotes: 'grren', suggests: 'green' },
  { rule: 'default-type', does: 'requires a SELECT default to be an option value', yaml: deal('      stage: {type: SELECT, default: LOST, options: [NEW, WON]}\n'), quotes: 'deal.stage' },
  { rule: 'default-type', does: 'rejects an SQL-quoted default', yaml: deal(`      stage: {type: SELECT, default: "'NEW'", options: [NEW]}\n`), quotes: "'NEW'" },
  { rule: 'default-type', does: 'rejects an SQL expression as a DATE_TIME default', yaml: deal('      closeDate: {type: DATE_TIME, default: "now()"}\n'), quotes: 'now()' },
  { rule: 'default-type', does: 'rejects an SQL function as a UUID default', yaml: deal('      ref: {type: UUID, default: gen_random_uuid()}\n'), quotes: 'deal.ref' },
  { rule: 'default-type', does: 'rejects a string default on a BOOLEAN', yaml: deal('      done: {type: BOOLEAN, default: "false"}\n'), quotes: 'deal.done' },
  { rule: 'default-type', does: 'rejects a string default on a NUMBER', yaml: deal('      count: {type: NUMBER, default: "5"}\n'), quotes: 'deal.count' },
  { rule: 'default-type', does: 'rejects a RATING default outside RATING_1..RATING_5', yaml: deal('      score: {type: RATING, default: RATING_6}\n'), quotes: 'RATING_6' },
  { rule: 'default-type', does: 'rejects a MULTI_SELECT default that is not a list of options', yaml: deal('      tags: {type: MULTI_SELECT, default: [A, C], options: [A, B]}\n'), quotes: 'deal.tags' },
  { rule: 'default-type', does: 'rejects an unknown sub-field in a composite default', yaml: deal('      amount: {type: CURRENCY, default: {currency: USD}}\n'), quotes: 'currency', suggests: 'currencyCode' },
  { rule: 'default-type', does: 'rejects any default on a RELATION', yaml: deal('      company: {type: RELATION, default: x, relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}}\n'), quotes: 'deal.company' },
  { rule: 'unique-type', does: 'rejects unique on a type that cannot be unique', yaml: deal('      amount: {type: CURRENCY, unique: true}\n'), quotes: 'deal.amount' },
  { rule: 'relation-required', does: 'requires a relation on a RELATION field', yaml: deal('      company: RELATION\n'), quotes: 'deal.company' },
  { rule: 'relation-not-allowed', does: 'rejects a relation on a non-RELATION field', yaml: deal('      company: {type: TEXT, relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}}\n'), quotes: 'deal.company' },
  { rule: 'relation-type', does: 'rejects an unknown relation type', yaml: deal('      company: {type: RELATION, relation: {type: MANY_TO_ONEE, target: company, inverse: {name: deals}}}\n'), quotes: 'MANY_TO_ONEE', suggests: 'MANY_TO_ONE' },
  { rule: 'relation-target', does: 'rejects a relation to an object that does not exist', yaml: deal('      company: {type: RELATION, relation: {type: MANY_TO_ONE, target: compnay, inverse: {name: deals}}}\n'), quotes: 'compnay', suggests: 'company' },
  { rule: 'relation-target', does: 'rejects a relation to an object the files remove', yaml: `${deal('      pet: {type: RELATION, relation: {type: MANY_TO_ONE, target: invoice, inverse: {name: deals}}}\n')}removed:\n  - object: invoice\n`, quotes: 'invoice' },
  { rule: 'relation-on-delete', does: 'rejects onDelete on the ONE_TO_MANY side', yaml: deal('      people: {type: RELATION, relation: {type: ONE_TO_MANY, target: person, onDelete: CASCADE, inverse: {name: deal}}}\n'), quotes: 'deal.people' },
  { rule: 'relation-on-delete', does: 'rejects an unknown onDelete', yaml: deal('      company: {type: RELATION, relation: {type: MANY_TO_ONE, target: company, onDelete: CASCADES, inverse: {name: deals}}}\n'), quotes: 'CASCADES', suggests: 'CASCADE' },
  { rule: 'relation-inverse', does: 'requires an inverse name', yaml: deal('      company: {type: RELATION, relation: {type: MANY_TO_ONE, target: company}}\n'), quotes: 'deal.company' },
  { rule: 'name-format', does: 'checks the inverse name like any field name', yaml: deal('      company: {type: RELATION, relation: {type: MANY_TO_ONE, target: company, inverse: {name: Deals}}}\n'), quotes: 'Deals' },
  { rule: 'column-collision', does: 'rejects two fields that need the same column', yaml: deal('      amount: CURRENCY\n      amountAmountMicros: NUMBER\n'), quotes: 'amountAmountMicros' },
  { rule: 'index-fields', does: 'rejects an index on a field the object does not have', yaml: deal('      stage: {type: SELECT, options: [NEW]}\n', '    indexes:\n      - {fields: [stag]}\n'), quotes: 'stag', suggests: 'stage' },
  { rule: 'index-duplicate', does: 'rejects the same index twice', yaml: deal('      code: TEXT\n', '    indexes:\n      - {fields: [code]}\n      - {fields: [code]}\n'), quotes: 'deal' },
  { rule: 'label-identifier', does: 'requires labelIdentifier to name a field', yaml: deal('      title: TEXT\n', '    labelIdentifier: titel\n'), quotes: 'titel', suggests: 'title' },
  { rule: 'id-format', does: 'requires ids to be UUIDs', yaml: 'objects:\n  deal: {id: deal-1, namePlural: deals}\n', quotes: 'deal-1' },
  { rule: 'id-duplicate', does: 'rejects one id used twice', yaml: 'objects:\n  deal: {id: 0b9f4c1e-6a2d-4a51-9c1e-1d2f3a4b5c6d, namePlural: deals}\n  pet: {id: 0b9f4c1e-6a2d-4a51-9c1e-1d2f3a4b5c6d, namePlural: pets}\n', quotes: '0b9f4c1e-6a2d-4a51-9c1e-1d2f3a4b5c6d' },
  { rule: 'rename-conflict', does: 'rejects a rename from a field that is still defined', yaml: deal('      code: {type: TEXT, renamedFrom: legacyCode}\n      legacyCode: TEXT\n'), quotes: 'legacyCode' },
  { rule: 'removal-conflict', does: 'rejects removing what the files define', yaml: `${deal('      oldNotes: TEXT\n')}removed:\n  - field: deal.oldNotes\n`, quotes: 'deal.oldNotes' },
  { rule: 'removal-standard', does: 'refuses to remove a standard object', yaml: 'removed:\n  - object: company\n', quotes: 'company' },
  { rule: 'role-object', does: 'rejects a grant on an unknown object', yaml: 'roles:\n  rep: {objects: {dael: {read: true}}}\n', quotes: 'dael', suggests: 'deal' },
  { rule: 'role-field', does: 'rejects a grant on an unknown field', yaml: `${deal('      amount: CURRENCY\n')}roles:\n  rep: {fields: {deal.amout: {read: false}}}\n`, quotes: 'deal.amout', suggests: 'amount' },
  { rule: 'permission-flag', does: 'rejects a permission flag Twenty does not have', yaml: 'roles:\n  rep: {permissionFlags: [EXPORT_CVS]}\n', quotes: 'EXPORT_CVS', suggests: 'EXPORT_CSV' },
];

for (const c of CASES) {
  test(`${c.rule}: validation ${c.does}`, () => {
    // role-object needs a `deal` to suggest; the others carry their own.
    const yaml = c.rule === 'role-object' ? `${c.yaml}objects:\n  deal: {namePlural: deals}\n` : c.yaml;
    const issues = validate(yaml);
    const issue = issues.find((i) => i.rule === c.rule);
    assert.ok(issue, `expected a "${c.rule}" issue, got ${JSON.stringify(issues.map((i) => i.rule))}`);
    assert.ok(issue.message.includes(`"${c.quotes}"`), `message should quote "${c.quotes}": ${issue.message}`);
    assert.ok(issue.hint, 'every validation issue carries a hint');
    assert.equal(issue.loc?.file, 'model.yaml');
    if (c.suggests) assert.ok(issue.message.includes(`Did you mean "${c.suggests}"?`), issue.message);
  });
}

test('valid examples and fixtures have no issues', () => {
  for (const path of ['templates/example/crm-model.yaml', 'test/fixtures/yaml/valid', 'test/fixtures/yaml/split']) {
    const { spec, issues } = loadModelFiles([path]);
    assert.deepEqual([...issues, ...validateModelSpec(spec, CONTEXT)].map(formatIssue), [], path);
  }
});

test('the standard objects template validates as a model of its own', () => {
  const { spec, issues } = loadModelFiles(['templates/standard-objects.yaml']);
  assert.deepEqual([...issues, ...validateModelSpec(spec, { existingObjects: [], standardObjects: [] })].map(formatIssue), []);
});

test('valid typed defaults of every kind pass', () => {
  const issues = validate(
    deal(
      [
        '      a: {type: UUID, default: uuid}',
        '      b: {type: DATE_TIME, default: "2024-01-31T09:00:00Z"}',
        '      c: {type: DATE, default: "2024-01-31"}',
        '      d: {type: CURRENCY, default: {amountMicros: 1000000, currencyCode: USD}}',
        '      e: {type: MULTI_SELECT, default: [A], options: [A, B]}',
        '      f: {type: TEXT, default: "now()"}',
        '      g: {type: ACTOR, default: {source: MANUAL}}',
        '      h: {type: NUMBER, default: null, nullable: false}',
        '',
      ].join('\n'),
    ),
  );
  assert.deepEqual(issues.map(formatIssue), []);
});

test('all issues are reported at once, in file order', () => {
  const issues = validate(deal('      title: TEXTT\n      order: NUMBER\n      stage: {type: SELECT}\n'));
  assert.deepEqual(issues.map((i) => [i.rule, i.loc?.line]), [['unknown-type', 6], ['name-reserved', 7], ['options-required', 8]]);
});

test('formatIssue prints location, rule, message and hint', () => {
  const [issue] = validate(deal('      title: TEXTT\n'));
  assert.equal(formatIssue(issue), `model.yaml:6:7  unknown-type  Field "deal.title" has the unknown type "TEXTT". Did you mean "TEXT"? (${issue.hint})`);
  assert.equal(formatIssue({ rule: 'file-not-found', message: 'Gone.' }), 'file-not-found  Gone.');
});

test('a restated existing object may name one of its current fields as labelIdentifier; an unknown one is still refused', () => {
  const parse = (body: string) => parseModelText(`apiVersion: twenty/v1\n${body}`, 'deal.yaml').spec;
  const existing = { ...CONTEXT, existingObjects: [...CONTEXT.existingObjects, 'deal'], existingFields: new Map([['deal', ['id', 'name', 'title']]]) };
  assert.deepEqual(validateModelSpec(parse(deal('      amount: NUMBER\n', '    labelIdentifier: title\n')), existing), []);
  const unknown = validateModelSpec(parse(deal('      amount: NUMBER\n', '    labelIdentifier: titel\n')), existing);
  assert.deepEqual(unknown.map((i) => i.rule), ['label-identifier']);
  assert.match(unknown[0].message, /Did you mean "title"\?/);
});
