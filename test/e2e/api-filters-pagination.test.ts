// The filter matrix gives the same id sets over GraphQL and REST, per field type; and walking
// every page forward (GraphQL `after`, REST `starting_after`) yields each record once, in
// order, even with ties on the sort key.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gqlData, startApiServer, type ApiServer } from '../helpers/api-server.ts';

const api: ApiServer = await startApiServer('Filters');
const ids: Record<string, string> = {};

async function batch(plural: string, records: Record<string, unknown>[], names: string[]): Promise<void> {
  const r = await api.rest('POST', `/batch/${plural}`, records);
  assert.equal(r.status, 201, r.text);
  const created = Object.values(r.body.data)[0] as { id: string }[];
  created.forEach((rec, i) => {
    ids[names[i]] = rec.id;
  });
}

before(async () => {
  const link = (url: string | null) => ({ primaryLinkUrl: url });
  const arr = (micros: number | null) => ({ amountMicros: micros, currencyCode: 'USD' });
  await batch(
    'companies',
    [
      { name: 'Alpha', employees: 10, idealCustomerProfile: true, domainName: link('alpha.com'), annualRecurringRevenue: arr(1_000_000) },
      { name: 'Beta', employees: 20, idealCustomerProfile: false, domainName: link('beta.io'), annualRecurringRevenue: arr(5_000_000) },
      { name: 'Gamma', employees: 30, idealCustomerProfile: true, annualRecurringRevenue: arr(null) },
      { name: 'Delta', employees: null, idealCustomerProfile: false, domainName: link('delta.com'), annualRecurringRevenue: arr(10_000_000) },
      { name: 'alphabet', employees: 50, idealCustomerProfile: false, domainName: link('alphabet.net') },
      { name: 'Omega', employees: 60 },
    ],
    ['alpha', 'beta', 'gamma', 'delta', 'alphabet', 'omega'],
  );
  assert.equal((await api.rest('DELETE', `/companies/${ids.omega}?soft_delete=true`)).status, 200);
  await batch(
    'people',
    [
      { name: { firstName: 'Ada', lastName: 'Lovelace' }, emails: { primaryEmail: 'ada@x.com' }, companyId: ids.alpha },
      { name: { firstName: 'Alan', lastName: 'Turing' }, emails: { primaryEmail: 'alan@y.org' }, companyId: ids.beta },
      { name: { firstName: 'Grace', lastName: 'Hopper' } },
    ],
    ['ada', 'alan', 'grace'],
  );
  await batch(
    'opportunities',
    [
      { name: 'O1', stage: 'NEW', closeDate: '2025-01-15T10:00:00Z' },
      { name: 'O2', stage: 'MEETING', closeDate: '2025-02-15T10:00:00Z' },
      { name: 'O3', stage: 'CUSTOMER', closeDate: '2025-03-15T10:00:00Z' },
    ],
    ['o1', 'o2', 'o3'],
  );
});

interface FilterCase {
  name: string;
  plural: string;
  gql: () => Record<string, unknown>;
  rest: () => string;
  expect: () => string[];
}

