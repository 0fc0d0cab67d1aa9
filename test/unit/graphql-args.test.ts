import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionQuery, DeleteQuery, FindOneQuery, UpdateQuery } from '../../src/api/query/ir.ts';
import { encodeCursor } from '../../src/api/query/cursor.ts';
import { translate } from '../fixtures/graphql/plan-request.ts';

const ID = '20202020-1c25-4d02-bf25-6aeccf7ea419';

function findMany(query: string, variables?: Record<string, unknown>, key = Object.keys(translate(query, variables))[0]): ConnectionQuery {
  const t = translate(query, variables)[key];
  assert.equal(t.ir.operation, 'findMany');
  return t.ir.query as ConnectionQuery;
}

test('a filter on one field with one operator becomes one compare', () => {
  const q = findMany(`{ people(filter: {jobTitle: {ilike: "%CEO%"}}) { totalCount } }`);
  assert.deepEqual(q.filter, { kind: 'compare', field: 'jobTitle', op: 'ilike', value: '%CEO%' });
  assert.equal(q.withDeleted, false);
});

test('several operators and fields are and-ed; and/or/not nest', () => {
  const q = findMany(`{ people(filter: {
      jobTitle: {neq: "CEO", startsWith: "C"},
      or: [{birthday: {gt: "2000-01-01"}}, {not: {aliases: {isEmptyArray: true}}}]
    }) { totalCount } }`);
  assert.deepEqual(q.filter, {
    kind: 'and',
    children: [
      { kind: 'compare', field: 'jobTitle', op: 'neq', value: 'CEO' },
      { kind: 'compare', field: 'jobTitle', op: 'startsWith', value: 'C' },
      {
        kind: 'or',
        children: [
          { kind: 'compare', field: 'birthday', op: 'gt', value: '2000-01-01' },
          { kind: 'not', child: { kind: 'compare', field: 'aliases', op: 'isEmptyArray', value: true } },
        ],
      },
    ],
  });
});

test('composite sub-field filters carry the sub-field', () => {
  const q = findMany(`{ people(filter: {name: {firstName: {eq: "John"}}, emails: {primaryEmail: {in: ["a@b.c"]}}}) { totalCount } }`);
  assert.deepEqual(q.filter, {
    kind: 'and',
    children: [
      { kind: 'compare', field: 'name', subField: 'firstName', op: 'eq', value: 'John' },
      { kind: 'compare', field: 'emails', subField: 'primaryEmail', op: 'in', value: ['a@b.c'] },
    ],
  });
});

test('an FK filter (companyId) compares the relation field', () => {
  const q = findMany(`query($id: ID) { people(filter: {companyId: {eq: $id}}) { totalCount } }`, { id: ID });
  assert.deepEqual(q.filter, { kind: 'compare', field: 'company', op: 'eq', value: ID });
});

test('enum filters and FilterIs values arrive as their names', () => {
  const q = findMany(`{ opportunities(filter: {stage: {in: [NEW, WON]}, rating: {is: NOT_NULL}}) { totalCount } }`);
  assert.deepEqual(q.filter, {
    kind: 'and',
    children: [
      { kind: 'compare', field: 'stage', op: 'in', value: ['NEW', 'WON'] },
      { kind: 'compare', field: 'rating', op: 'is', value: 'NOT_NULL' },
    ],
  });
});

test('a filter mentioning deletedAt anywhere includes soft-deleted rows', () => {
  const q = findMany(`{ people(filter: {id: {in: ["${ID}"]}, not: {deletedAt: {is: NULL}}}) { totalCount } }`);
  assert.equal(q.withDeleted, true);
  assert.deepEqual(q.filter, {
    kind: 'and',
    children: [
      { kind: 'compare', field: 'id', op: 'in', value: [ID] },
      { kind: 'not', child: { kind: 'compare', field: 'deletedAt', op: 'is', value: 'NULL' } },
    ],
  });
});

test('empty filters, empty and-lists and null entries constrain nothing', () => {
  for (const filter of ['{}', '{and: []}', '{or: [], jobTitle: null}', '{not: {}}']) {
    const q = findMany(`{ people(filter: ${filter}) { totalCount } }`);
    assert.equal(q.filter, undefined, filter);
  }
});

