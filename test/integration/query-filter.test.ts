import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFindMany } from '../../src/api/query/find.ts';
import type { FilterNode } from '../../src/api/query/ir.ts';
import { runCompiled } from '../../src/api/query/run.ts';
import { AppError } from '../../src/core/errors.ts';
import type { FilterOperator } from '../../src/metadata/field-types.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { DELETED_AT, id, listQuery, seededWorkspace } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

// Created at top level: the helper drops the database in an after() hook of the file.
const { db } = await createTestDatabase();
let model: WorkspaceModel;

before(async () => {
  model = await seededWorkspace(db);
});

type Kind = 'company' | 'person' | 'opportunity';

function cmp(path: string, op: FilterOperator, value: unknown): FilterNode {
  const [field, subField] = path.split('.');
  return { kind: 'compare', field, subField, op, value };
}

async function matching(object: Kind, filter: FilterNode, withDeleted = false): Promise<number[]> {
  const records = (await runCompiled(db, compileFindMany(model, listQuery(object, { filter, withDeleted })))) as { id: string }[];
  return records.map((r) => Number(r.id.slice(-4))).sort((a, b) => a - b);
}

const c = (n: number) => id('company', n);

// [filter kind, object, field path, operator, value, expected record numbers]
const MATRIX: [string, Kind, string, FilterOperator, unknown, number[]][] = [
  ['String', 'company', 'name', 'eq', 'Acme', [1]],
  ['String', 'company', 'name', 'neq', 'Acme', [2, 3, 4]],
  ['String', 'company', 'name', 'in', ['Acme', 'Globex', 'Nope'], [1, 2]],
  ['String', 'company', 'name', 'in', [], []],
  ['String', 'company', 'name', 'gt', 'Globex', [3, 4]],
  ['String', 'company', 'name', 'gte', 'Globex', [2, 3, 4]],
  ['String', 'company', 'name', 'lt', 'Globex', [1]],
  ['String', 'company', 'name', 'lte', 'Globex', [1, 2]],
  ['String', 'company', 'name', 'startsWith', 'Ac', [1]],
  ['String', 'company', 'name', 'endsWith', 'bex', [2]],
  ['String', 'company', 'name', 'like', 'G%x', [2]],
  ['String', 'company', 'name', 'ilike', '%ACME%', [1]],
  ['String', 'company', 'tagline', 'is', 'NULL', [3, 4]],
  ['String', 'company', 'tagline', 'is', 'NOT_NULL', [1, 2]],
  ['String', 'company', 'tagline', 'startsWith', '100%_', [2]],
  ['String', 'company', 'tagline', 'startsWith', '100__', []],
  ['String', 'company', 'tagline', 'endsWith', '%', []],
  ['String', 'company', 'tagline', 'like', '100%', [2]],
  ['Float', 'company', 'employees', 'eq', 100, [1]],
  ['Float', 'company', 'employees', 'neq', 100, [2, 4]],
  ['Float', 'company', 'employees', 'in', [10, 50], [2, 4]],
  ['Float', 'company', 'employees', 'gt', 50, [1]],
  ['Float', 'company', 'employees', 'gte', 50, [1, 2]],
  ['Float', 'company', 'employees', 'lt', 50, [4]],
  ['Float', 'company', 'employees', 'lte', 50, [2, 4]],
  ['Float', 'company', 'employees', 'is', 'NULL', [3]],
  ['Float', 'company', 'position', 'gte', 3, [3, 4]],
  ['BigFloat', 'company', 'valuation', 'gt', '2', [1]],
  ['BigFloat', 'company', 'valuation', 'eq', 1, [2]],
  ['BigFloat', 'company', 'valuation', 'in', ['1', '12345678901234567890.5'], [1, 2]],
  ['BigFloat', 'company', 'valuation', 'is', 'NULL', [3, 4]],
  ['BigFloat', 'company', 'annualRecurringRevenue.amountMicros', 'gte', 1000000000, [1]],
  ['BigFloat', 'company', 'annualRecurringRevenue.amountMicros', 'lt', '1000000000', [2]],
  ['Date', 'company', 'foundedOn', 'eq', '2001-02-03', [1]],
  ['Date', 'company', 'foundedOn', 'neq', '2001-02-03', [2]],
  ['Date', 'company', 'foundedOn', 'in', ['1999-12-31'], [2]],
  ['Date', 'company', 'foundedOn', 'lt', '2000-01-01', [2]],
  ['Date', 'company', 'foundedOn', 'gte', '2000-01-01', [1]],
  ['Date', 'company', 'foundedOn', 'is', 'NULL', [3, 4]],
  ['DateTime', 'company', 'createdAt', 'gt', '2024-01-02T00:00:00Z', [2, 3, 4]],
  ['DateTime', 'company', 'createdAt', 'lt', '2024-01-02', [1]],
  ['DateTime', 'company', 'createdAt', 'eq', '2024-01-01T00:00:00.123456Z', [1]],
  ['DateTime', 'company', 'createdAt', 'lte', '2024-01-02T01:00:00+01:00', [1]],
  ['DateTime', 'opportunity', 'closeDate', 'is', 'NULL', [3]],
  ['DateTime', 'opportunity', 'closeDate', 'in', ['2024-06-01T10:00:00.000Z'], [1]],
  ['Boolean', 'company', 'idealCustomerProfile', 'eq', true, [1, 4]],
  ['Boolean', 'company', 'idealCustomerProfile', 'eq', false, [2]],
  ['Boolean', 'company', 'idealCustomerProfile', 'is', 'NULL', [3]],
  ['Select', 'company', 'rating', 'eq', 'RATING_3', [1]],
  ['Select', 'company', 'rating', 'neq', 'RATING_3', [2]],
  ['Select', 'company', 'rating', 'in', ['RATING_3', 'RATING_5'], [1, 2]],
  ['Select', 'company', 'rating', 'is', 'NULL', [3, 4]],
  ['Select', 'opportunity', 'stage', 'in', ['NEW', 'MEETING'], [1, 2]],
  ['Select', 'opportunity', 'stage', 'eq', 'NEW', [2]],
  ['Select', 'company', 'createdBy.source', 'eq', 'MANUAL', []],
  ['MultiSelect', 'company', 'tags', 'containsAny', ['SAAS', 'B2C'], [1, 2]],
  ['MultiSelect', 'company', 'tags', 'containsAny', ['HARDWARE'], []],
  ['MultiSelect', 'company', 'tags', 'is', 'NULL', [4]],
  ['MultiSelect', 'company', 'tags', 'isEmptyArray', true, [3]],
  ['MultiSelect', 'company', 'tags', 'isEmptyArray', false, [1, 2]],
  ['Array', 'company', 'keywords', 'containsIlike', 'ROCK', [1]],
  ['Array', 'company', 'keywords', 'containsIlike', 'c%', []],
  ['Array', 'company', 'keywords', 'isEmptyArray', true, [3]],
  ['Array', 'company', 'keywords', 'is', 'NULL', [4]],
  ['RawJson', 'company', 'metadata', 'like', '%gold%', [1]],
  ['RawJson', 'company', 'metadata', 'is', 'NOT_NULL', [1, 2]],
  ['RawJson', 'person', 'emails.additionalEmails', 'is', 'NULL', [1, 2, 3, 4, 6]],
  ['TSVector', 'company', 'searchVector', 'search', 'globex', [2]],
  ['UUID', 'company', 'id', 'eq', c(1), [1]],
  ['UUID', 'company', 'id', 'neq', c(1), [2, 3, 4]],
  ['UUID', 'company', 'id', 'in', [c(2), c(5)], [2]],
  ['UUID', 'company', 'id', 'is', 'NOT_NULL', [1, 2, 3, 4]],
  ['ID', 'person', 'company', 'eq', c(1), [1, 2]],
  ['ID', 'person', 'company', 'in', [c(2), c(3)], [3, 6]],
  ['ID', 'person', 'company', 'is', 'NULL', [4]],
  ['ID', 'opportunity', 'pointOfContact', 'neq', id('person', 1), [2]],
  ['composite', 'person', 'name.firstName', 'eq', 'John', [1]],
  ['composite', 'person', 'emails.primaryEmail', 'ilike', '%ACME%', [1, 2]],
  ['composite', 'company', 'domainName.primaryLinkUrl', 'endsWith', '.io', [2]],
  ['composite', 'company', 'address.addressCity', 'in', ['Paris', 'Berlin'], [1, 2]],
  ['composite', 'opportunity', 'amount.currencyCode', 'eq', 'EUR', [2]],
];