const CASES: FilterCase[] = [
  { name: 'TEXT eq', plural: 'companies', gql: () => ({ name: { eq: 'Alpha' } }), rest: () => 'name[eq]:"Alpha"', expect: () => [ids.alpha] },
  { name: 'TEXT ilike', plural: 'companies', gql: () => ({ name: { ilike: '%alpha%' } }), rest: () => 'name[ilike]:"%alpha%"', expect: () => [ids.alpha, ids.alphabet] },
  { name: 'TEXT in', plural: 'companies', gql: () => ({ name: { in: ['Beta', 'Gamma'] } }), rest: () => 'name[in]:["Beta","Gamma"]', expect: () => [ids.beta, ids.gamma] },
  { name: 'TEXT startsWith', plural: 'companies', gql: () => ({ name: { startsWith: 'Al' } }), rest: () => 'name[startsWith]:"Al"', expect: () => [ids.alpha] },
  { name: 'NUMBER gt', plural: 'companies', gql: () => ({ employees: { gt: 15 } }), rest: () => 'employees[gt]:15', expect: () => [ids.beta, ids.gamma, ids.alphabet] },
  { name: 'NUMBER is NULL', plural: 'companies', gql: () => ({ employees: { is: 'NULL' } }), rest: () => 'employees[is]:NULL', expect: () => [ids.delta] },
  { name: 'BOOLEAN eq', plural: 'companies', gql: () => ({ idealCustomerProfile: { eq: true } }), rest: () => 'idealCustomerProfile[eq]:true', expect: () => [ids.alpha, ids.gamma] },
  { name: 'DATE_TIME gte', plural: 'opportunities', gql: () => ({ closeDate: { gte: '2025-02-01T00:00:00Z' } }), rest: () => 'closeDate[gte]:"2025-02-01T00:00:00Z"', expect: () => [ids.o2, ids.o3] },
  { name: 'SELECT in', plural: 'opportunities', gql: () => ({ stage: { in: ['NEW', 'MEETING'] } }), rest: () => 'stage[in]:["NEW","MEETING"]', expect: () => [ids.o1, ids.o2] },
  { name: 'SELECT eq', plural: 'opportunities', gql: () => ({ stage: { eq: 'CUSTOMER' } }), rest: () => 'stage[eq]:"CUSTOMER"', expect: () => [ids.o3] },
  { name: 'LINKS sub-field like', plural: 'companies', gql: () => ({ domainName: { primaryLinkUrl: { like: '%.com' } } }), rest: () => 'domainName.primaryLinkUrl[like]:"%.com"', expect: () => [ids.alpha, ids.delta] },
  { name: 'FULL_NAME sub-field eq', plural: 'people', gql: () => ({ name: { firstName: { eq: 'Ada' } } }), rest: () => 'name.firstName[eq]:"Ada"', expect: () => [ids.ada] },
  { name: 'FULL_NAME sub-field ilike', plural: 'people', gql: () => ({ name: { lastName: { ilike: '%o%' } } }), rest: () => 'name.lastName[ilike]:"%o%"', expect: () => [ids.ada, ids.grace] },
  { name: 'EMAILS sub-field endsWith', plural: 'people', gql: () => ({ emails: { primaryEmail: { endsWith: '.org' } } }), rest: () => 'emails.primaryEmail[endsWith]:".org"', expect: () => [ids.alan] },
  { name: 'CURRENCY amountMicros gte', plural: 'companies', gql: () => ({ annualRecurringRevenue: { amountMicros: { gte: 5_000_000 } } }), rest: () => 'annualRecurringRevenue.amountMicros[gte]:5000000', expect: () => [ids.beta, ids.delta] },
  { name: 'relation FK eq', plural: 'people', gql: () => ({ companyId: { eq: ids.alpha } }), rest: () => `companyId[eq]:"${ids.alpha}"`, expect: () => [ids.ada] },
  { name: 'relation FK is NULL', plural: 'people', gql: () => ({ companyId: { is: 'NULL' } }), rest: () => 'companyId[is]:NULL', expect: () => [ids.grace] },
  { name: 'deletedAt is NOT_NULL', plural: 'companies', gql: () => ({ deletedAt: { is: 'NOT_NULL' } }), rest: () => 'deletedAt[is]:NOT_NULL', expect: () => [ids.omega] },
  { name: 'or', plural: 'companies', gql: () => ({ or: [{ name: { eq: 'Alpha' } }, { employees: { gt: 25 } }] }), rest: () => 'or(name[eq]:"Alpha",employees[gt]:25)', expect: () => [ids.alpha, ids.gamma, ids.alphabet] },
  { name: 'and', plural: 'companies', gql: () => ({ and: [{ employees: { gte: 10 } }, { employees: { lte: 30 } }] }), rest: () => 'and(employees[gte]:10,employees[lte]:30)', expect: () => [ids.alpha, ids.beta, ids.gamma] },
  { name: 'not', plural: 'companies', gql: () => ({ not: { idealCustomerProfile: { eq: true } } }), rest: () => 'not(idealCustomerProfile[eq]:true)', expect: () => [ids.beta, ids.delta, ids.alphabet] },
];

for (const c of CASES) {
  test(`filter ${c.name} on ${c.plural}: GraphQL and REST return the same ids`, async () => {
    const data = gqlData(await api.gql(`query($f: ${c.plural === 'people' ? 'Person' : c.plural === 'companies' ? 'Company' : 'Opportunity'}FilterInput) { ${c.plural}(filter: $f) { edges { node { id } } } }`, { f: c.gql() }));
    const viaGql = data[c.plural].edges.map((e: { node: { id: string } }) => e.node.id).sort();
    const r = await api.rest('GET', `/${c.plural}?filter=${encodeURIComponent(c.rest())}`);
    assert.equal(r.status, 200, r.text);
    const viaRest = r.body.data[c.plural].map((rec: { id: string }) => rec.id).sort();
    assert.deepEqual(viaRest, viaGql);
    assert.deepEqual(viaGql, [...c.expect()].sort());
  });
}

test('walking all pages forward gives every record once, in sort order, on both APIs despite ties', async () => {
  const records = Array.from({ length: 23 }, (_, i) => ({ name: `Page ${i}`, employees: 1000 + (i % 3) }));
  const created = await api.rest('POST', '/batch/companies', records);
  assert.equal(created.status, 201, created.text);
  const filter = { employees: { gte: 1000 } };
  const viaGql: { id: string; employees: number }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const data: { edges: { node: { id: string; employees: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = gqlData(
      await api.gql(
        'query($f: CompanyFilterInput, $after: String) { companies(filter: $f, orderBy: [{employees: AscNullsFirst}], first: 4, after: $after) { edges { node { id employees } } pageInfo { hasNextPage endCursor } } }',
        { f: filter, after },
      ),
    ).companies;
    viaGql.push(...data.edges.map((e: { node: { id: string; employees: number } }) => e.node));
    if (!data.pageInfo.hasNextPage) break;
    after = data.pageInfo.endCursor;
  }
  const viaRest: { id: string; employees: number }[] = [];
  let cursor = '';
  for (let page = 0; page < 20; page += 1) {
    const qs = `filter=${encodeURIComponent('employees[gte]:1000')}&order_by=${encodeURIComponent('employees[AscNullsFirst]')}&limit=4${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api.rest('GET', `/companies?${qs}`);
    assert.equal(r.status, 200, r.text);
    viaRest.push(...r.body.data.companies.map((c: { id: string; employees: number }) => ({ id: c.id, employees: c.employees })));
    if (!r.body.pageInfo.hasNextPage) break;
    cursor = r.body.pageInfo.endCursor;
  }
  for (const walk of [viaGql, viaRest]) {
    assert.equal(walk.length, 23);
    assert.equal(new Set(walk.map((r) => r.id)).size, 23, 'no duplicates');
    assert.ok(walk.every((r, i) => i === 0 || walk[i - 1].employees <= r.employees), 'sorted by the key');
  }
  assert.deepEqual(viaRest.map((r) => r.id), viaGql.map((r) => r.id), 'same order on both APIs (id breaks ties)');
});
