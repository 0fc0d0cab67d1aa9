import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModelFiles, parseModelText } from '../../src/metadata/yaml.ts';
import type { SpecIssue } from '../../src/metadata/spec.ts';

const FIXTURES = 'test/fixtures/yaml';

function only(issues: SpecIssue[], rule: string): SpecIssue {
  const matching = issues.filter((i) => i.rule === rule);
  assert.equal(matching.length, 1, `expected one "${rule}" issue, got ${JSON.stringify(issues)}`);
  return matching[0];
}

test('every object, field, option, index, role and removal remembers its 1-based line and column', () => {
  const text = [
    'apiVersion: twenty/v1',
    'objects:',
    '  deal:',
    '    namePlural: deals',
    '    fields:',
    '      amount: CURRENCY',
    '      stage:',
    '        type: SELECT',
    '        options:',
    '          - {value: NEW}',
    '          - WON',
    '    indexes:',
    '      - {fields: [stage]}',
    'roles:',
    '  rep: {objects: {deal: {read: true}}}',
    'removed:',
    '  - field: deal.oldNotes',
  ].join('\n');
  const { spec, issues } = parseModelText(text, 'model.yaml');
  assert.deepEqual(issues, []);
  const [deal] = spec.objects;
  assert.deepEqual(deal.loc, { file: 'model.yaml', line: 3, column: 3 });
  assert.deepEqual(deal.fields.map((f) => [f.name, f.loc?.line, f.loc?.column]), [['amount', 6, 7], ['stage', 7, 7]]);
  assert.deepEqual(deal.fields[1].options?.map((o) => [o.value, o.loc?.line, o.loc?.column]), [['NEW', 10, 13], ['WON', 11, 13]]);
  assert.deepEqual([deal.indexes[0].loc?.line, deal.indexes[0].loc?.column], [13, 9]);
  assert.deepEqual([spec.roles[0].loc?.line, spec.roles[0].loc?.column], [15, 3]);
  assert.deepEqual(spec.removed, [{ kind: 'field', object: 'deal', field: 'oldNotes', loc: { file: 'model.yaml', line: 17, column: 5 } }]);
});

test('the scalar shorthand and the map form give the same field', () => {
  const { spec } = parseModelText('apiVersion: twenty/v1\nobjects:\n  deal:\n    fields:\n      a: CURRENCY\n      b: {type: CURRENCY}\n', 'm.yaml');
  const [a, b] = spec.objects[0].fields;
  assert.deepEqual({ ...a, name: 'x', loc: undefined }, { ...b, name: 'x', loc: undefined });
});

test('an unknown key points at the key and suggests the closest allowed one', () => {
  const { issues } = loadModelFiles([`${FIXTURES}/invalid/unknown-key.yaml`]);
  const issue = only(issues, 'unknown-key');
  assert.deepEqual(issue.loc, { file: `${FIXTURES}/invalid/unknown-key.yaml`, line: 6, column: 32 });
  assert.match(issue.message, /"nulable" in field "deal\.amount"\. Did you mean "nullable"\?/);
});

test('a duplicate key is an issue that says where the first one is', () => {
  const { issues } = parseModelText('apiVersion: twenty/v1\nobjects:\n  deal:\n    fields:\n      amount: TEXT\n      amount: CURRENCY\n', 'm.yaml');
  const issue = only(issues, 'duplicate-key');
  assert.equal(issue.loc?.line, 6);
  assert.match(issue.message, /"amount".*line 5, column 7/);
});

test('a value of the wrong kind is an issue at the value, not an exception', () => {
  const { spec, issues } = parseModelText('apiVersion: twenty/v1\nobjects:\n  deal:\n    fields:\n      amount: {type: NUMBER, nullable: maybe}\n', 'm.yaml');
  const issue = only(issues, 'value-kind');
  assert.deepEqual([issue.loc?.line, issue.loc?.column], [5, 40]);
  assert.match(issue.message, /true or false for "nullable" in field "deal\.amount", got a string/);
  assert.equal(spec.objects[0].fields[0].nullable, undefined);
});

test('syntax errors are located issues', () => {
  const { issues } = parseModelText('apiVersion: twenty/v1\nobjects: [unclosed\n', 'm.yaml');
  assert.ok(issues.length > 0);
  assert.ok(issues.every((i) => i.rule === 'yaml-syntax' && i.loc?.file === 'm.yaml'));
});

