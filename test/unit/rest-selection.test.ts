import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import type { SelectedField, Selection } from '../../src/api/query/ir.ts';
import { parseFieldsParam, restSelection } from '../../src/api/rest/selection.ts';
import { objectOf, restTestModel } from '../helpers/rest-model.ts';

const model = restTestModel();
const company = objectOf(model, 'company');
const person = objectOf(model, 'person');
const note = objectOf(model, 'note');
const select = (object: typeof company, depth: 0 | 1, fields?: string[]) => restSelection(model, object, { depth, fields, maxRecordsFromRelation: 60 });
const aliases = (selection: Selection) => selection.fields.map((f) => f.alias);
const entry = (selection: Selection, alias: string) => selection.fields.find((f) => f.alias === alias) as SelectedField;

test('depth 0 returns every scalar and composite field and relation ids, without searchVector', () => {
  const selection = select(person, 0);
  assert.deepEqual(aliases(selection), ['id', 'createdAt', 'updatedAt', 'deletedAt', 'name', 'emails', 'city', 'tags', 'birthday', 'companyId']);
  assert.deepEqual(entry(selection, 'name'), { kind: 'field', alias: 'name', field: 'name', subFields: ['firstName', 'lastName'] });
  assert.deepEqual(entry(selection, 'companyId'), { kind: 'foreignKey', alias: 'companyId', field: 'company' });
  assert.ok(!aliases(select(company, 0)).includes('searchVector'));
});

test('depth 1 embeds the many-to-one record with its own fields only', () => {
  const embedded = entry(select(person, 1), 'company');
  assert.equal(embedded.kind, 'manyToOne');
  if (embedded.kind !== 'manyToOne') return;
  assert.ok(aliases(embedded.selection).includes('name'));
  assert.ok(embedded.selection.fields.every((f) => f.kind === 'field' || f.kind === 'foreignKey'));
});

test('depth 1 embeds one-to-many lists capped at the relation limit', () => {
  const people = entry(select(company, 1), 'people');
  assert.equal(people.kind, 'oneToMany');
  if (people.kind !== 'oneToMany') return;
  assert.equal(people.connection.object, 'person');
  assert.equal(people.connection.shape, 'list');
  assert.equal(people.connection.limit, 60);
  assert.ok(aliases(people.connection.selection).includes('companyId'));
  assert.ok(!aliases(people.connection.selection).includes('company'));
});

test('junction rows at depth 1 carry the records they link, not only their ids', () => {
  const targets = entry(select(note, 1), 'noteTargets');
  assert.equal(targets.kind, 'oneToMany');
  if (targets.kind !== 'oneToMany') return;
  const linked = targets.connection.selection.fields.filter((f) => f.kind === 'manyToOne').map((f) => f.alias);
  assert.deepEqual(linked, ['person', 'company']);
  assert.ok(aliases(targets.connection.selection).includes('noteId'));
});

test('fields projects the top level, merges picked sub-fields and keeps relation ids', () => {
  const selection = select(person, 0, ['id', 'name.firstName', 'companyId', 'name.lastName', 'city']);
  assert.deepEqual(selection.fields, [
    { kind: 'field', alias: 'id', field: 'id' },
    { kind: 'field', alias: 'name', field: 'name', subFields: ['firstName', 'lastName'] },
    { kind: 'foreignKey', alias: 'companyId', field: 'company' },
    { kind: 'field', alias: 'city', field: 'city' },
  ]);
  assert.deepEqual(entry(select(person, 0, ['name.firstName', 'name']), 'name'), { kind: 'field', alias: 'name', field: 'name', subFields: ['firstName', 'lastName'] });
});

test('fields may name a relation only with depth=1', () => {
  assert.deepEqual(aliases(select(person, 1, ['id', 'company'])), ['id', 'company']);
  assert.throws(
    () => select(person, 0, ['company']),
    (e: unknown) => e instanceof AppError && e.spec.http === 400 && /add depth=1 to embed it, or ask for 'companyId'/.test(e.message),
  );
});

test('parseFieldsParam checks every name', () => {
  assert.deepEqual(parseFieldsParam(person, 'id, name.firstName ,companyId'), ['id', 'name.firstName', 'companyId']);
  assert.throws(() => parseFieldsParam(person, 'id,,city'), /fields entry 2 is empty/);
  assert.throws(() => parseFieldsParam(person, 'name.first'), /Did you mean 'firstName'\?/);
});
