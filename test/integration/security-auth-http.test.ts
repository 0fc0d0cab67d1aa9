// A1-A4 over HTTP on every endpoint class: each bad token is a 401 with
// `WWW-Authenticate: Bearer error="invalid_token"` and a stable code, never a 500, and no token
// text comes back. Plus V1 (413), V4/V5 (400, never 500) and I3 (filter values are data).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { one } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { workspaceSigningKey } from '../../src/auth/jwt.ts';
import { mintAccessToken, mintLoginToken, mintRefreshToken } from '../../src/auth/tokens.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { APP_SECRET, dbFingerprint, securedWorkspace } from '../helpers/secured-workspace.ts';
import { craftToken, base64url } from '../helpers/tokens.ts';
import { gql, http, startSecuredApp, type HttpAnswer } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const A = await securedWorkspace(db, 'Delta');
const B = await securedWorkspace(db, 'Epsilon');
const base = await startSecuredApp({ db, redis, prefix, bodyLimitBytes: 10_000 });

const now = Math.floor(Date.now() / 1000);
const accessKey = workspaceSigningKey(APP_SECRET, A.id, 'ACCESS');
const claims = { sub: A.personIds[0], userId: A.personIds[0], workspaceId: A.id, workspaceMemberId: A.adminMemberId, userWorkspaceId: A.adminMemberId, type: 'ACCESS' };
const header = { alg: 'HS256', typ: 'JWT' };
const flip = (token: string) => token.slice(0, -2) + (token.endsWith('A') ? 'B' : 'A') + token.slice(-1);

