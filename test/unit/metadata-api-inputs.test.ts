// Pure pieces of the metadata API: inverse names from labels, Twenty's quoted defaults, array
// paging and filters, and input reading.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { nameFromLabel } from '../../src/api/metadata/data-model/name-from-label.ts';
import { defaultFromTwenty, defaultToTwenty } from '../../src/api/metadata/data-model/default-value.ts';
import { encodeCursor, matchesFilter, paginate } from '../../src/api/metadata/connection.ts';
import { readCreateFieldInput, readUpdateObjectInput } from '../../src/api/metadata/data-model/inputs.ts';

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

test('an inverse name is the camelCased label, as Twenty derives it', () => {
  assert.equal(nameFromLabel('Pets'), 'pets');
  assert.equal(nameFromLabel('Owned Pets'), 'ownedPets');
  assert.equal(nameFromLabel('ARR value'), 'arrValue');
  assert.equal(nameFromLabel('Café orders'), 'cafeOrders');
  assert.equal(nameFromLabel('5 things'), 'n5Things');
  assert.throws(() => nameFromLabel('!!'), isCode('BAD_USER_INPUT'));
});

test('defaults travel in Twenty quoted form and are stored as typed values', () => {
  assert.equal(defaultFromTwenty('SELECT', "'NEW'"), 'NEW');
  assert.deepEqual(defaultFromTwenty('CURRENCY', { amountMicros: null, currencyCode: "'USD'" }), { amountMicros: null, currencyCode: 'USD' });
  assert.equal(defaultFromTwenty('TEXT', 'plain'), 'plain');
  assert.deepEqual(defaultFromTwenty('RAW_JSON', { a: "'x'" }), { a: "'x'" });
  assert.equal(defaultToTwenty({ type: 'SELECT', defaultValue: 'NEW' }), "'NEW'");
  assert.equal(defaultToTwenty({ type: 'TEXT', defaultValue: "it's" }), "'it''s'");
  assert.equal(defaultToTwenty({ type: 'UUID', defaultValue: 'uuid' }), 'uuid');
  assert.equal(defaultToTwenty({ type: 'DATE_TIME', defaultValue: 'now' }), 'now');
  assert.deepEqual(defaultToTwenty({ type: 'MULTI_SELECT', defaultValue: ['A', 'B'] }), ["'A'", "'B'"]);
  assert.equal(defaultToTwenty({ type: 'NUMBER', defaultValue: null }), null);
});

test('paging slices with first/after and last/before, with offset cursors', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const first = paginate(items, { first: 2 });
  assert.deepEqual(first.edges.map((e) => e.node), ['a', 'b']);
  assert.deepEqual(first.pageInfo, { hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor(0), endCursor: encodeCursor(1) });
  assert.equal(first.totalCount, 5);
  assert.deepEqual(paginate(items, { first: 2, after: first.pageInfo.endCursor }).edges.map((e) => e.node), ['c', 'd']);
  assert.deepEqual(paginate(items, { last: 2, before: encodeCursor(4) }).edges.map((e) => e.node), ['c', 'd']);
  assert.deepEqual(paginate(items, { first: 0 }).edges, []);
  assert.throws(() => paginate(items, { after: 'nope' }), isCode('INVALID_CURSOR'));
  assert.throws(() => paginate(items, { first: 1001 }), isCode('INVALID_QUERY_INPUT'));
});

test('filters compare properties and nest with and/or', () => {
  const node = { id: 'x', isCustom: true, isSystem: false };
  assert.ok(matchesFilter(node, { isCustom: { is: true } }));
  assert.ok(!matchesFilter(node, { isCustom: { is: false } }));
  assert.ok(matchesFilter(node, { or: [{ id: { eq: 'y' } }, { isSystem: { isNot: true } }] }));
  assert.ok(!matchesFilter(node, { and: [{ id: { in: ['x'] } }, { id: { notIn: ['x'] } }] }));
  assert.ok(matchesFilter(node, {}));
});

test('inputs refuse unknown properties with a suggestion, and ignore what Twenty sends for its UI', () => {
  assert.throws(() => readCreateFieldInput({ objectMetadataId: '20202020-1c25-4d02-bf25-6aeccf7ea419', type: 'TEXT', name: 'a', label: 'A', lable: 'x' }), /Did you mean "label"\?/);
  assert.throws(() => readCreateFieldInput({ type: 'TEXT', name: 'a', label: 'A' }), /needs "objectMetadataId"/);
  assert.throws(() => readCreateFieldInput({ objectMetadataId: 'nope', type: 'TEXT', name: 'a', label: 'A' }), /must be a UUID/);
  assert.deepEqual(readUpdateObjectInput({ labelSingular: 'Pet', isLabelSyncedWithName: true, shortcut: null }), { labelSingular: 'Pet' });
  const options = readCreateFieldInput({ objectMetadataId: '20202020-1c25-4d02-bf25-6aeccf7ea419', type: 'SELECT', name: 'a', label: 'A', options: [{ value: 'B', position: 1 }, { value: 'A', position: 0 }] }).options;
  assert.deepEqual(options?.map((o) => o.value), ['A', 'B']);
});
