import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor } from '../../src/api/query/cursor.ts';
import { compileFindMany, compileFindOne } from '../../src/api/query/find.ts';
import type { FilterNode } from '../../src/api/query/ir.ts';
import { runCompiled } from '../../src/api/query/run.ts';
import { connect } from '../../src/core/db.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { connectionQuery, fields, id, listQuery, seededWorkspace } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();
let model: WorkspaceModel;

before(async () => {
  model = await seededWorkspace(db);
});

const byId = (object: 'company' | 'person', n: number): FilterNode => ({ kind: 'compare', field: 'id', op: 'eq', value: id(object, n) });

test('a many-to-one relation is a nested record, or null when unset or soft-deleted', async () => {
  const q = listQuery('person', {
    orderBy: [{ field: 'position', direction: 'AscNullsFirst' }],
    withDeleted: true,
    selection: { fields: [{ kind: 'field', alias: 'first', field: 'name', subFields: ['firstName'] }, { kind: 'foreignKey', alias: 'companyId', field: 'company' }, { kind: 'manyToOne', alias: 'company', field: 'company', selection: fields('name') }] },
  });
  const rows = (await runCompiled(db, compileFindMany(model, q))) as { first: { firstName: string }; companyId: string | null; company: { name: string } | null }[];
  assert.deepEqual(rows.map((r) => [r.first.firstName, r.company?.name ?? null]), [['John', 'Acme'], ['Jane', 'Acme'], ['Bob', 'Globex'], ['Alice', null], ['Eve', 'Acme'], ['Zed', 'Initech']]);
  assert.equal(rows[3].companyId, null);
});

test('one-to-many relations nest as connections with their own filter, order and limit, any depth deep', async () => {
  const people = connectionQuery('person', {
    orderBy: [{ field: 'name', subField: 'firstName', direction: 'DescNullsLast' }],
    limit: 1,
    selection: { fields: [{ kind: 'field', alias: 'name', field: 'name', subFields: ['firstName'] }, { kind: 'oneToMany', alias: 'deals', field: 'pointOfContactForOpportunities', connection: listQuery('opportunity', { selection: fields('name') }) }] },
    want: { edges: true, cursor: false, pageInfo: true, totalCount: true, aggregates: [] },
    aliases: { edges: 'e', node: 'n', totalCount: 'count' },
  });
  const q = listQuery('company', { filter: byId('company', 1), selection: { fields: [{ kind: 'field', alias: 'name', field: 'name' }, { kind: 'oneToMany', alias: 'people', field: 'people', connection: people }] } });
  const [acme] = (await runCompiled(db, compileFindMany(model, q))) as { people: { e: { n: unknown }[]; count: number; pageInfo: { hasNextPage: boolean } } }[];
  assert.deepEqual(acme.people.e, [{ n: { name: { firstName: 'John' }, deals: [{ name: 'Big deal' }] } }]);
  assert.equal(acme.people.count, 2, 'the soft-deleted person is not counted');
  assert.equal(acme.people.pageInfo.hasNextPage, true);
});

test('a record without related rows gets an empty connection and an empty list', async () => {
  const q = listQuery('company', {
    filter: byId('company', 4),
    selection: { fields: [{ kind: 'oneToMany', alias: 'c', field: 'people', connection: connectionQuery('person') }, { kind: 'oneToMany', alias: 'l', field: 'opportunities', connection: listQuery('opportunity') }] },
  });
  assert.deepEqual(await runCompiled(db, compileFindMany(model, q)), [
    { c: { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } }, l: [] },
  ]);
});

test('totalCount and aggregates cover the filtered set, not the page', async () => {
  const agg = (alias: string, op: string, field: string, subField?: string) => ({ alias, op, field, subField }) as never;
  const q = connectionQuery('company', {
    limit: 1,
    want: {
      edges: false,
      cursor: false,
      pageInfo: false,
      totalCount: true,
      aggregates: [
        agg('countUniqueValuesName', 'countUniqueValues', 'name'),
        agg('countEmptyTagline', 'countEmpty', 'tagline'),
        agg('countNotEmptyTagline', 'countNotEmpty', 'tagline'),
        agg('percentageEmptyTagline', 'percentageEmpty', 'tagline'),
        agg('percentageNotEmptyEmployees', 'percentageNotEmpty', 'employees'),
        agg('minEmployees', 'min', 'employees'),
        agg('maxEmployees', 'max', 'employees'),
        agg('avgEmployees', 'avg', 'employees'),
        agg('sumEmployees', 'sum', 'employees'),
        agg('countTrueIdealCustomerProfile', 'countTrue', 'idealCustomerProfile'),
        agg('countFalseIdealCustomerProfile', 'countFalse', 'idealCustomerProfile'),
        agg('sumAnnualRecurringRevenueAmountMicros', 'sum', 'annualRecurringRevenue', 'amountMicros'),
        agg('minCreatedAt', 'min', 'createdAt'),
        agg('countEmptyAddress', 'countEmpty', 'address'),
      ],
    },
  });
  assert.deepEqual(await runCompiled(db, compileFindMany(model, q)), {
    totalCount: 4,
    countUniqueValuesName: 4,
    countEmptyTagline: 2,
    countNotEmptyTagline: 2,
    percentageEmptyTagline: 0.5,
    percentageNotEmptyEmployees: 0.75,
    minEmployees: 10,
    maxEmployees: 100,
    avgEmployees: 160 / 3,
    sumEmployees: 160,
    countTrueIdealCustomerProfile: 2,
    countFalseIdealCustomerProfile: 1,
    sumAnnualRecurringRevenueAmountMicros: 1500000000,
    minCreatedAt: '2024-01-01T00:00:00.123Z',
    countEmptyAddress: 2,
  });
});

