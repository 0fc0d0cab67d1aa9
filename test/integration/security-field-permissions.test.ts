// T9 and T8 over HTTP: a member whose role denies field person.salary and object vault.
// Every way of using salary to pick, order or summarise rows is a 403 before any SQL, totalCount
// never varies with salary, salary never appears in output, and denied writes change nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { dbFingerprint, securedWorkspace } from '../helpers/secured-workspace.ts';
import { gql, http, startSecuredApp, type HttpAnswer } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const ws = await securedWorkspace(db, 'Acme');
const base = await startSecuredApp({ db, redis, prefix });

function forbidden(answer: HttpAnswer, what: string): void {
  assert.notEqual(answer.status, 500, what);
  assert.equal(answer.body?.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${what}: ${answer.text}`);
  assert.equal(answer.body.data, undefined, `${what}: refused before any SQL, so no partial data`);
  assert.ok(!answer.text.includes('"salary":1') && !answer.text.includes('"salary":2') && !answer.text.includes('"salary":3'), `${what}: no salary value`);
}

const GRAPHQL_ORACLES: Record<string, string> = {
  'filter eq': '{ people(filter: {salary: {eq: 100}}) { totalCount } }',
  'filter gt inside and/or/not': '{ people(filter: {or: [{city: {eq: "x"}}, {not: {salary: {gt: 150}}}]}) { totalCount } }',
  'orderBy': '{ people(orderBy: [{salary: DescNullsLast}]) { edges { node { id } } } }',
  'aggregate max': '{ people { maxSalary } }',
  'aggregate avg': '{ people { avgSalary } }',
  'findOne filter': '{ person(filter: {salary: {eq: 100}}) { id } }',
  'selected in node': '{ people { edges { node { id salary } } } }',
  'selected through a relation': '{ companies { edges { node { people { edges { node { salary } } } } } } }',
  'updateMany filter': 'mutation { updatePeople(filter: {salary: {gt: 0}}, data: {city: "moved"}) { id } }',
  'deleteMany filter': 'mutation { deletePeople(filter: {salary: {gt: 0}}) { id } }',
  'update data': `mutation { updatePerson(id: "PID", data: {salary: 1}) { id } }`,
  'create data': 'mutation { createPerson(data: {salary: 1}) { id } }',
  'vault list': '{ vaults { totalCount } }',
  'vault create': 'mutation { createVault(data: {name: "x"}) { id } }',
};

for (const [name, query] of Object.entries(GRAPHQL_ORACLES)) {
  test(`GraphQL: the member is refused with FORBIDDEN when salary or vault is used in ${name}`, async () => {
    const before = await dbFingerprint(db, ws.schema);
    const answer = await gql(base, ws.memberToken, query.replace('PID', ws.personIds[0] as string));
    forbidden(answer, name);
    assert.deepEqual(await dbFingerprint(db, ws.schema), before, 'DB unchanged');
  });
}

test('GraphQL: the same queries work for the admin, so the refusals are about the role', async () => {
  const answer = await gql(base, ws.adminToken, '{ people(filter: {salary: {gt: 150}}, orderBy: [{salary: AscNullsLast}]) { totalCount maxSalary edges { node { salary } } } }');
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body.data.people, { totalCount: 2, maxSalary: 300, edges: [{ node: { salary: 200 } }, { node: { salary: 300 } }] });
});

test('totalCount for the member never depends on salary: it equals the count without any salary condition', async () => {
  const member = await gql(base, ws.memberToken, '{ people { totalCount } }');
  const admin = await gql(base, ws.adminToken, '{ people { totalCount } }');
  assert.equal(member.status, 200, member.text);
  assert.equal(member.body.data.people.totalCount, admin.body.data.people.totalCount);
});

test('REST: salary is left out of the member’s records and of relations, and kept for the admin', async () => {
  const member = await http(base, 'GET', '/rest/people?depth=1', { token: ws.memberToken });
  assert.equal(member.status, 200, member.text);
  assert.ok(member.body.data.people.length >= 3);
  assert.ok(member.body.data.people.every((p: Record<string, unknown>) => !('salary' in p)));
  const viaCompany = await http(base, 'GET', `/rest/companies/${ws.companyId}?depth=1`, { token: ws.memberToken });
  assert.equal(viaCompany.status, 200, viaCompany.text);
  assert.ok(!viaCompany.text.includes('"salary"'));
  const admin = await http(base, 'GET', `/rest/people/${ws.personIds[0]}`, { token: ws.adminToken });
  assert.equal(admin.body.data.person.salary, 100);
});

const REST_ORACLES: [string, string, unknown?][] = [
  ['GET', '/rest/people?filter=salary[gt]:150'],
  ['GET', '/rest/people?order_by=salary[DescNullsLast]'],
  ['GET', '/rest/vaults'],
  ['PATCH', '/rest/people/PID', { salary: 5 }],
  ['POST', '/rest/people', { salary: 5 }],
  ['PATCH', '/rest/people?filter=salary[gt]:0', { city: 'moved' }],
  ['DELETE', '/rest/people?filter=salary[gt]:0'],
  ['POST', '/rest/vaults', { name: 'x' }],
  ['DELETE', '/rest/vaults/VID'],
];

for (const [method, path, body] of REST_ORACLES) {
  test(`REST: ${method} ${path} is a 403 FORBIDDEN for the member and changes nothing`, async () => {
    const before = await dbFingerprint(db, ws.schema);
    const answer = await http(base, method, path.replace('PID', ws.personIds[0] as string).replace('VID', ws.vaultId), { token: ws.memberToken, body });
    assert.equal(answer.status, 403, answer.text);
    assert.equal(answer.body.code, 'FORBIDDEN');
    assert.deepEqual(await dbFingerprint(db, ws.schema), before, 'DB unchanged');
  });
}

test('a role change takes effect on the very next request', async () => {
  const { upsertFieldPermissions } = await import('../../src/auth/role-grants.ts');
  const person = ws.model.objects.find((o) => o.nameSingular === 'person');
  const salary = person?.fields.find((f) => f.name === 'salary');
  await upsertFieldPermissions(db, ws.id, ws.restrictedRoleId, [{ objectMetadataId: person?.id as string, fieldMetadataId: salary?.id as string, canReadFieldValue: true, canUpdateFieldValue: false }]);
  const allowed = await gql(base, ws.memberToken, '{ people(filter: {salary: {eq: 100}}) { totalCount } }');
  assert.equal(allowed.body.data?.people.totalCount, 1, allowed.text);
  const write = await gql(base, ws.memberToken, `mutation { updatePerson(id: "${ws.personIds[0]}", data: {salary: 1}) { id } }`);
  assert.equal(write.body.errors?.[0].extensions.code, 'FORBIDDEN');
  await upsertFieldPermissions(db, ws.id, ws.restrictedRoleId, [{ objectMetadataId: person?.id as string, fieldMetadataId: salary?.id as string, canReadFieldValue: false, canUpdateFieldValue: false }]);
  const denied = await gql(base, ws.memberToken, '{ people(filter: {salary: {eq: 100}}) { totalCount } }');
  assert.equal(denied.body.errors?.[0].extensions.code, 'FORBIDDEN');
});
