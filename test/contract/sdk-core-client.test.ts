// Twenty 2.43's generated core client against `twenty serve`: the SDK's generator reads our
// /graphql schema, and the client it builds runs CRUD, relations, filters, pagination and
// aggregates unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApiServer, type ApiServer } from '../helpers/api-server.ts';
import { generatedCoreClient, type GeneratedCoreClient } from '../helpers/sdk-clients.ts';

// Started at the top level: after() hooks registered inside before() would run right after it.
const api: ApiServer = await startApiServer('SDK Core');
const client: GeneratedCoreClient = await generatedCoreClient(api);

const companyFields = { id: true, name: true, employees: true, domainName: { primaryLinkUrl: true }, address: { addressCity: true } };

test('the generated client creates, reads, updates, soft-deletes, restores and destroys a company', async () => {
  const { createCompany } = await client.mutation({
    createCompany: { __args: { data: { name: 'Acme', employees: 12, domainName: { primaryLinkUrl: 'https://acme.example' }, address: { addressCity: 'Paris' } } }, ...companyFields },
  });
  assert.equal(createCompany.name, 'Acme');
  assert.deepEqual([createCompany.employees, createCompany.domainName.primaryLinkUrl, createCompany.address.addressCity], [12, 'https://acme.example', 'Paris']);

  const { company } = await client.query({ company: { __args: { filter: { id: { eq: createCompany.id } } }, ...companyFields } });
  assert.deepEqual(company, createCompany);

  const { updateCompany } = await client.mutation({ updateCompany: { __args: { id: createCompany.id, data: { employees: 13 } }, id: true, employees: true, name: true } });
  assert.deepEqual(updateCompany, { id: createCompany.id, employees: 13, name: 'Acme' });

  const { deleteCompany } = await client.mutation({ deleteCompany: { __args: { id: createCompany.id }, id: true, deletedAt: true } });
  assert.ok(deleteCompany.deletedAt);
  const hidden = await client.query({ companies: { __args: { filter: { id: { eq: createCompany.id } } }, totalCount: true } });
  assert.equal(hidden.companies.totalCount, 0);

  const { restoreCompany } = await client.mutation({ restoreCompany: { __args: { id: createCompany.id }, id: true, deletedAt: true } });
  assert.equal(restoreCompany.deletedAt, null);

  await client.mutation({ deleteCompany: { __args: { id: createCompany.id }, id: true } });
  const { destroyCompany } = await client.mutation({ destroyCompany: { __args: { id: createCompany.id }, id: true } });
  assert.equal(destroyCompany.id, createCompany.id);
});

test('the generated client creates many records and reads relations both ways', async () => {
  const { createCompany } = await client.mutation({ createCompany: { __args: { data: { name: 'Globex' } }, id: true } });
  const { createPeople } = await client.mutation({
    createPeople: {
      __args: { data: ['Ada', 'Alan', 'Grace'].map((firstName) => ({ name: { firstName, lastName: 'Contract' }, companyId: createCompany.id })) },
      id: true,
      name: { firstName: true },
    },
  });
  assert.equal(createPeople.length, 3);

  const { company } = await client.query({
    company: {
      __args: { filter: { id: { eq: createCompany.id } } },
      name: true,
      people: { __args: { orderBy: [{ name: { firstName: 'AscNullsLast' } }] }, totalCount: true, edges: { node: { name: { firstName: true }, company: { name: true } } } },
    },
  });
  assert.equal(company.people.totalCount, 3);
  assert.deepEqual(company.people.edges.map((e: any) => e.node.name.firstName), ['Ada', 'Alan', 'Grace']);
  assert.ok(company.people.edges.every((e: any) => e.node.company.name === 'Globex'));
});

