// T1, T3, T4(a): workspace A's admin token against workspace B's ids, on every root field of the
// served GraphQL schema, every REST route and every /metadata auth mutation that takes an id.
// The cases are generated from the surface: a root field, route or mutation the generator
// cannot classify fails the test, so a new one is covered (or noticed) automatically.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { getNamedType, isInputObjectType, isNonNullType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { one, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { buildWorkspaceSchema } from '../../src/api/graphql/schema.ts';
import { roleOf } from '../../src/api/graphql/roles.ts';
import { createRestRouter } from '../../src/api/rest/router.ts';
import { commonTypeDefs } from '../../src/api/metadata/common-types.ts';
import { authDomain } from '../../src/api/metadata/auth/domain.ts';
import { apiKeysDomain } from '../../src/api/metadata/api-keys/domain.ts';
import { rolesPermissionsDomain } from '../../src/api/metadata/roles-permissions/domain.ts';
import { tableName } from '../../src/metadata/names.ts';
import type { ObjectModel } from '../../src/metadata/model.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { dbFingerprint, securedWorkspace } from '../helpers/secured-workspace.ts';
import { gql, http, metadata, startSecuredApp, type HttpAnswer } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const A = await securedWorkspace(db, 'Alpha');
const B = await securedWorkspace(db, 'Beta');
const base = await startSecuredApp({ db, redis, prefix });

/** One live row per object of B (inserted with defaults where the table allows it), else a random id. */
const bIds = new Map<string, string>();
for (const object of B.model.objects) {
  const row = await one<{ id: string }>(db, sql`INSERT INTO ${ident(B.schema, tableName(object))} DEFAULT VALUES RETURNING "id"`).catch(() => undefined);
  bIds.set(object.nameSingular, row?.id ?? randomUUID());
}
const bFingerprint = async () => dbFingerprint(db, B.schema, B.id);

/** Upserts with B's ids made rows with those ids in A; later cases must not find them. */
async function dropBIdsFromA(): Promise<void> {
  for (const object of A.model.objects) {
    await one(db, sql`DELETE FROM ${ident(A.schema, tableName(object))} WHERE "id" = ${bIds.get(object.nameSingular)}`).catch(() => undefined);
  }
}

function noBData(answer: HttpAnswer, what: string): void {
  assert.notEqual(answer.status, 500, `${what}: ${answer.text}`);
  assert.ok(!answer.text.includes('Beta-marker') && !answer.text.includes('Beta secret'), `${what} leaks B data: ${answer.text}`);
}

/** An update payload that reaches SQL: the first writable TEXT or NUMBER field, else position. */
function updateData(object: ObjectModel): string {
  const field = object.fields.find((f) => !f.isSystem && (f.type === 'TEXT' || f.type === 'NUMBER'));
  if (field) return `{${field.name}: ${field.type === 'TEXT' ? '"pwned"' : 1}}`;
  return object.fields.some((f) => f.name === 'position') ? '{position: 1}' : '{}';
}

function graphqlCase(field: GraphQLField<unknown, unknown>): { query: string; object: string } {
  const role = roleOf(field);
  if (role?.kind !== 'root') throw new Error(`root field "${field.name}" has no role: the T1 generator cannot classify it`);
  const object = A.model.objects.find((o) => o.nameSingular === role.object) as ObjectModel;
  const id = bIds.get(role.object) ?? randomUUID();
  const filter = `{id: {eq: "${id}"}}`;
  const cases: Record<string, string> = {
    findMany: `{ r: ${field.name}(filter: ${filter}) { totalCount edges { node { id } } } }`,
    findOne: `{ r: ${field.name}(filter: ${filter}) { id } }`,
    createOne: `mutation { r: ${field.name}(upsert: true, data: {id: "${id}"}) { id } }`,
    createMany: `mutation { r: ${field.name}(upsert: true, data: [{id: "${id}"}]) { id } }`,
    updateOne: `mutation { r: ${field.name}(id: "${id}", data: ${updateData(object)}) { id } }`,
    updateMany: `mutation { r: ${field.name}(filter: ${filter}, data: ${updateData(object)}) { id } }`,
  };
  const byId = ['deleteOne', 'destroyOne', 'restoreOne'].includes(role.operation);
  const query = cases[role.operation] ?? `mutation { r: ${field.name}(${byId ? `id: "${id}"` : `filter: ${filter}`}) { id } }`;
  return { query, object: role.object };
}