for (const [kind, object, path, op, value, expected] of MATRIX) {
  test(`${kind} filter ${object}.${path} ${op} ${JSON.stringify(value)} matches ${JSON.stringify(expected)}`, async () => {
    assert.deepEqual(await matching(object, cmp(path, op, value)), expected);
  });
}

test('and, or and not combine conditions with SQL three-valued logic', async () => {
  assert.deepEqual(await matching('company', { kind: 'or', children: [cmp('name', 'eq', 'Acme'), cmp('employees', 'lt', 20)] }), [1, 4]);
  assert.deepEqual(await matching('person', { kind: 'and', children: [cmp('city', 'eq', 'Paris'), cmp('jobTitle', 'eq', 'CTO')] }), [2]);
  assert.deepEqual(await matching('company', { kind: 'not', child: cmp('idealCustomerProfile', 'eq', true) }), [2]);
  const nested: FilterNode = { kind: 'and', children: [{ kind: 'or', children: [cmp('city', 'eq', 'Paris'), cmp('city', 'eq', 'Austin')] }, { kind: 'not', child: cmp('name.firstName', 'eq', 'Jane') }] };
  assert.deepEqual(await matching('person', nested), [1, 6]);
  assert.deepEqual(await matching('company', { kind: 'and', children: [] }), [1, 2, 3, 4]);
  assert.deepEqual(await matching('company', { kind: 'or', children: [] }), []);
});

