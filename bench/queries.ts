// The benchmark operations, written once per peer for that peer's API: twenty's GraphQL and
// REST, PostGraphile's amber schema (tables → allCompanies/companyByRowId, the uuid column as
// `rowId`, relations as companyByCompanyId / peopleByCompanyId; condition and orderBy exist
// only on indexed columns), and the raw server's routes (raw-sql.ts). Every read selects the
// record id at each level first, so the ids of a response, in document order, identify the
// rows it returned.
import type { PeerName } from './peers/process.ts';

export type QueryId = 'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'm1' | 'm2' | 'm3';

export interface PeerRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Body of the i-th request: lookups and updates spread over many records. */
  body?: (i: number) => string;
}

/** Sends one request to a peer and returns its parsed JSON (throws on non-2xx). */
export type Send = (request: PeerRequest) => Promise<unknown>;

export interface QueryContext {
  token: string;
  /** The workspace member whose companies q1/q5 list. */
  ownerId: string;
  /** Companies spread over the table, for lookups (q3) and updates (m2). */
  companyIds: string[];
}

type Plan = (ctx: QueryContext, send: Send) => Promise<PeerRequest>;

export interface BenchQuery {
  id: QueryId;
  title: string;
  write: boolean;
  /** Writes: how many records each response must return. */
  returns?: number;
  plans: Partial<Record<PeerName, Plan>>;
}

/** The key holding a record's uuid in each peer's responses. */
export const ID_KEY: Record<PeerName, string> = { twenty: 'id', postgraphile: 'rowId', raw: 'id' };

const JSON_HEADERS = { 'content-type': 'application/json' };
export const CREATED_NAME = 'bench-created';
const BATCH = 50;

function graphql(headers: Record<string, string>, query: string, variables: (i: number) => Record<string, unknown> = () => ({})): PeerRequest {
  return { method: 'POST', path: '/graphql', headers: { ...JSON_HEADERS, ...headers }, body: (i) => JSON.stringify({ query, variables: variables(i) }) };
}

const auth = (ctx: QueryContext) => ({ authorization: `Bearer ${ctx.token}` });
const raw = (path: string, params: (i: number) => Record<string, unknown> = () => ({})): PeerRequest => ({ method: 'POST', path, headers: JSON_HEADERS, body: (i) => JSON.stringify(params(i)) });
const pick = (ids: string[], i: number) => ids[i % ids.length];
const done = (request: PeerRequest): Plan => async () => request;

/** Walks a JSON value in document order and returns every value under `key`. */
export function collectIds(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectIds(item, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string') out.push(v);
      else collectIds(v, key, out);
    }
  }
  return out;
}

function endCursor(json: unknown, path: string[]): string {
  let node: any = json;
  for (const step of path) node = node?.[step];
  if (typeof node !== 'string') throw new Error(`page 1 has no endCursor at ${path.join('.')}: ${JSON.stringify(json).slice(0, 300)}`);
  return node;
}

const Q1_TWENTY = `query Q1($owner: ID!, $after: String) { companies(filter: {accountOwnerId: {eq: $owner}}, orderBy: [{employees: DescNullsFirst}], first: 20, after: $after) { edges { node { id name employees domainName { primaryLinkUrl } } } pageInfo { hasNextPage endCursor } } }`;
const Q1_PGL = `query Q1($owner: UUID!, $after: Cursor) { allCompanies(condition: {accountOwnerId: $owner}, orderBy: [EMPLOYEES_DESC, PRIMARY_KEY_ASC], first: 20, after: $after) { edges { node { rowId name employees domainNamePrimaryLinkUrl } } pageInfo { hasNextPage endCursor } } }`;

const Q2_TWENTY = `{ companies(orderBy: [{id: AscNullsFirst}], first: 20) { edges { node { id name people(orderBy: [{id: AscNullsFirst}], first: 5) { edges { node { id name { firstName lastName } jobTitle } } } } } } }`;
const Q2_PGL = `{ allCompanies(orderBy: [PRIMARY_KEY_ASC], first: 20) { edges { node { rowId name peopleByCompanyId(orderBy: [PRIMARY_KEY_ASC], first: 5) { edges { node { rowId nameFirstName nameLastName jobTitle } } } } } } }`;

const Q3_TWENTY = `query Q3($id: UUID!) { company(filter: {id: {eq: $id}}) { id name employees domainName { primaryLinkUrl } address { addressCity } createdAt } }`;
const Q3_PGL = `query Q3($id: UUID!) { companyByRowId(rowId: $id) { rowId name employees domainNamePrimaryLinkUrl addressAddressCity createdAt } }`;

const Q4_TWENTY = `{ opportunities(orderBy: [{id: AscNullsFirst}], first: 10) { edges { node { id name stage company { id name people(orderBy: [{id: AscNullsFirst}], first: 5) { edges { node { id jobTitle } } } } } } } }`;
const Q4_PGL = `{ allOpportunities(orderBy: [PRIMARY_KEY_ASC], first: 10) { edges { node { rowId name stage companyByCompanyId { rowId name peopleByCompanyId(orderBy: [PRIMARY_KEY_ASC], first: 5) { edges { node { rowId jobTitle } } } } } } } }`;

