// Golden SQL: each query shape beside the exact statement it compiles to. Run with
// UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor, decodeCursor } from '../../src/api/query/cursor.ts';
import { compileFindMany, compileFindOne } from '../../src/api/query/find.ts';
import type { FilterNode } from '../../src/api/query/ir.ts';
import { compileCreate, compileDelete, compileUpdate } from '../../src/api/query/mutate.ts';
import { compile, type Sql } from '../../src/core/sql.ts';
import { assertGolden } from '../helpers/golden.ts';
import { API_ACTOR, buildModel, connectionQuery, fields, id, listQuery } from '../helpers/query-fixture.ts';

const model = buildModel();
const dir = new URL('../fixtures/sql/', import.meta.url);
const byId: FilterNode = { kind: 'compare', field: 'id', op: 'eq', value: id('company', 1) };

const SHAPES: Record<string, () => Sql> = {
  'find-many-filter-sort-cursor': () =>
    compileFindMany(
      model,
      connectionQuery('company', {
        filter: { kind: 'or', children: [{ kind: 'compare', field: 'name', op: 'ilike', value: '%ac%' }, { kind: 'not', child: { kind: 'compare', field: 'employees', op: 'lt', value: 10 } }] },
        orderBy: [{ field: 'employees', direction: 'DescNullsLast' }, { field: 'createdAt', direction: 'AscNullsFirst' }],
        after: decodeCursor(encodeCursor({ employees: 50, createdAt: '2024-01-02T00:00:00.123456Z', id: id('company', 2) })),
        limit: 20,
        selection: fields('id', 'name', 'createdAt'),
        want: { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [{ alias: 'avgEmployees', op: 'avg', field: 'employees' }] },
      }),
    ),
  'find-many-backward-list': () =>
    compileFindMany(model, listQuery('company', { direction: 'backward', limit: 5, before: { values: { 'address.addressCity': null, id: id('company', 3) } }, orderBy: [{ field: 'address', subField: 'addressCity', direction: 'AscNullsLast' }] })),
  'find-many-nested-one-to-many': () =>
    compileFindMany(
      model,
      connectionQuery('company', {
        limit: 10,
        selection: { fields: [{ kind: 'field', alias: 'name', field: 'name' }, { kind: 'oneToMany', alias: 'people', field: 'people', connection: connectionQuery('person', { limit: 5, selection: fields('name', 'emails'), orderBy: [{ field: 'position', direction: 'AscNullsFirst' }] }) }] },
      }),
    ),
  'find-many-many-to-one': () =>
    compileFindMany(model, listQuery('person', { limit: 20, selection: { fields: [{ kind: 'field', alias: 'name', field: 'name', subFields: ['firstName'] }, { kind: 'foreignKey', alias: 'companyId', field: 'company' }, { kind: 'manyToOne', alias: 'company', field: 'company', selection: fields('id', 'name') }] } })),
  'find-many-offset': () => compileFindMany(model, connectionQuery('company', { limit: 10, offset: 20, selection: fields('id', 'name'), want: { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [] } })),
  'find-one': () => compileFindOne(model, { object: 'company', filter: byId, withDeleted: false, selection: fields('id', 'name', 'domainName') }),
  create: () => compileCreate(model, { object: 'company', upsert: false, actor: API_ACTOR, selection: fields('id', 'name'), records: [{ name: 'A', employees: 3 }, { name: 'B', domainName: { primaryLinkUrl: 'https://b.io' } }] }),
  upsert: () => compileCreate(model, { object: 'person', upsert: true, actor: API_ACTOR, selection: fields('id'), records: [{ emails: { primaryEmail: 'a@b.c' }, jobTitle: 'CEO' }] }),
  update: () => compileUpdate(model, { object: 'company', filter: byId, data: { name: 'New', address: { addressCity: 'Oslo' } }, actor: API_ACTOR, selection: fields('id', 'name'), maxAffected: 100 }),
  'update-connect': () =>
    compileUpdate(model, { object: 'person', filter: { kind: 'compare', field: 'id', op: 'eq', value: id('person', 1) }, data: { company: { connect: { where: { domainName: { primaryLinkUrl: 'https://b.io' } } } } }, actor: API_ACTOR, selection: fields('id'), maxAffected: 1 }),
  'soft-delete': () => compileDelete(model, { object: 'company', mode: 'soft', filter: byId, selection: fields('id', 'deletedAt'), maxAffected: 100, actor: API_ACTOR }),
  destroy: () => compileDelete(model, { object: 'company', mode: 'destroy', filter: byId, selection: fields('id'), maxAffected: 100, actor: API_ACTOR }),
  restore: () => compileDelete(model, { object: 'company', mode: 'restore', filter: byId, selection: fields('id', 'deletedAt'), maxAffected: 100, actor: API_ACTOR }),
};

for (const [name, build] of Object.entries(SHAPES)) {
  test(`the ${name} shape compiles to its golden SQL`, () => {
    const { text, values } = compile(build());
    const actual = `${text}\n-- values: ${JSON.stringify(values)}\n`;
    assertGolden(new URL(`${name}.sql`, dir), actual);
  });
}

test('page limits are literals in the text and every value is a parameter', () => {
  const { text, values } = compile(SHAPES['find-many-filter-sort-cursor']());
  assert.match(text, /LIMIT 21\)/);
  assert.ok(!text.includes('%ac%') && values.includes('%ac%'));
});