test('soft-deleted rows are hidden unless withDeleted is set', async () => {
  assert.deepEqual(await matching('company', cmp('employees', 'eq', 1)), []);
  assert.deepEqual(await matching('company', cmp('deletedAt', 'is', 'NOT_NULL'), true), [5]);
  assert.deepEqual(await matching('person', cmp('deletedAt', 'eq', DELETED_AT), true), [5]);
});

test('SQL injection payloads in filter values match literally', async () => {
  assert.deepEqual(await matching('company', cmp('name', 'eq', `O'Brien "Quotes"; DROP TABLE x; --`)), [4]);
  assert.deepEqual(await matching('company', cmp('name', 'eq', `' OR 1=1 --`)), []);
  assert.deepEqual(await matching('company', cmp('name', 'like', `%'; SELECT pg_sleep(5); --%`)), []);
  assert.deepEqual(await matching('company', cmp('name', 'in', [`x') OR ('1'='1`])), []);
  assert.deepEqual(await matching('company', cmp('metadata', 'like', `%"}' OR '1'='1%`)), []);
  assert.deepEqual(await matching('company', cmp('name', 'startsWith', `O'Brien "`)), [4]);
  assert.deepEqual(await matching('company', cmp('keywords', 'containsIlike', `'); DROP TABLE x; --`)), []);
});

async function rejects(object: Kind, filter: FilterNode, message: RegExp): Promise<void> {
  await assert.rejects(
    async () => runCompiled(db, compileFindMany(model, listQuery(object, { filter }))),
    (error: unknown) => error instanceof AppError && error.code === 'BAD_USER_INPUT' && error.spec.http === 400 && message.test(error.message),
  );
}

test('bad filter values are refused before SQL with an error naming the field', async () => {
  await rejects('company', cmp('id', 'eq', 'not-a-uuid'), /field "id".*not a valid UUID/);
  await rejects('person', cmp('company', 'in', ['00000000-0000-4000-8000-00000001000Z']), /field "company"/);
  await rejects('opportunity', cmp('stage', 'eq', 'WON'), /"stage".*"WON" is not one of "NEW", "SCREENING"/);
  await rejects('company', cmp('employees', 'gt', 'many'), /"employees".*finite number/);
  await rejects('company', cmp('foundedOn', 'eq', '2024-02-30'), /"foundedOn".*date/);
  await rejects('company', cmp('createdAt', 'gt', 'yesterday'), /"createdAt".*ISO 8601/);
  await rejects('company', cmp('name', 'eq', 'a\u0000b'), /NUL/);
  await rejects('company', cmp('tags', 'containsAny', ['SAAS', 'NOPE']), /"tags".*"NOPE"/);
  await rejects('company', cmp('tagline', 'is', 'EMPTY'), /NULL or NOT_NULL/);
});

test('operators outside the field kind and unknown fields are refused', async () => {
  await rejects('company', cmp('employees', 'startsWith', '1'), /Operator "startsWith" cannot filter field "employees".*"eq"/);
  await rejects('company', cmp('idealCustomerProfile', 'gt', true), /Operator "gt"/);
  await rejects('company', cmp('nmae', 'eq', 'x'), /Field "nmae" does not exist on object "company". Did you mean "name"\?/);
  await rejects('person', cmp('name.first', 'eq', 'x'), /Sub-field "first" does not exist on field "name". Did you mean "firstName"\?/);
  await rejects('person', cmp('name', 'eq', 'x'), /composite/);
  await rejects('company', cmp('people', 'eq', 'x'), /one-to-many/);
});