test('the generated client filters, sorts and pages through a list with cursors', async () => {
  await client.mutation({ createCompanies: { __args: { data: Array.from({ length: 5 }, (_, i) => ({ name: `Paged ${i}`, employees: i * 10 })) }, id: true } });
  const filter = { name: { like: 'Paged %' } };
  const orderBy = [{ employees: 'DescNullsLast' }];
  const first = await client.query({
    companies: { __args: { filter, orderBy, first: 2 }, totalCount: true, pageInfo: { hasNextPage: true, endCursor: true }, edges: { node: { name: true } } },
  });
  assert.equal(first.companies.totalCount, 5);
  assert.deepEqual(first.companies.edges.map((e: any) => e.node.name), ['Paged 4', 'Paged 3']);
  assert.equal(first.companies.pageInfo.hasNextPage, true);

  const second = await client.query({
    companies: { __args: { filter, orderBy, first: 2, after: first.companies.pageInfo.endCursor }, edges: { node: { name: true } } },
  });
  assert.deepEqual(second.companies.edges.map((e: any) => e.node.name), ['Paged 2', 'Paged 1']);

  const filtered = await client.query({ companies: { __args: { filter: { and: [filter, { employees: { gte: 20 } }] } }, totalCount: true } });
  assert.equal(filtered.companies.totalCount, 3);
});

test('the generated client reads aggregates on a connection', async () => {
  await client.mutation({ createCompanies: { __args: { data: [{ name: 'Agg A', employees: 5 }, { name: 'Agg B', employees: 15 }] }, id: true } });
  const { companies } = await client.query({
    companies: { __args: { filter: { name: { like: 'Agg %' } } }, totalCount: true, sumEmployees: true, avgEmployees: true, minEmployees: true, maxEmployees: true },
  });
  assert.deepEqual(companies, { totalCount: 2, sumEmployees: 20, avgEmployees: 10, minEmployees: 5, maxEmployees: 15 });
});

test('an error from the server reaches the generated client as a GenqlError with its code', async () => {
  await assert.rejects(
    client.mutation({ updateCompany: { __args: { id: 'not-a-uuid', data: { name: 'x' } }, id: true } }),
    (error: any) => {
      // GenqlError keeps the GraphQL errors; a transport failure would have none.
      assert.ok(Array.isArray(error.errors), String(error));
      assert.match(error.message, /not-a-uuid/);
      assert.ok(error.errors.every((e: any) => e.extensions?.code && e.extensions.code !== 'INTERNAL_SERVER_ERROR'), JSON.stringify(error.errors));
      return true;
    },
  );
});

test('the generated client pages with offset and connects/disconnects a relation by id or by a unique field', async () => {
  const { createCompanies } = await client.mutation({
    createCompanies: { __args: { data: ['Off 0', 'Off 1', 'Off 2'].map((name, i) => ({ name, domainName: { primaryLinkUrl: `https://off${i}.example` } })) }, id: true },
  });
  const skipped = await client.query({ companies: { __args: { filter: { name: { like: 'Off %' } }, orderBy: [{ name: 'AscNullsFirst' }], offset: 1, first: 1 }, edges: { node: { name: true } } } });
  assert.deepEqual(skipped.companies.edges.map((e: any) => e.node.name), ['Off 1']);

  const { createPerson } = await client.mutation({
    createPerson: { __args: { data: { name: { firstName: 'Con', lastName: 'Nect' }, company: { connect: { where: { id: createCompanies[0].id } } } } }, id: true, companyId: true },
  });
  assert.equal(createPerson.companyId, createCompanies[0].id);
  const { updatePerson } = await client.mutation({
    updatePerson: { __args: { id: createPerson.id, data: { company: { connect: { where: { domainName: { primaryLinkUrl: 'https://off2.example' } } } } } }, company: { name: true } },
  });
  assert.equal(updatePerson.company.name, 'Off 2');
  const disconnected = await client.mutation({ updatePerson: { __args: { id: createPerson.id, data: { company: { disconnect: true } } }, companyId: true } });
  assert.equal(disconnected.updatePerson.companyId, null);
});

test('a one-record mutation on a missing id rejects with NOT_FOUND in the generated client', async () => {
  await assert.rejects(
    client.mutation({ updateCompany: { __args: { id: '00000000-0000-4000-8000-000000000000', data: { name: 'x' } }, id: true } }),
    (error: any) => {
      assert.equal(error.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(error.errors));
      return true;
    },
  );
});
