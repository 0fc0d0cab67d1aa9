import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchemaCache } from '../../src/api/graphql/cache.ts';
import { executeWorkspaceOperation, type WorkspaceExecutionContext } from '../../src/api/graphql/execute.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { ADMIN_PERMISSIONS } from '../../src/auth/permissions.ts';
import { API_ACTOR, id, seededWorkspace } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();
const schemas = createSchemaCache({ max: 10 });
const LIMITS = { maxRecords: 60, maxRecordsFromRelation: 60, maxAffected: 100, maxDepth: 10, maxRootFields: 20 };

let model: WorkspaceModel;
before(async () => {
  model = await seededWorkspace(db);
});

function gql(query: string, variables?: Record<string, unknown>) {
  const internal: unknown[] = [];
  const ctx: WorkspaceExecutionContext = { db, model, actor: API_ACTOR, permissions: ADMIN_PERMISSIONS, limits: LIMITS, schema: schemas.get(model), onInternalError: (e) => internal.push(e) };
  return executeWorkspaceOperation(ctx, { query, variables }).then((result) => {
    assert.deepEqual(internal, [], 'no internal errors');
    return result;
  });
}

test('a findMany query returns Twenty’s connection with nested relations, aliases and __typename', async () => {
  const result = await gql(`{
    people(filter: {companyId: {eq: "${id('company', 1)}"}}, orderBy: [{name: {firstName: AscNullsFirst}}]) {
      __typename
      edges { node { __typename id who: name { first: firstName } company { name } } }
      pageInfo { hasNextPage }
      totalCount
    }
  }`);
  assert.deepEqual(result, {
    data: {
      people: {
        __typename: 'PersonConnection',
        edges: [
          { node: { __typename: 'Person', id: id('person', 2), who: { first: 'Jane' }, company: { name: 'Acme' } } },
          { node: { __typename: 'Person', id: id('person', 1), who: { first: 'John' }, company: { name: 'Acme' } } },
        ],
        pageInfo: { hasNextPage: false },
        totalCount: 2,
      },
    },
  });
});

test('pages follow endCursor forward', async () => {
  const page = `query($after: String) { companies(first: 2, after: $after, orderBy: [{position: AscNullsFirst}]) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
  const first = (await gql(page)).data?.companies as { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  assert.deepEqual(first.edges.map((e) => e.node.name), ['Acme', 'Globex']);
  assert.equal(first.pageInfo.hasNextPage, true);
  const second = (await gql(page, { after: first.pageInfo.endCursor })).data?.companies as typeof first;
  assert.deepEqual(second.edges.map((e) => e.node.name), ['Initech', `O'Brien "Quotes"; DROP TABLE x; --`]);
  assert.equal(second.pageInfo.hasNextPage, false);
});

test('findOne returns null when nothing matches', async () => {
  assert.deepEqual(await gql(`{ company(filter: {name: {eq: "Nobody"}}) { id } }`), { data: { company: null } });
});

test('soft-deleted rows are hidden unless the filter mentions deletedAt', async () => {
  const hidden = await gql(`{ companies(filter: {name: {eq: "Deleted Co"}}) { totalCount } }`);
  assert.deepEqual(hidden.data, { companies: { totalCount: 0 } });
  const shown = await gql(`{ companies(filter: {name: {eq: "Deleted Co"}, deletedAt: {is: NOT_NULL}}) { totalCount } }`);
  assert.deepEqual(shown.data, { companies: { totalCount: 1 } });
});

test('mutations create, update, soft delete, restore and destroy records one statement each', async () => {
  const created = await gql(`mutation { createPerson(data: {name: {firstName: "New", lastName: "Person"}, jobTitle: "QA", companyId: "${id('company', 2)}"}) { id name { firstName } companyId createdBy { source } } }`);
  const person = created.data?.createPerson as { id: string; companyId: string; createdBy: { source: string } };
  assert.equal(person.companyId, id('company', 2));
  assert.equal(person.createdBy.source, 'API');
  const filter = `{id: {eq: "${person.id}"}}`;
  const updated = await gql(`mutation { updatePeople(filter: ${filter}, data: {jobTitle: "Lead QA"}) { jobTitle } }`);
  assert.deepEqual(updated.data, { updatePeople: [{ jobTitle: 'Lead QA' }] });
  const deleted = (await gql(`mutation { deletePerson(id: "${person.id}") { id deletedAt } }`)).data?.deletePerson as { deletedAt: string | null };
  assert.ok(deleted.deletedAt);
  const restored = await gql(`mutation { restorePeople(filter: ${filter}) { deletedAt } }`);
  assert.deepEqual(restored.data, { restorePeople: [{ deletedAt: null }] });
  const destroyed = await gql(`mutation { destroyPerson(id: "${person.id}") { id } }`);
  assert.deepEqual(destroyed.data, { destroyPerson: { id: person.id } });
  assert.deepEqual((await gql(`{ person(filter: ${filter}) { id } }`)).data, { person: null });
});

test('createMany is all-or-nothing', async () => {
  const taken = id('person', 1);
  const result = await gql(`mutation { createPeople(data: [{jobTitle: "ok"}, {id: "${taken}", jobTitle: "dup"}]) { id } }`);
  assert.equal(result.errors?.length, 1);
  assert.notEqual(result.errors?.[0].extensions?.code, 'INTERNAL_SERVER_ERROR');
  assert.deepEqual(result.data, { createPeople: null });
  const count = await gql(`{ people(filter: {jobTitle: {eq: "ok"}}) { totalCount } }`);
  assert.deepEqual(count.data, { people: { totalCount: 0 } });
});

test('an empty filter on a many-mutation fails before any SQL with Twenty’s error', async () => {
  const result = await gql(`mutation { deleteCompanies(filter: {}) { id } }`);
  assert.equal(result.data, undefined);
  assert.deepEqual(result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.subCode]), [['A non-empty filter is required', 'BAD_USER_INPUT', 'INVALID_QUERY_INPUT']]);
  const count = await gql(`{ companies { totalCount } }`);
  assert.deepEqual(count.data, { companies: { totalCount: 4 } });
});

test('a failing root field is null with an error while the others still answer', async () => {
  const result = await gql(`mutation {
    ok: updateCompany(id: "${id('company', 3)}", data: {tagline: "Still here"}) { tagline }
    bad: createCompany(data: {id: "${id('company', 1)}", name: "Dup"}) { id }
  }`);
  assert.deepEqual(result.data, { ok: { tagline: 'Still here' }, bad: null });
  assert.deepEqual(result.errors?.[0].path, ['bad']);
  assert.notEqual(result.errors?.[0].extensions?.code, 'INTERNAL_SERVER_ERROR');
});

test('introspection is answered next to data fields', async () => {
  const result = await gql(`{ __typename __type(name: "Company") { name } companies(first: 1) { totalCount } }`);
  // graphql-js builds null-prototype objects; compare what goes on the wire.
  assert.deepEqual(JSON.parse(JSON.stringify(result)), { data: { __typename: 'Query', __type: { name: 'Company' }, companies: { totalCount: 4 } } });
});
