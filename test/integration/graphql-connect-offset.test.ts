// Twenty 2.43's /graphql additions over HTTP: nested `connect` (by id or by a unique field) and
// `disconnect` on MANY_TO_ONE fields of create and update inputs, and `offset` on root and
// nested connections. A connect finds only a live record of the caller's own workspace that
// the caller's role may read; a refused connect changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { one } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { createRole } from '../../src/auth/roles.ts';
import { assignRoleToMember, upsertObjectPermissions } from '../../src/auth/role-grants.ts';
import { findObject } from '../../src/metadata/model.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { dbFingerprint, securedWorkspace } from '../helpers/secured-workspace.ts';
import { gql, startSecuredApp, type HttpAnswer } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const a = await securedWorkspace(db, 'Connect A');
const b = await securedWorkspace(db, 'Connect B');
const base = await startSecuredApp({ db, redis, prefix });

function data(answer: HttpAnswer): any {
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body?.errors, undefined, answer.text);
  return answer.body.data;
}

function refused(answer: HttpAnswer, code: string, what: string): void {
  assert.notEqual(answer.status, 500, what);
  assert.equal(answer.body?.errors?.[0]?.extensions?.code, code, `${what}: ${answer.text}`);
  assert.ok(!answer.text.includes('Connect B-marker'), `${what} leaks B: ${answer.text}`);
}

async function company(ws: typeof a, name: string, domain: string): Promise<string> {
  const q = 'mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id } }';
  return data(await gql(base, ws.adminToken, q, { d: { name, domainName: { primaryLinkUrl: domain } } })).createCompany.id;
}

const acme = await company(a, 'Acme', 'https://acme.test');
const globex = await company(a, 'Globex', 'https://globex.test');
const bCompany = await company(b, 'Connect B-marker co', 'https://b-only.test');

test('createPerson connects its company by id and by a unique field (domainName.primaryLinkUrl)', async () => {
  const q = 'mutation($d: PersonCreateInput!) { createPerson(data: $d) { companyId company { name } } }';
  const byId = data(await gql(base, a.adminToken, q, { d: { name: { firstName: 'By', lastName: 'Id' }, company: { connect: { where: { id: acme } } } } }));
  assert.deepEqual(byId.createPerson, { companyId: acme, company: { name: 'Acme' } });
  const byDomain = data(await gql(base, a.adminToken, q, { d: { name: { firstName: 'By', lastName: 'Domain' }, company: { connect: { where: { domainName: { primaryLinkUrl: 'https://globex.test' } } } } } }));
  assert.deepEqual(byDomain.createPerson, { companyId: globex, company: { name: 'Globex' } });
});

test('updatePerson reconnects and disconnects its company; createPeople connects per record', async () => {
  const created = data(await gql(base, a.adminToken, 'mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id companyId } }', {
    d: [
      { name: { firstName: 'Many', lastName: 'One' }, company: { connect: { where: { id: acme } } } },
      { name: { firstName: 'Many', lastName: 'Two' }, company: { connect: { where: { domainName: { primaryLinkUrl: 'https://globex.test' } } } } },
      { name: { firstName: 'Many', lastName: 'Three' } },
    ],
  })).createPeople;
  assert.deepEqual(created.map((p: { companyId: string | null }) => p.companyId), [acme, globex, null]);
  const update = 'mutation($id: UUID!, $d: PersonUpdateInput!) { updatePerson(id: $id, data: $d) { companyId } }';
  const moved = data(await gql(base, a.adminToken, update, { id: created[0].id, d: { company: { connect: { where: { domainName: { primaryLinkUrl: 'https://globex.test' } } } } } }));
  assert.equal(moved.updatePerson.companyId, globex);
  const gone = data(await gql(base, a.adminToken, update, { id: created[0].id, d: { company: { disconnect: true } } }));
  assert.equal(gone.updatePerson.companyId, null);
});

test('a connect that finds nothing is refused and changes nothing: unknown id, unknown domain, soft-deleted or another workspace’s company', async () => {
  const doomed = await company(a, 'Doomed', 'https://doomed.test');
  data(await gql(base, a.adminToken, 'mutation($id: UUID!) { deleteCompany(id: $id) { id } }', { id: doomed }));
  const create = 'mutation($d: PersonCreateInput!) { createPerson(data: $d) { id } }';
  const update = 'mutation($id: UUID!, $d: PersonUpdateInput!) { updatePerson(id: $id, data: $d) { id } }';
  const wheres: Record<string, unknown> = {
    'unknown id': { id: '00000000-0000-4000-8000-000000000000' },
    'unknown domain': { domainName: { primaryLinkUrl: 'https://nowhere.test' } },
    'soft-deleted company': { id: doomed },
    "B's company by id": { id: bCompany },
    "B's company by domain": { domainName: { primaryLinkUrl: 'https://b-only.test' } },
  };
  for (const [what, where] of Object.entries(wheres)) {
    const before = await dbFingerprint(db, a.schema);
    refused(await gql(base, a.adminToken, create, { d: { name: { firstName: 'No', lastName: what }, company: { connect: { where } } } }), 'BAD_USER_INPUT', `create: ${what}`);
    refused(await gql(base, a.adminToken, update, { id: a.personIds[0], d: { company: { connect: { where } } } }), 'BAD_USER_INPUT', `update: ${what}`);
    assert.deepEqual(await dbFingerprint(db, a.schema), before, `${what}: DB unchanged`);
  }
  const row = await one<{ companyId: string | null }>(db, sql`SELECT "companyId" FROM ${ident(b.schema, 'person')} WHERE "id" = ${b.personIds[0]}`);
  assert.equal(row?.companyId, null, "B's rows are untouched");
});