const BAD_TOKENS: Record<string, () => Promise<string> | string> = {
  'expired beyond the skew': () => craftToken(header, { ...claims, iat: now - 3600, exp: now - 31 }, accessKey),
  'issued in the future beyond the skew': () => craftToken(header, { ...claims, iat: now + 3600, exp: now + 7200 }, accessKey),
  'alg none': () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: now + 600 })}.`,
  'HS256 with a wrong secret': () => craftToken(header, { ...claims, exp: now + 600 }, 'wrong-secret'),
  'HS512 (not allowed)': () => craftToken({ alg: 'HS512', typ: 'JWT' }, { ...claims, exp: now + 600 }, accessKey, 'sha512'),
  'one bit flipped in the signature': async () => flip(await mintAccessToken({ appSecret: APP_SECRET, workspaceId: A.id, userId: '00000000-0000-4000-8000-000000000001', workspaceMemberId: A.adminMemberId, userWorkspaceId: A.adminMemberId })),
  'two parts': () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0',
  'non-JSON payload': () => `${base64url(header)}.${base64url('not json')}.${createHmac('sha256', accessKey).update('x').digest('base64url')}`,
  'non-numeric exp': () => craftToken(header, { ...claims, exp: 'tomorrow' }, accessKey),
  'bad aud type': () => craftToken(header, { ...claims, exp: now + 600, aud: 42 }, accessKey),
  'missing workspace claim': () => craftToken(header, { ...claims, workspaceId: undefined, exp: now + 600 }, accessKey),
  'a refresh token used as access': () => mintRefreshToken({ appSecret: APP_SECRET, workspaceId: A.id, userId: '00000000-0000-4000-8000-000000000001', tokenId: '00000000-0000-4000-8000-000000000002' }),
  'a login token used as access': () => mintLoginToken({ appSecret: APP_SECRET, workspaceId: A.id, email: 'admin@delta.test' }),
  'A’s claims signed with B’s key': () => craftToken(header, { ...claims, exp: now + 600 }, workspaceSigningKey(APP_SECRET, B.id, 'ACCESS')),
  'a user who is not a member': () => mintAccessToken({ appSecret: APP_SECRET, workspaceId: A.id, userId: '00000000-0000-4000-8000-000000000009', workspaceMemberId: A.adminMemberId, userWorkspaceId: A.adminMemberId }),
};

const ENDPOINTS: [string, string, unknown?][] = [
  ['POST', '/graphql', { query: '{ people { totalCount } }' }],
  ['GET', '/rest/people'],
  ['POST', '/metadata', { query: '{ getRoles { id } }' }],
];

function unauthorized(answer: HttpAnswer, token: string, what: string): void {
  assert.equal(answer.status, 401, `${what}: ${answer.text}`);
  assert.equal(answer.headers.get('www-authenticate'), 'Bearer error="invalid_token"', what);
  const code = answer.body?.code ?? answer.body?.errors?.[0]?.extensions?.code;
  assert.ok(code === 'INVALID_TOKEN' || code === 'UNAUTHENTICATED', `${what}: stable code, got ${answer.text}`);
  assert.ok(!answer.text.includes('eyJ') && (token.length < 10 || !answer.text.includes(token.slice(-20))), `${what}: no token text in the answer`);
}

for (const [name, make] of Object.entries(BAD_TOKENS)) {
  test(`A1-A4: ${name} is a 401 invalid_token on /graphql, /rest and /metadata`, async () => {
    const token = await make();
    for (const [method, path, body] of ENDPOINTS) unauthorized(await http(base, method, path, { token, body }), token, `${method} ${path}`);
  });
}

test('A3: an empty bearer and a token in the query string are refused with 401', async () => {
  const empty = await http(base, 'GET', '/rest/people', { headers: { authorization: 'Bearer ' } });
  assert.equal(empty.status, 401);
  const inQuery = await http(base, 'GET', `/rest/people?token=${A.adminToken}`);
  assert.equal(inQuery.status, 401);
  assert.ok(!inQuery.text.includes('eyJ'));
});

test('A1: a token at the edge of the skew (expired 20 s ago) is still accepted', async () => {
  const token = await mintAccessToken({ appSecret: APP_SECRET, workspaceId: A.id, userId: await adminUserId(), workspaceMemberId: A.adminMemberId, userWorkspaceId: await adminUserWorkspaceId(), now: new Date(Date.now() - 1800_000 - 20_000) });
  const answer = await gql(base, token, '{ people { totalCount } }');
  assert.equal(answer.status, 200, answer.text);
});

async function adminUserId(): Promise<string> {
  return (await one<{ id: string }>(db, sql`SELECT "id" FROM core."user" WHERE "email" = 'admin@delta.test'`))?.id as string;
}

async function adminUserWorkspaceId(): Promise<string> {
  return (await one<{ id: string }>(db, sql`SELECT uw."id" FROM core."userWorkspace" uw JOIN core."user" u ON u."id" = uw."userId" WHERE u."email" = 'admin@delta.test'`))?.id as string;
}

test('V1: a body over the limit is a 413, and the server still answers afterwards', async () => {
  const big = await http(base, 'POST', '/rest/people', { token: A.adminToken, body: { city: 'x'.repeat(20_000) } });
  assert.equal(big.status, 413);
  assert.equal(big.body.code, 'PAYLOAD_TOO_LARGE');
  assert.equal((await gql(base, A.adminToken, '{ people { totalCount } }')).status, 200);
});

const INVALID_INPUTS: [string, string][] = [
  ['an invalid UUID in an id', 'mutation { updatePerson(id: "not-a-uuid", data: {city: "x"}) { id } }'],
  ['an invalid UUID in a filter', '{ people(filter: {id: {eq: "1; DROP TABLE x"}}) { totalCount } }'],
  ['an invalid UUID in a relation', 'mutation { createPerson(data: {companyId: "nope"}) { id } }'],
  ['a wrong scalar type', '{ people(filter: {salary: {eq: "lots"}}) { totalCount } }'],
  ['an unknown input field', 'mutation { createPerson(data: {shoeSize: 3}) { id } }'],
  ['an int overflow', '{ people(first: 99999999999) { totalCount } }'],
  ['1e309', 'mutation { createPerson(data: {salary: 1e309}) { id } }'],
];

for (const [name, query] of INVALID_INPUTS) {
  test(`V4/V5: ${name} is a 400-class error (BAD_USER_INPUT), never a 500, with no SQL state text`, async () => {
    const before = await dbFingerprint(db, A.schema, A.id);
    const answer = await gql(base, A.adminToken, query);
    assert.notEqual(answer.status, 500);
    const code = answer.body.errors?.[0]?.extensions?.code;
    assert.ok(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'].includes(code), `${name}: ${answer.text}`);
    assert.ok(!/22P02|invalid input syntax|SELECT |at [A-Za-z]+ \(/.test(answer.text), `${name}: leaks internals: ${answer.text}`);
    assert.deepEqual(await dbFingerprint(db, A.schema, A.id), before, 'stored rows unchanged');
  });
}

test('V4 REST: an invalid UUID in a path is a 400 naming it, not a 500', async () => {
  const answer = await http(base, 'GET', '/rest/people/abc', { token: A.adminToken });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.code, 'BAD_USER_INPUT');
});

const PAYLOADS = [`' OR 1=1 --`, `'); SELECT pg_sleep(5);--`, '%', '_', '\\', '$$', '"; DROP TABLE person; --'];

test('I3: SQL payloads in filter values match literally (0 rows) with every text operator, and nothing runs', async () => {
  const before = await dbFingerprint(db, A.schema, A.id);
  for (const payload of PAYLOADS) {
    for (const op of ['eq', 'neq', 'like', 'ilike', 'startsWith', 'in']) {
      const value = op === 'in' ? [payload] : payload;
      const answer = await gql(base, A.adminToken, `query($v: ${op === 'in' ? '[String!]' : 'String'}) { people(filter: {city: {${op}: $v}}) { totalCount } }`, { v: value });
      // like/ilike take patterns: one ending in a lone escape is invalid and must be a 400, not a 500.
      if (!answer.body.data?.people && (op === 'like' || op === 'ilike')) {
        assert.equal(answer.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${op} ${payload}: ${answer.text}`);
        continue;
      }
      assert.ok(answer.body.data?.people, `${op} ${payload}: ${answer.text}`);
      const expected = op === 'neq' ? 3 : op === 'like' || op === 'ilike' ? answer.body.data.people.totalCount : 0;
      assert.equal(answer.body.data.people.totalCount, expected, `${op} ${payload}`);
    }
  }
  const like = await gql(base, A.adminToken, '{ people(filter: {city: {like: "%"}}) { totalCount } }');
  assert.equal(like.body.data.people.totalCount, 3, 'like keeps its wildcard meaning for "%" only');
  assert.deepEqual(await dbFingerprint(db, A.schema, A.id), before);
});