test('an aggregate the field type cannot support is refused', () => {
  const q = connectionQuery('company', { want: { edges: false, cursor: false, pageInfo: false, totalCount: false, aggregates: [{ alias: 'x', op: 'sum', field: 'name' }] } });
  assert.throws(() => compileFindMany(model, q), { code: 'BAD_USER_INPUT', message: /Aggregate "sum" cannot be computed on field "name"/ });
});

test('edge cursors decode to the order values and the id', async () => {
  const q = connectionQuery('company', { orderBy: [{ field: 'createdAt', direction: 'AscNullsFirst' }, { field: 'valuation', direction: 'DescNullsLast' }], limit: 1 });
  const result = (await runCompiled(db, compileFindMany(model, q))) as { edges: { cursor: string }[] };
  assert.deepEqual(decodeCursor(result.edges[0].cursor).values, { createdAt: '2024-01-01T00:00:00.123456Z', valuation: '12345678901234567890.5', id: id('company', 1) });
});

test('records print every field type the way Twenty does', async () => {
  const q = listQuery('company', {
    filter: byId('company', 1),
    selection: fields('name', 'domainName', 'employees', 'idealCustomerProfile', 'annualRecurringRevenue', 'tags', 'rating', 'foundedOn', 'valuation', 'metadata', 'keywords', 'createdAt', 'deletedAt', 'createdBy'),
  });
  const [acme] = (await runCompiled(db, compileFindMany(model, q))) as Record<string, unknown>[];
  assert.deepEqual(acme, {
    name: 'Acme',
    domainName: { primaryLinkUrl: 'https://acme.com', primaryLinkLabel: null, secondaryLinks: null },
    employees: 100,
    idealCustomerProfile: true,
    annualRecurringRevenue: { amountMicros: 1000000000, currencyCode: 'USD' },
    tags: ['B2B', 'SAAS'],
    rating: 'RATING_3',
    foundedOn: '2001-02-03',
    // biome-ignore lint/correctness/noPrecisionLoss: a number past double precision is the point of the test
    valuation: 12345678901234567890.5,
    metadata: { tier: 'gold' },
    keywords: ['rocket', 'space'],
    createdAt: '2024-01-01T00:00:00.123Z',
    deletedAt: null,
    createdBy: { source: null, workspaceMemberId: null, name: null, context: null },
  });
});

test('findOne returns the record, or null when nothing matches', async () => {
  const q = { object: 'person', withDeleted: false, selection: { fields: [{ kind: 'manyToOne' as const, alias: 'company', field: 'company', selection: fields('name') }] } };
  assert.deepEqual(await runCompiled(db, compileFindOne(model, { ...q, filter: byId('person', 1) })), { company: { name: 'Acme' } });
  assert.equal(await runCompiled(db, compileFindOne(model, { ...q, filter: byId('person', 5) })), null);
  assert.deepEqual(await runCompiled(db, compileFindOne(model, { ...q, filter: byId('person', 5), withDeleted: true })), { company: { name: 'Acme' } });
});

test('a nested query of any depth runs as exactly one SQL statement', async () => {
  const deals = connectionQuery('opportunity', { selection: { fields: [{ kind: 'manyToOne', alias: 'poc', field: 'pointOfContact', selection: fields('city') }] }, want: { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [] } });
  const people = listQuery('person', { selection: { fields: [{ kind: 'manyToOne', alias: 'company', field: 'company', selection: { fields: [{ kind: 'oneToMany', alias: 'deals', field: 'opportunities', connection: deals }] } }] } });
  const q = connectionQuery('company', { selection: { fields: [{ kind: 'oneToMany', alias: 'people', field: 'people', connection: people }] }, want: { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [] } });
  const client = await connect(db);
  let statements = 0;
  const original = client.query.bind(client);
  client.query = ((...args: Parameters<typeof original>) => {
    statements++;
    return original(...args);
  }) as typeof client.query;
  try {
    const result = (await runCompiled(client, compileFindMany(model, q))) as { edges: unknown[] };
    assert.equal(result.edges.length, 4);
    assert.equal(statements, 1);
  } finally {
    client.release();
  }
});