const M1_TWENTY = `mutation M1($data: CompanyCreateInput!) { createCompany(data: $data) { id name } }`;
const M1_PGL = `mutation M1($c: CompanyInput!) { createCompany(input: {company: $c}) { company { rowId name } } }`;
const M2_TWENTY = `mutation M2($id: UUID!, $data: CompanyUpdateInput!) { updateCompany(id: $id, data: $data) { id name } }`;
const M2_PGL = `mutation M2($id: UUID!, $p: CompanyPatch!) { updateCompanyByRowId(input: {rowId: $id, companyPatch: $p}) { company { rowId name } } }`;
const M3_TWENTY = `mutation M3($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id name } }`;
// PostGraphile (amber) has no bulk create: 50 aliased root fields, which it runs one by one.
const M3_PGL = `mutation M3(${Array.from({ length: BATCH }, (_, i) => `$c${i}: CompanyInput!`).join(', ')}) { ${Array.from({ length: BATCH }, (_, i) => `m${i}: createCompany(input: {company: $c${i}}) { company { rowId name } }`).join(' ')} }`;

const created = (i: number) => ({ name: CREATED_NAME, employees: i % 1000 });
const batch = () => Array.from({ length: BATCH }, (_, i) => created(i));

export const QUERIES: BenchQuery[] = [
  {
    id: 'q1',
    title: 'Q1 20 companies: filter + sort + cursor (page 2)',
    write: false,
    plans: {
      twenty: async (ctx, send) => {
        const first = await send(graphql(auth(ctx), Q1_TWENTY, () => ({ owner: ctx.ownerId, after: null })));
        const after = endCursor(first, ['data', 'companies', 'pageInfo', 'endCursor']);
        return graphql(auth(ctx), Q1_TWENTY, () => ({ owner: ctx.ownerId, after }));
      },
      postgraphile: async (ctx, send) => {
        const first = await send(graphql({}, Q1_PGL, () => ({ owner: ctx.ownerId, after: null })));
        const after = endCursor(first, ['data', 'allCompanies', 'pageInfo', 'endCursor']);
        return graphql({}, Q1_PGL, () => ({ owner: ctx.ownerId, after }));
      },
      raw: async (ctx, send) => {
        const first = await send(raw('/q1', () => ({ owner: ctx.ownerId, afterEmployees: 2 ** 31 - 1, afterId: '00000000-0000-0000-0000-000000000000' })));
        const after = JSON.parse(endCursor(first, ['companies', 'pageInfo', 'endCursor'])) as { employees: number; id: string };
        return raw('/q1', () => ({ owner: ctx.ownerId, afterEmployees: after.employees, afterId: after.id }));
      },
    },
  },
  {
    id: 'q2',
    title: 'Q2 20 companies × first 5 people',
    write: false,
    plans: { twenty: async (ctx) => graphql(auth(ctx), Q2_TWENTY), postgraphile: done(graphql({}, Q2_PGL)), raw: done(raw('/q2')) },
  },
  {
    id: 'q3',
    title: 'Q3 findOne company by id',
    write: false,
    plans: {
      twenty: async (ctx) => graphql(auth(ctx), Q3_TWENTY, (i) => ({ id: pick(ctx.companyIds, i) })),
      postgraphile: async (ctx) => graphql({}, Q3_PGL, (i) => ({ id: pick(ctx.companyIds, i) })),
      raw: async (ctx) => raw('/q3', (i) => ({ id: pick(ctx.companyIds, i) })),
    },
  },
  {
    id: 'q4',
    title: 'Q4 10 opportunities → company → first 5 people',
    write: false,
    plans: { twenty: async (ctx) => graphql(auth(ctx), Q4_TWENTY), postgraphile: done(graphql({}, Q4_PGL)), raw: done(raw('/q4')) },
  },
  {
    id: 'q5',
    title: 'Q5 REST list: filter + order_by + depth=1 (companies with people)',
    write: false,
    plans: {
      twenty: async (ctx) => ({
        method: 'GET',
        path: `/rest/companies?filter=accountOwnerId[eq]:${ctx.ownerId}&order_by=employees[DescNullsFirst]&limit=20&depth=1&fields=id,name,employees,domainName,people`,
        headers: auth(ctx),
      }),
      raw: async (ctx) => raw('/q5', () => ({ owner: ctx.ownerId })),
    },
  },
  {
    id: 'm1',
    title: 'M1 createCompany',
    write: true,
    returns: 1,
    plans: {
      twenty: async (ctx) => graphql(auth(ctx), M1_TWENTY, (i) => ({ data: created(i) })),
      postgraphile: done(graphql({}, M1_PGL, (i) => ({ c: created(i) }))),
      raw: done(raw('/m1', (i) => created(i))),
    },
  },
  {
    id: 'm2',
    title: 'M2 updateCompany by id',
    write: true,
    returns: 1,
    plans: {
      twenty: async (ctx) => graphql(auth(ctx), M2_TWENTY, (i) => ({ id: pick(ctx.companyIds, i), data: { name: `Renamed ${i}` } })),
      postgraphile: async (ctx) => graphql({}, M2_PGL, (i) => ({ id: pick(ctx.companyIds, i), p: { name: `Renamed ${i}` } })),
      raw: async (ctx) => raw('/m2', (i) => ({ id: pick(ctx.companyIds, i), name: `Renamed ${i}` })),
    },
  },
  {
    id: 'm3',
    title: `M3 createCompanies (batch of ${BATCH})`,
    write: true,
    returns: BATCH,
    plans: {
      twenty: async (ctx) => graphql(auth(ctx), M3_TWENTY, () => ({ data: batch() })),
      postgraphile: done(graphql({}, M3_PGL, () => Object.fromEntries(batch().map((c, i) => [`c${i}`, c])))),
      raw: done(raw('/m3', () => ({ names: batch().map((c) => c.name), employees: batch().map((c) => c.employees) }))),
    },
  },
];