test('orderBy keeps list order and expands composite sub-fields', () => {
  const q = findMany(`{ people(orderBy: [{createdAt: AscNullsFirst}, {name: {lastName: DescNullsLast}}, null, {jobTitle: AscNullsLast}]) { totalCount } }`);
  assert.deepEqual(q.orderBy, [
    { field: 'createdAt', direction: 'AscNullsFirst' },
    { field: 'name', subField: 'lastName', direction: 'DescNullsLast' },
    { field: 'jobTitle', direction: 'AscNullsLast' },
  ]);
});

test('a single orderBy object is accepted as a list of one', () => {
  const q = findMany(`{ companies(orderBy: {employees: DescNullsFirst}) { totalCount } }`);
  assert.deepEqual(q.orderBy, [{ field: 'employees', direction: 'DescNullsFirst' }]);
});

test('first/after page forward; last/before page backward; the default size is the maximum', () => {
  const cursor = encodeCursor({ id: ID });
  const forward = findMany(`{ companies(first: 5, after: "${cursor}") { totalCount } }`);
  assert.deepEqual([forward.direction, forward.limit, forward.after, forward.before], ['forward', 5, { values: { id: ID } }, undefined]);
  const backward = findMany(`{ companies(last: 7, before: "${cursor}") { totalCount } }`);
  assert.deepEqual([backward.direction, backward.limit, backward.before], ['backward', 7, { values: { id: ID } }]);
  assert.equal(findMany(`{ companies { totalCount } }`).limit, 60);
});

test('page sizes above the maximum are clamped', () => {
  assert.equal(findMany(`{ companies(first: 5000) { totalCount } }`).limit, 60);
  assert.equal(findMany(`{ companies(first: 500) { totalCount } }`, undefined).limit, 60);
});

test('nested one-to-many connections get their own args and the relation page cap', () => {
  const t = translate(`{ companies { edges { node { people(filter: {jobTitle: {eq: "CEO"}}, first: 500) { edges { node { id } } } } } } }`, undefined, { maxRecordsFromRelation: 20 });
  const q = t.companies.ir.query as ConnectionQuery;
  const people = q.selection.fields[0];
  assert.equal(people.kind, 'oneToMany');
  if (people.kind !== 'oneToMany') return;
  assert.equal(people.connection.limit, 20);
  assert.deepEqual(people.connection.filter, { kind: 'compare', field: 'jobTitle', op: 'eq', value: 'CEO' });
  assert.equal(people.connection.object, 'person');
});

test('a selection maps scalars, composites, FKs and both relation kinds to the IR', () => {
  const q = findMany(`{ people { edges { node { id name { firstName } companyId company { name employees } } cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`);
  assert.deepEqual(q.selection, {
    fields: [
      { kind: 'field', alias: 'id', field: 'id' },
      { kind: 'field', alias: 'name', field: 'name', subFields: ['firstName'] },
      { kind: 'foreignKey', alias: 'companyId', field: 'company' },
      { kind: 'manyToOne', alias: 'company', field: 'company', selection: { fields: [{ kind: 'field', alias: 'name', field: 'name' }, { kind: 'field', alias: 'employees', field: 'employees' }] } },
    ],
  });
  assert.deepEqual(q.want, { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [] });
  assert.equal(q.aliases, undefined);
  assert.equal(translate(`{ people { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`).people.shape, undefined);
});

test('aliases become output keys for fields and connection parts', () => {
  const t = translate(`{ list: people { rows: edges { record: node { key: id title: jobTitle } at: cursor } count: totalCount } }`);
  const q = t.list.ir.query as ConnectionQuery;
  assert.deepEqual(q.aliases, { edges: 'rows', node: 'record', cursor: 'at', totalCount: 'count' });
  assert.deepEqual(q.selection.fields, [
    { kind: 'field', alias: 'key', field: 'id' },
    { kind: 'field', alias: 'title', field: 'jobTitle' },
  ]);
});

test('fragments, inline fragments and @skip/@include are expanded', () => {
  const query = `
    query($withTitle: Boolean!) { people { edges { node { ...Basic ... on Person { jobTitle @include(if: $withTitle) } } } } }
    fragment Basic on Person { id name { ...Names } }
    fragment Names on FullName { firstName lastName }`;
  const on = findMany(query, { withTitle: true });
  assert.deepEqual(on.selection.fields.map((f) => f.alias), ['id', 'name', 'jobTitle']);
  assert.deepEqual(on.selection.fields[1], { kind: 'field', alias: 'name', field: 'name', subFields: ['firstName', 'lastName'] });
  const off = findMany(query, { withTitle: false });
  assert.deepEqual(off.selection.fields.map((f) => f.alias), ['id', 'name']);
});