test('T1/T3 GraphQL: every root field of the served schema, called with A’s token and B’s ids, finds nothing of B and changes nothing in B', async () => {
  const schema = buildWorkspaceSchema(A.model);
  // Creates go last: an upsert with B's id makes a row with that id in A, which later calls would find.
  const all = [...Object.values(schema.getQueryType()?.getFields() ?? {}), ...Object.values(schema.getMutationType()?.getFields() ?? {})];
  const roots = [...all.filter((f) => !f.name.startsWith('create')), ...all.filter((f) => f.name.startsWith('create'))];
  assert.ok(roots.length > 50, 'the generator sees the whole surface');
  const before = await bFingerprint();
  for (const field of roots) {
    const { query } = graphqlCase(field);
    const answer = await gql(base, A.adminToken, query);
    noBData(answer, field.name);
    const value = answer.body?.data?.r;
    if (value && typeof value === 'object' && 'totalCount' in value) assert.equal(value.totalCount, 0, `${field.name}: totalCount`);
    else if (Array.isArray(value) && !field.name.startsWith('create')) assert.equal(value.length, 0, `${field.name}: no rows`);
    else if (!field.name.startsWith('create') && value !== undefined) assert.equal(value, null, `${field.name}: ${answer.text}`);
  }
  assert.deepEqual(await bFingerprint(), before, 'B unchanged');
  await dropBIdsFromA();
});

test('T3: A filtering by B’s ids gets 0 rows and totalCount 0, exactly as with random ids', async () => {
  const ids = B.personIds.map((id) => `"${id}"`).join(', ');
  const random = [randomUUID(), randomUUID()].map((id) => `"${id}"`).join(', ');
  const withB = await gql(base, A.adminToken, `{ people(filter: {id: {in: [${ids}]}}) { totalCount edges { node { id } } } }`);
  const withRandom = await gql(base, A.adminToken, `{ people(filter: {id: {in: [${random}]}}) { totalCount edges { node { id } } } }`);
  assert.deepEqual(withB.body, { data: { people: { totalCount: 0, edges: [] } } });
  assert.deepEqual(withB.body, withRandom.body);
  const search = await gql(base, A.adminToken, '{ people(filter: {city: {eq: "Beta-city"}}) { totalCount } }');
  assert.equal(search.body.data.people.totalCount, 0);
});

/** Every route of the REST router, as Express registered it. */
function restRoutes(): { method: string; path: string }[] {
  const router = createRestRouter({ resolveContext: async () => { throw new Error('unused'); }, limits: { defaultLimit: 1, maxLimit: 1, maxRecordsFromRelation: 1, maxAffected: 1 } }) as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  return router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((method) => ({ method: method.toUpperCase(), path: layer.route?.path as string })) : []));
}

test('T1 REST: every route with :id or a filter, for every object, with A’s token and B’s ids is 4xx or empty, with no B data and B unchanged', async () => {
  const all = restRoutes();
  const routes = [...all.filter((r) => r.method !== 'POST'), ...all.filter((r) => r.method === 'POST')];
  assert.ok(routes.length >= 12);
  const before = await bFingerprint();
  for (const route of routes) {
    if (route.path.startsWith('/open-api/')) continue;
    if (route.path === '/webhooks' || route.path === '/apiKeys') {
      // The deprecated aliases take no id: A's whole list, which must hold nothing of B.
      const answer = await http(base, route.method, `/rest${route.path}`, { token: A.adminToken });
      assert.equal(answer.status, 200, answer.text);
      noBData(answer, `${route.method} ${route.path}`);
      assert.ok(!answer.text.includes(B.apiKeyId) && !answer.text.includes(B.id), `${route.path} lists B's things: ${answer.text}`);
      if (route.path === '/apiKeys') assert.ok(answer.text.includes(A.apiKeyId), 'A sees its own key');
      continue;
    }
    if (!route.path.includes(':plural')) throw new Error(`REST route ${route.method} ${route.path} is not classified by the T1 generator`);
    for (const object of A.model.objects) {
      const id = bIds.get(object.nameSingular) as string;
      const path = `/rest${route.path.replace(':plural', object.namePlural).replace(':id', id)}${route.path.includes(':id') ? '' : `?filter=id[eq]:${id}`}`;
      const body = route.method === 'POST' ? (route.path.startsWith('/batch') ? [{ id }] : { id }) : route.method === 'GET' || route.method === 'DELETE' ? undefined : { position: 1 };
      const answer = await http(base, route.method, `${path}${route.method === 'POST' ? `${path.includes('?') ? '&' : '?'}upsert=true` : ''}`, { token: A.adminToken, body });
      noBData(answer, `${route.method} ${path}`);
      if (route.method === 'GET' && !route.path.includes(':id') && answer.status === 200) assert.equal(answer.body.totalCount, 0, path);
      if (route.path.includes(':id') && route.method !== 'POST') assert.ok([400, 403, 404].includes(answer.status), `${route.method} ${path}: ${answer.status} ${answer.text}`);
    }
  }
  assert.deepEqual(await bFingerprint(), before, 'B unchanged');
  await dropBIdsFromA();
});

