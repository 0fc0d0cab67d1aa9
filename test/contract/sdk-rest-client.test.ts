// Twenty 2.43's REST client (twenty-client-sdk/rest) against `twenty serve`: CRUD, batch create,
// relations by depth, filters, ordering, cursor pages, and errors it can read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestApiClient, RestApiClientError } from 'twenty-client-sdk/rest';
import { startApiServer, type ApiServer } from '../helpers/api-server.ts';

// Started at the top level: after() hooks registered inside before() would run right after it.
const api: ApiServer = await startApiServer('SDK Rest');
const client = new RestApiClient({ baseUrl: `${api.server.url}/rest`, token: api.token });

type Company = { id: string; name: string; employees: number | null; deletedAt?: string | null };

test('the REST client creates, reads, updates and deletes a company', async () => {
  const created = await client.post<{ data: { createCompany: Company } }>('/companies', { name: 'Initech', employees: 40 });
  const id = created.data.createCompany.id;
  assert.equal(created.data.createCompany.name, 'Initech');

  const one = await client.get<{ data: { company: Company } }>(`/companies/${id}`);
  assert.equal(one.data.company.employees, 40);

  const updated = await client.patch<{ data: { updateCompany: Company } }>(`/companies/${id}`, { employees: 41 });
  assert.deepEqual([updated.data.updateCompany.name, updated.data.updateCompany.employees], ['Initech', 41]);

  const deleted = await client.delete<{ data: { deleteCompany: { id: string } } }>(`/companies/${id}`);
  assert.equal(deleted.data.deleteCompany.id, id);
  await assert.rejects(client.get(`/companies/${id}`), (error: unknown) => error instanceof RestApiClientError && error.status === 404);
});

test('the REST client batch-creates records and reads a relation with depth', async () => {
  const company = await client.post<{ data: { createCompany: Company } }>('/companies', { name: 'Umbrella' });
  const companyId = company.data.createCompany.id;
  const people = await client.post<{ data: { createPeople: { id: string }[] } }>('/batch/people', [
    { name: { firstName: 'Alice', lastName: 'Rest' }, companyId },
    { name: { firstName: 'Bob', lastName: 'Rest' }, companyId },
  ]);
  assert.equal(people.data.createPeople.length, 2);

  const withPeople = await client.get<{ data: { company: Company & { people: { name: { firstName: string } }[] } } }>(`/companies/${companyId}`, { query: { depth: 1 } });
  assert.deepEqual(withPeople.data.company.people.map((p) => p.name.firstName).sort(), ['Alice', 'Bob']);
});

test('the REST client filters, orders and pages through companies with cursors', async () => {
  await client.post('/batch/companies', Array.from({ length: 5 }, (_, i) => ({ name: `Rest page ${i}`, employees: i })));
  const query = { filter: 'name[like]:"Rest page %"', order_by: 'employees[DescNullsLast]', limit: 2 };
  type Page = { data: { companies: Company[] }; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number };
  const first = await client.get<Page>('/companies', { query });
  assert.equal(first.totalCount, 5);
  assert.deepEqual(first.data.companies.map((c) => c.employees), [4, 3]);
  assert.equal(first.pageInfo.hasNextPage, true);

  const second = await client.get<Page>('/companies', { query: { ...query, starting_after: first.pageInfo.endCursor } });
  assert.deepEqual(second.data.companies.map((c) => c.employees), [2, 1]);
});

test('a user mistake reaches the REST client as a 400 with Twenty\'s error body', async () => {
  await assert.rejects(client.get('/companies', { query: { filter: 'nmae[eq]:"x"' } }), (error: unknown) => {
    assert.ok(error instanceof RestApiClientError);
    assert.equal(error.status, 400);
    const body = error.body as { statusCode: number; error: string; messages: string[] };
    assert.deepEqual([body.statusCode, body.error], [400, 'BadRequestException']);
    assert.match(body.messages.join(' '), /nmae/);
    return true;
  });
});