test('apiVersion is required and must be twenty/v1', () => {
  assert.match(only(loadModelFiles([`${FIXTURES}/invalid/no-api-version.yaml`]).issues, 'api-version').message, /no "apiVersion"/);
  const wrong = only(parseModelText('apiVersion: twenty/v9\n', 'm.yaml').issues, 'api-version');
  assert.match(wrong.message, /"twenty\/v9"/);
  assert.equal(wrong.loc?.column, 13);
});

test('an option without a value is reported and left out', () => {
  const { spec, issues } = parseModelText('apiVersion: twenty/v1\nobjects:\n  deal:\n    fields:\n      s: {type: SELECT, options: [{label: New}, A]}\n', 'm.yaml');
  assert.match(only(issues, 'missing-key').message, /option of field "deal\.s" has no "value"/);
  assert.deepEqual(spec.objects[0].fields[0].options?.map((o) => o.value), ['A']);
});

test('a removal path with the wrong number of parts is reported with an example', () => {
  const issue = only(loadModelFiles([`${FIXTURES}/invalid/bad-removal.yaml`]).issues, 'removal-format');
  assert.match(issue.message, /"dealOldNotes" is not a valid field path/);
  assert.match(issue.hint ?? '', /deal\.oldNotes/);
});

test('a folder is read as its sorted *.yaml and *.yml files, merged', () => {
  const { spec, issues } = loadModelFiles([`${FIXTURES}/split`]);
  assert.deepEqual(issues, []);
  assert.deepEqual(spec.objects.map((o) => [o.nameSingular, o.loc?.file]), [['deal', `${FIXTURES}/split/a-deal.yaml`], ['pet', `${FIXTURES}/split/b-pet.yml`]]);
  assert.equal(spec.removed.length, 1);
});

test('the same object in two files is an issue that points at both', () => {
  const { spec, issues } = loadModelFiles([`${FIXTURES}/split`, `${FIXTURES}/valid/minimal.yaml`]);
  const issue = only(issues, 'duplicate-definition');
  assert.equal(issue.loc?.file, `${FIXTURES}/valid/minimal.yaml`);
  assert.match(issue.message, /Object "pet" is defined twice: here and at test\/fixtures\/yaml\/split\/b-pet\.yml:3:3/);
  assert.equal(spec.objects.filter((o) => o.nameSingular === 'pet').length, 1);
});

test('a path that does not exist is an issue, not an exception', () => {
  const { issues } = loadModelFiles([`${FIXTURES}/nowhere.yaml`]);
  assert.match(only(issues, 'file-not-found').message, /"test\/fixtures\/yaml\/nowhere\.yaml" does not exist/);
});

test('empty containers read as empty', () => {
  const { spec, issues } = parseModelText('apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n    indexes:\nroles:\nremoved:\n', 'm.yaml');
  assert.deepEqual(issues, []);
  assert.deepEqual([spec.objects[0].fields, spec.objects[0].indexes, spec.roles, spec.removed], [[], [], [], []]);
});

test('object labels, relations and role grants are read into the spec shape', () => {
  const { spec, issues } = loadModelFiles(['templates/example/crm-model.yaml']);
  assert.deepEqual(issues, []);
  const pet = spec.objects.find((o) => o.nameSingular === 'pet');
  assert.equal(pet?.labelPlural, 'Pets');
  const owner = pet?.fields.find((f) => f.name === 'owner');
  assert.deepEqual(owner?.relation, { type: 'MANY_TO_ONE', target: 'person', onDelete: 'SET_NULL', inverse: { name: 'pets', label: 'Pets' } });
  const rep = spec.roles[0];
  assert.deepEqual([rep.name, rep.permissionFlags, rep.objects.pet, rep.fields['deal.amount']], ['salesRep', ['EXPORT_CSV'], { read: true }, { read: true, update: false }]);
});

test('an alias bomb in a default is an issue, not a hang or an exception', () => {
  // Each level repeats the previous one ten times: a million leaves from a few hundred bytes.
  const text = `apiVersion: twenty/v1\nobjects:\n  deal:\n    fields:\n      blob:\n        type: RAW_JSON\n        default: &a0 [${Array(10).fill('x').join(', ')}]\n        settings: {${[1, 2, 3, 4, 5, 6].map((i) => `l${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`).join(', ')}}\n`;
  const { issues } = parseModelText(text, 'm.yaml');
  assert.ok(issues.some((i) => i.rule === 'yaml-syntax' && /settings/.test(i.message)), JSON.stringify(issues));
});