test('aggregate fields become aggregate requests', () => {
  const q = findMany(`{ opportunities { total: sumAmountAmountMicros countEmptyStage minCreatedAt } }`);
  assert.deepEqual(q.want.aggregates, [
    { alias: 'total', op: 'sum', field: 'amount', subField: 'amountMicros' },
    { alias: 'countEmptyStage', op: 'countEmpty', field: 'stage' },
    { alias: 'minCreatedAt', op: 'min', field: 'createdAt' },
  ]);
  assert.equal(q.want.edges, false);
});

test('__typename and aliases inside composites are recorded in the shape, not sent to SQL', () => {
  const t = translate(`{ people { __typename edges { node { __typename full: name { first: firstName __typename } } } pageInfo { more: hasNextPage } } }`);
  const q = t.people.ir.query as ConnectionQuery;
  assert.deepEqual(q.selection.fields, [{ kind: 'field', alias: 'full', field: 'name', subFields: ['firstName'] }]);
  assert.deepEqual(t.people.shape, [
    { key: '__typename', typename: 'PersonConnection' },
    {
      key: 'edges',
      child: [
        {
          key: 'node',
          child: [
            { key: '__typename', typename: 'Person' },
            { key: 'full', child: [{ key: 'first', from: 'firstName' }, { key: '__typename', typename: 'FullName' }] },
          ],
        },
      ],
    },
    { key: 'pageInfo', child: [{ key: 'more', from: 'hasNextPage' }] },
  ]);
});

test('findOne takes its filter; withDeleted follows deletedAt', () => {
  const t = translate(`{ person(filter: {id: {eq: "${ID}"}, deletedAt: {is: NOT_NULL}}) { id } }`);
  const q = t.person.ir.query as FindOneQuery;
  assert.equal(q.withDeleted, true);
  assert.equal(q.object, 'person');
  assert.equal(t.person.single, false);
});

test('mutations translate to create/update/delete queries with the actor and limits', () => {
  const t = translate(`mutation {
    createPerson(data: {jobTitle: "CEO", name: {firstName: "A"}, companyId: "${ID}"}, upsert: true) { id }
    createPeople(data: [{jobTitle: "A"}, {jobTitle: "B"}]) { id }
    updatePerson(id: "${ID}", data: {birthday: null, jobTitle: "X"}) { id }
    updatePeople(filter: {jobTitle: {eq: "A"}}, data: {jobTitle: "B"}) { id }
    deletePerson(id: "${ID}") { id deletedAt }
    destroyPeople(filter: {id: {in: ["${ID}"]}}) { id }
    restorePeople(filter: {id: {in: ["${ID}"]}}) { id }
  }`);
  const create = t.createPerson;
  assert.equal(create.single, true);
  // Coerced input objects have a null prototype; compare their content.
  assert.deepEqual(JSON.parse(JSON.stringify(create.ir.query)), {
    object: 'person',
    selection: { fields: [{ kind: 'field', alias: 'id', field: 'id' }] },
    records: [{ jobTitle: 'CEO', name: { firstName: 'A' }, companyId: ID }],
    upsert: true,
    actor: { source: 'API', workspaceMemberId: null, name: 'test key' },
  });
  assert.equal((t.createPeople.ir.query as { records: unknown[] }).records.length, 2);
  assert.deepEqual((t.updatePerson.ir.query as UpdateQuery).filter, { kind: 'compare', field: 'id', op: 'eq', value: ID });
  assert.equal((t.updatePeople.ir.query as UpdateQuery).maxAffected, 100);
  assert.deepEqual([t.deletePerson.ir.operation, (t.deletePerson.ir.query as DeleteQuery).mode, t.deletePerson.single], ['deleteOne', 'soft', true]);
  assert.equal((t.destroyPeople.ir.query as DeleteQuery).mode, 'destroy');
  assert.equal((t.restorePeople.ir.query as DeleteQuery).mode, 'restore');
});