/** Arguments naming B's things, per /metadata mutation that takes an id. */
const METADATA_CASES: Record<string, () => string> = {
  createApiKey: () => `createApiKey(input: {name: "x", expiresAt: "2099-01-01T00:00:00Z", roleId: "${B.restrictedRoleId}"}) { id }`,
  generateApiKeyToken: () => `generateApiKeyToken(apiKeyId: "${B.apiKeyId}", expiresAt: "2099-01-01T00:00:00Z") { token }`,
  revokeApiKey: () => `revokeApiKey(input: {id: "${B.apiKeyId}"}) { id }`,
  assignRoleToApiKey: () => `assignRoleToApiKey(apiKeyId: "${B.apiKeyId}", roleId: "${B.restrictedRoleId}")`,
  createOneRole: () => `createOneRole(createRoleInput: {id: "${B.restrictedRoleId}", label: "Clash"}) { id }`,
  updateOneRole: () => `updateOneRole(updateRoleInput: {id: "${B.restrictedRoleId}", update: {label: "pwned"}}) { id }`,
  deleteOneRole: () => `deleteOneRole(roleId: "${B.restrictedRoleId}")`,
  upsertObjectPermissions: () => `upsertObjectPermissions(upsertObjectPermissionsInput: {roleId: "${B.restrictedRoleId}", objectPermissions: [{objectMetadataId: "${B.model.objects[0]?.id}", canReadObjectRecords: true}]}) { id }`,
  upsertFieldPermissions: () => `upsertFieldPermissions(upsertFieldPermissionsInput: {roleId: "${B.restrictedRoleId}", fieldPermissions: [{objectMetadataId: "${B.model.objects[0]?.id}", fieldMetadataId: "${B.model.objects[0]?.fields[0]?.id}", canReadFieldValue: true}]}) { id }`,
  upsertPermissionFlags: () => `upsertPermissionFlags(upsertPermissionFlagsInput: {roleId: "${B.restrictedRoleId}", permissionFlagKeys: ["ROLES"]}) { id }`,
  updateWorkspaceMemberRole: () => `updateWorkspaceMemberRole(workspaceMemberId: "${B.memberMemberId}", roleId: "${B.restrictedRoleId}") { workspaceMemberId }`,
  getLoginTokenFromCredentials: () => `getLoginTokenFromCredentials(email: "admin@beta.test", password: "admin-password", origin: "x", workspaceId: "${A.id}") { loginToken { token } }`,
};

function takesUuid(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'UUID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => takesUuid(isNonNullType(f.type) ? f.type.ofType : f.type, seen));
}

test('T1 /metadata: every auth mutation taking an id, with A’s token and B’s ids, is refused with no B data and B and core unchanged', async () => {
  // The auth domains of /metadata (login, API keys, roles and permissions).
  const schema = makeExecutableSchema({ typeDefs: [commonTypeDefs, ...[authDomain, apiKeysDomain, rolesPermissionsDomain].map((d) => d.typeDefs)] });
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).filter((f) => f.args.some((a) => takesUuid(a.type)));
  assert.ok(mutations.length >= 10);
  const before = await bFingerprint();
  for (const field of mutations) {
    const build = METADATA_CASES[field.name];
    if (!build) throw new Error(`/metadata mutation "${field.name}" takes an id but is not classified by the T1 generator`);
    const answer = await metadata(base, A.adminToken, `mutation { ${build()} }`);
    noBData(answer, field.name);
    const code = answer.body?.errors?.[0]?.extensions?.code;
    assert.ok(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'BAD_USER_INPUT'].includes(code), `${field.name}: ${answer.text}`);
  }
  assert.deepEqual(await bFingerprint(), before, 'B and core unchanged');
});

test('T4(a): a workspace named in a header, query or body is ignored; the token decides', async () => {
  const answer = await http(base, 'GET', '/rest/people', { token: A.adminToken, headers: { 'x-workspace-id': B.id } });
  assert.equal(answer.status, 200, answer.text);
  assert.ok(answer.text.includes('Alpha-marker'));
  noBData(answer, 'rest');
  // REST refuses parameters it does not know, so a workspaceId parameter cannot steer anything.
  const param = await http(base, 'GET', `/rest/people?workspaceId=${B.id}`, { token: A.adminToken });
  assert.equal(param.status, 400);
  assert.equal(param.body.code, 'BAD_USER_INPUT');
  noBData(param, 'rest param');
  const graph = await http(base, 'POST', '/graphql', { token: A.adminToken, headers: { 'x-workspace-id': B.id }, body: { query: '{ people { edges { node { city } } } }', workspaceId: B.id } });
  assert.ok(graph.text.includes('Alpha-city'));
  noBData(graph, 'graphql');
});

test('the generated cases reached the database: B’s rows exist and A’s own rows are found by A', async () => {
  const count = await rows(db, sql`SELECT 1 FROM ${ident(B.schema, 'person')} WHERE "nameLastName" = 'Beta-marker'`);
  assert.equal(count.length, 3);
  const own = await gql(base, A.adminToken, `{ person(filter: {id: {eq: "${A.personIds[0]}"}}) { id } }`);
  assert.equal(own.body.data.person.id, A.personIds[0]);
});