test('malformed nested relation inputs are BAD_USER_INPUT before any SQL', async () => {
  const create = 'mutation($d: PersonCreateInput!) { createPerson(data: $d) { id } }';
  const cases: Record<string, Record<string, unknown>> = {
    'a non-unique field': { company: { connect: { where: { name: 'Acme' } } } },
    'an empty where': { company: { connect: { where: {} } } },
    'connect and disconnect together': { company: { connect: { where: { id: acme } }, disconnect: true } },
    'the FK and the relation together': { companyId: acme, company: { connect: { where: { id: acme } } } },
  };
  for (const [what, input] of Object.entries(cases)) {
    const before = await dbFingerprint(db, a.schema);
    refused(await gql(base, a.adminToken, create, { d: { name: { firstName: 'Bad', lastName: what }, ...input } }), 'BAD_USER_INPUT', what);
    assert.deepEqual(await dbFingerprint(db, a.schema), before, `${what}: DB unchanged`);
  }
});

test('a role that cannot read companies cannot connect a person to one (FORBIDDEN), but can still set other fields', async () => {
  const companyObject = findObject(a.model, 'company');
  const role = await createRole(db, a.id, { label: 'No companies', canReadAllObjectRecords: true, canUpdateAllObjectRecords: true, canSoftDeleteAllObjectRecords: true });
  await upsertObjectPermissions(db, a.id, role.id, [{ objectMetadataId: companyObject?.id as string, canReadObjectRecords: false, canUpdateObjectRecords: false, canSoftDeleteObjectRecords: false, canDestroyObjectRecords: false }]);
  await assignRoleToMember(db, a.id, { workspaceMemberId: a.memberMemberId, roleId: role.id, callerWorkspaceMemberId: null });
  const before = await dbFingerprint(db, a.schema);
  const update = 'mutation($id: UUID!, $d: PersonUpdateInput!) { updatePerson(id: $id, data: $d) { id } }';
  refused(await gql(base, a.memberToken, update, { id: a.personIds[1], d: { company: { connect: { where: { domainName: { primaryLinkUrl: 'https://acme.test' } } } } } }), 'FORBIDDEN', 'connect by domain');
  refused(await gql(base, a.memberToken, update, { id: a.personIds[1], d: { company: { connect: { where: { id: acme } } } } }), 'FORBIDDEN', 'connect by id');
  assert.deepEqual(await dbFingerprint(db, a.schema), before, 'DB unchanged');
  data(await gql(base, a.memberToken, update, { id: a.personIds[1], d: { jobTitle: 'Still allowed' } }));
  await assignRoleToMember(db, a.id, { workspaceMemberId: a.memberMemberId, roleId: a.restrictedRoleId, callerWorkspaceMemberId: null });
});

test('offset skips records on root and nested connections, after the cursor, with the same order', async () => {
  const all = data(await gql(base, a.adminToken, '{ companies(orderBy: [{name: AscNullsFirst}]) { edges { node { name } } } }')).companies.edges.map((e: any) => e.node.name);
  assert.ok(all.length >= 3, all.join());
  const page = data(await gql(base, a.adminToken, '{ companies(orderBy: [{name: AscNullsFirst}], first: 1, offset: 1) { totalCount edges { cursor node { name } } pageInfo { hasNextPage } } }')).companies;
  assert.deepEqual(page.edges.map((e: any) => e.node.name), [all[1]]);
  assert.equal(page.totalCount, all.length, 'totalCount ignores the offset');
  assert.equal(page.pageInfo.hasNextPage, all.length > 2);
  const after = data(await gql(base, a.adminToken, 'query($c: String) { companies(orderBy: [{name: AscNullsFirst}], after: $c, offset: 1) { edges { node { name } } } }', { c: page.edges[0].cursor })).companies;
  assert.deepEqual(after.edges.map((e: any) => e.node.name), all.slice(3));
  const nested = data(await gql(base, a.adminToken, 'query($id: UUID!) { company(filter: {id: {eq: $id}}) { people(orderBy: [{name: {firstName: AscNullsFirst}}]) { edges { node { id } } } skipped: people(orderBy: [{name: {firstName: AscNullsFirst}}], offset: 1) { edges { node { id } } } } }', { id: globex })).company;
  assert.deepEqual(nested.skipped.edges, nested.people.edges.slice(1));
  assert.ok(nested.people.edges.length >= 2);
  refused(await gql(base, a.adminToken, '{ companies(offset: -1) { totalCount } }'), 'BAD_USER_INPUT', 'negative offset');
});
