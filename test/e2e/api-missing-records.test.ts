// Twenty 2.43: a one-record mutation (update, delete, destroy, restore) on an id it cannot find —
// none such, another workspace's, or not in the state the mutation needs — is a NOT_FOUND error
// (REST: 404), never `null` data. The many-record variants answer an empty list, as Twenty's do.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertCleanError, gqlData, type HttpResult } from '../helpers/api-server.ts';
import { startTenants } from '../helpers/durability-tenants.ts';

const { tenants } = await startTenants(['Missing A', 'Missing B']);
const [a, b] = tenants;
const ids = { live: '', deleted: '', other: '' };

before(async () => {
  const create = async (client: typeof a, name: string) => {
    const res = await client.rest('POST', '/companies', { name });
    assert.equal(res.status, 201, res.text);
    return res.body.data.createCompany.id as string;
  };
  ids.live = await create(a, 'Live Co');
  ids.deleted = await create(a, 'Deleted Co');
  ids.other = await create(b, 'B Secret Co');
  gqlData(await a.gql('mutation($id: UUID!) { deleteCompany(id: $id) { id } }', { id: ids.deleted }));
});

const MUTATIONS = {
  updateCompany: 'mutation($id: UUID!) { updateCompany(id: $id, data: {name: "Changed"}) { id name } }',
  deleteCompany: 'mutation($id: UUID!) { deleteCompany(id: $id) { id } }',
  destroyCompany: 'mutation($id: UUID!) { destroyCompany(id: $id) { id } }',
  restoreCompany: 'mutation($id: UUID!) { restoreCompany(id: $id) { id } }',
} as const;

function assertNotFound(result: HttpResult, field: string): void {
  assertCleanError(result, 200);
  assert.equal(result.body.errors?.length, 1, result.text);
  assert.equal(result.body.errors[0].extensions.code, 'NOT_FOUND', result.text);
  assert.deepEqual(result.body.errors[0].path, [field]);
  assert.equal(result.body.data?.[field], null, result.text);
  assert.ok(!result.text.includes('B Secret'), result.text);
}

test('updateX, deleteX, destroyX and restoreX on an id that does not exist are NOT_FOUND errors', async () => {
  for (const [field, query] of Object.entries(MUTATIONS)) assertNotFound(await a.gql(query, { id: randomUUID() }), field);
});

test("one-record mutations on another workspace's record are NOT_FOUND and change nothing there", async () => {
  for (const [field, query] of Object.entries(MUTATIONS)) assertNotFound(await a.gql(query, { id: ids.other }), field);
  const still = gqlData(await b.gql('query($id: UUID!) { company(filter: {id: {eq: $id}}) { name deletedAt } }', { id: ids.other }));
  assert.deepEqual(still.company, { name: 'B Secret Co', deletedAt: null });
});

test('updateX and deleteX on a soft-deleted record, and restoreX on a live one, are NOT_FOUND', async () => {
  assertNotFound(await a.gql(MUTATIONS.updateCompany, { id: ids.deleted }), 'updateCompany');
  assertNotFound(await a.gql(MUTATIONS.deleteCompany, { id: ids.deleted }), 'deleteCompany');
  assertNotFound(await a.gql(MUTATIONS.restoreCompany, { id: ids.live }), 'restoreCompany');
});

test('a NOT_FOUND root field does not stop the other root fields of the same mutation', async () => {
  const res = await a.gql('mutation($gone: UUID!, $id: UUID!) { missing: updateCompany(id: $gone, data: {name: "X"}) { id } found: updateCompany(id: $id, data: {name: "Live Co"}) { id } }', { gone: randomUUID(), id: ids.live });
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', res.text);
  assert.deepEqual(res.body.data, { missing: null, found: { id: ids.live } });
});

test('the many-record variants answer an empty list when the filter matches nothing, as Twenty 2.43 does', async () => {
  const filter = { id: { in: [randomUUID(), ids.other] } };
  const data = gqlData(
    await a.gql(
      `mutation($f: CompanyFilterInput!) {
        updateCompanies(filter: $f, data: {name: "X"}) { id }
        deleteCompanies(filter: $f) { id }
        restoreCompanies(filter: $f) { id }
        destroyCompanies(filter: $f) { id }
      }`,
      { f: filter },
    ),
  );
  assert.deepEqual(data, { updateCompanies: [], deleteCompanies: [], restoreCompanies: [], destroyCompanies: [] });
});

test('REST answers 404 NOT_FOUND for the same one-record calls', async () => {
  for (const id of [randomUUID(), ids.other]) {
    for (const [method, path, body] of [
      ['GET', `/companies/${id}`, undefined],
      ['PATCH', `/companies/${id}`, { name: 'Changed' }],
      ['DELETE', `/companies/${id}?soft_delete=true`, undefined],
      ['DELETE', `/companies/${id}`, undefined],
      ['PATCH', `/restore/companies/${id}`, undefined],
    ] as const) {
      const res = await a.rest(method, path, body);
      assertCleanError(res, 404);
      assert.equal(res.body.code, 'NOT_FOUND', `${method} ${path}: ${res.text}`);
      assert.ok(!res.text.includes('B Secret'), res.text);
    }
  }
  assertCleanError(await a.rest('PATCH', `/companies/${ids.deleted}`, { name: 'Changed' }), 404);
  assertCleanError(await a.rest('PATCH', `/restore/companies/${ids.live}`), 404);
});
