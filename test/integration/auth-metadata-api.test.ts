// The auth mutations of /metadata over HTTP: password login in two steps, TOTP enrolment and
// login with a one-time code (no replay), refresh-token rotation with reuse detection, API keys
// and roles guarded by their settings flags, and no secret in any output (T10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { one } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { securedWorkspace } from '../helpers/secured-workspace.ts';
import { gql, metadata, startSecuredApp } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const ws = await securedWorkspace(db, 'Gamma');
const base = await startSecuredApp({ db, redis, prefix });

const LOGIN = 'mutation($email: String!, $password: String!) { getLoginTokenFromCredentials(email: $email, password: $password, origin: "http://localhost") { loginToken { token expiresAt } } }';
const EXCHANGE = 'mutation($t: String!) { getAuthTokensFromLoginToken(loginToken: $t, origin: "http://localhost") { tokens { accessOrWorkspaceAgnosticToken { token expiresAt } refreshToken { token expiresAt } } } }';
const RENEW = 'mutation($t: String!) { renewToken(appToken: $t) { tokens { accessOrWorkspaceAgnosticToken { token } refreshToken { token } } } }';

async function signIn(email: string, password: string) {
  const login = await metadata(base, undefined, LOGIN, { email, password });
  const loginToken = login.body.data?.getLoginTokenFromCredentials.loginToken.token as string;
  assert.ok(loginToken, login.text);
  const tokens = await metadata(base, undefined, EXCHANGE, { t: loginToken });
  return { loginToken, tokens };
}

const errorCode = (body: any) => body?.errors?.[0]?.extensions?.code as string | undefined;

test('a password login gives a login token, then an access and refresh token that work on /graphql', async () => {
  const { tokens } = await signIn('admin@gamma.test', 'admin-password');
  const pair = tokens.body.data.getAuthTokensFromLoginToken.tokens;
  assert.ok(Date.parse(pair.refreshToken.expiresAt) > Date.now());
  const people = await gql(base, pair.accessOrWorkspaceAgnosticToken.token, '{ people { totalCount } }');
  assert.equal(people.body.data.people.totalCount, 3);
});

test('a wrong password and an unknown email get the same UNAUTHENTICATED answer', async () => {
  const wrong = await metadata(base, undefined, LOGIN, { email: 'admin@gamma.test', password: 'nope-nope' });
  const unknown = await metadata(base, undefined, LOGIN, { email: 'ghost@gamma.test', password: 'nope-nope' });
  assert.equal(errorCode(wrong.body), 'UNAUTHENTICATED');
  assert.equal(wrong.status, 200);
  assert.deepEqual(wrong.body.errors[0].message, unknown.body.errors[0].message);
  assert.equal(wrong.body.errors[0].extensions.subCode, 'INVALID_CREDENTIALS');
});

test('a login token is not an access token, and an access token is not a login token', async () => {
  const { loginToken, tokens } = await signIn('admin@gamma.test', 'admin-password');
  const asAccess = await gql(base, loginToken, '{ people { totalCount } }');
  assert.equal(asAccess.status, 401);
  assert.match(asAccess.headers.get('www-authenticate') ?? '', /invalid_token/);
  const access = tokens.body.data.getAuthTokensFromLoginToken.tokens.accessOrWorkspaceAgnosticToken.token;
  const asLogin = await metadata(base, undefined, EXCHANGE, { t: access });
  assert.equal(errorCode(asLogin.body), 'UNAUTHENTICATED');
});

test('renewToken rotates: the new pair works, the old refresh token is refused, and reusing it signs out every session', async () => {
  const { tokens } = await signIn('member@gamma.test', 'member-password');
  const first = tokens.body.data.getAuthTokensFromLoginToken.tokens.refreshToken.token;
  const renewed = await metadata(base, undefined, RENEW, { t: first });
  const second = renewed.body.data?.renewToken.tokens.refreshToken.token as string;
  assert.ok(second, renewed.text);
  const reused = await metadata(base, undefined, RENEW, { t: first });
  assert.equal(errorCode(reused.body), 'UNAUTHENTICATED');
  assert.equal(reused.body.errors[0].extensions.subCode, 'REFRESH_TOKEN_REVOKED');
  const afterTheft = await metadata(base, undefined, RENEW, { t: second });
  assert.equal(errorCode(afterTheft.body), 'UNAUTHENTICATED', 'the successor was revoked with the family');
});

test('two-factor: enrol with a code, then login needs getAuthTokensFromOTP and a code works once', async () => {
  const { tokens } = await signIn('member@gamma.test', 'member-password');
  const access = tokens.body.data.getAuthTokensFromLoginToken.tokens.accessOrWorkspaceAgnosticToken.token;
  const started = await metadata(base, access, 'mutation { initiateOTPProvisioningForAuthenticatedUser { uri } }');
  const uri = started.body.data.initiateOTPProvisioningForAuthenticatedUser.uri as string;
  const secret = new URL(uri).searchParams.get('secret') as string;
  const wrong = await metadata(base, access, 'mutation { verifyTwoFactorAuthenticationMethodForAuthenticatedUser(otp: "000000") { success } }');
  assert.equal(errorCode(wrong.body), 'BAD_USER_INPUT');
  const enrolCode = totpCode(secret, Date.now() - 30_000);
  const verified = await metadata(base, access, `mutation { verifyTwoFactorAuthenticationMethodForAuthenticatedUser(otp: "${enrolCode}") { success } }`);
  assert.equal(verified.body.data?.verifyTwoFactorAuthenticationMethodForAuthenticatedUser.success, true, verified.text);

  const login = await metadata(base, undefined, LOGIN, { email: 'member@gamma.test', password: 'member-password' });
  const loginToken = login.body.data.getLoginTokenFromCredentials.loginToken.token;
  const withoutCode = await metadata(base, undefined, EXCHANGE, { t: loginToken });
  assert.equal(errorCode(withoutCode.body), 'FORBIDDEN');
  assert.equal(withoutCode.body.errors[0].extensions.subCode, 'TWO_FACTOR_AUTHENTICATION_VERIFICATION_REQUIRED');
  const OTP = 'mutation($otp: String!, $t: String!) { getAuthTokensFromOTP(otp: $otp, loginToken: $t, origin: "x") { tokens { accessOrWorkspaceAgnosticToken { token } } } }';
  const code = totpCode(secret, Date.now());
  const ok = await metadata(base, undefined, OTP, { otp: code, t: loginToken });
  assert.ok(ok.body.data?.getAuthTokensFromOTP.tokens.accessOrWorkspaceAgnosticToken.token, ok.text);
  const replay = await metadata(base, undefined, OTP, { otp: code, t: loginToken });
  assert.equal(errorCode(replay.body), 'UNAUTHENTICATED');
  const stored = await one<{ totpSecret: string }>(db, sql`SELECT "totpSecret" FROM core."user" WHERE "email" = 'member@gamma.test'`);
  assert.equal(stored?.totpSecret, secret);
  const removed = await metadata(base, access, 'mutation { deleteTwoFactorAuthenticationMethod { success } }');
  assert.equal(removed.body.data.deleteTwoFactorAuthenticationMethod.success, true);
});

test('API keys: create with a role, generate a token that works, list without secrets, revoke stops it on the next request', async () => {
  const roles = await metadata(base, ws.adminToken, '{ getRoles { id label isEditable permissionFlags { flag } } }');
  const guest = roles.body.data.getRoles.find((r: { label: string }) => r.label === 'Guest');
  assert.deepEqual(roles.body.data.getRoles.slice(0, 3).map((r: { label: string }) => r.label), ['Admin', 'Member', 'Guest']);
  const created = await metadata(base, ws.adminToken, `mutation { createApiKey(input: {name: "ci", expiresAt: "2099-01-01T00:00:00Z", roleId: "${guest.id}"}) { id name } }`);
  const keyId = created.body.data.createApiKey.id as string;
  const minted = await metadata(base, ws.adminToken, `mutation { generateApiKeyToken(apiKeyId: "${keyId}", expiresAt: "2099-01-01T00:00:00Z") { token } }`);
  const token = minted.body.data.generateApiKeyToken.token as string;
  const read = await gql(base, token, '{ people { totalCount } }');
  assert.equal(read.body.data.people.totalCount, 3);
  const write = await gql(base, token, 'mutation { createPerson(data: {city: "x"}) { id } }');
  assert.equal(errorCode(write.body), 'FORBIDDEN', 'the Guest role is read-only');
  const list = await metadata(base, ws.adminToken, '{ apiKeys { id name expiresAt revokedAt } }');
  assert.ok(list.body.data.apiKeys.some((k: { id: string }) => k.id === keyId));
  assert.ok(!list.text.includes('eyJ'), 'no token in the list');
  await metadata(base, ws.adminToken, `mutation { revokeApiKey(input: {id: "${keyId}"}) { revokedAt } }`);
  const after = await gql(base, token, '{ people { totalCount } }');
  assert.equal(after.status, 403);
  assert.notEqual(after.status, 500);
});

test('T10: no output type of the auth API has a field for a token hash, password, secret or TOTP seed', async () => {
  const introspection = await metadata(base, ws.adminToken, '{ __schema { types { name fields { name } } } }');
  const fields = introspection.body.data.__schema.types.flatMap((t: { name: string; fields: { name: string }[] | null }) => (t.fields ?? []).map((f) => `${t.name}.${f.name}`));
  const secret = fields.filter((f: string) => /password|hash|secret|totp|seed/i.test(f));
  assert.deepEqual(secret, []);
});

test('settings flags guard the API: the member (no ROLES, no API_KEYS_AND_WEBHOOKS) is refused, anonymous callers are unauthenticated', async () => {
  for (const query of ['{ getRoles { id } }', '{ apiKeys { id } }', 'mutation { createOneRole(createRoleInput: {label: "x"}) { id } }', 'mutation { createApiKey(input: {name: "x", expiresAt: "2099-01-01T00:00:00Z"}) { id } }']) {
    const member = await metadata(base, ws.memberToken, query);
    assert.equal(errorCode(member.body), 'FORBIDDEN', query);
    assert.equal(member.body.errors[0].extensions.subCode, 'PERMISSION_DENIED');
    const anonymous = await metadata(base, undefined, query);
    assert.equal(errorCode(anonymous.body), 'UNAUTHENTICATED', query);
  }
});

test('roles: create, grant, flag, assign; Admin cannot be edited; nobody changes their own role', async () => {
  const created = await metadata(base, ws.adminToken, 'mutation { createOneRole(createRoleInput: {label: "Auditor", canReadAllObjectRecords: true}) { id label canUpdateAllObjectRecords } }');
  const role = created.body.data.createOneRole;
  assert.deepEqual({ label: role.label, update: role.canUpdateAllObjectRecords }, { label: 'Auditor', update: false });
  const flags = await metadata(base, ws.adminToken, `mutation { upsertPermissionFlags(upsertPermissionFlagsInput: {roleId: "${role.id}", permissionFlagKeys: ["ROLES"]}) { flag } }`);
  assert.deepEqual(flags.body.data.upsertPermissionFlags, [{ flag: 'ROLES' }]);
  const typo = await metadata(base, ws.adminToken, `mutation { upsertPermissionFlags(upsertPermissionFlagsInput: {roleId: "${role.id}", permissionFlagKeys: ["ROLE"]}) { flag } }`);
  assert.equal(errorCode(typo.body), 'BAD_USER_INPUT');
  assert.match(typo.body.errors[0].message, /Did you mean "ROLES"\?/);
  const dup = await metadata(base, ws.adminToken, 'mutation { createOneRole(createRoleInput: {label: "Auditor"}) { id } }');
  assert.equal(errorCode(dup.body), 'CONFLICT');
  const roles = await metadata(base, ws.adminToken, '{ getRoles { id label } }');
  const admin = roles.body.data.getRoles.find((r: { label: string }) => r.label === 'Admin');
  const edit = await metadata(base, ws.adminToken, `mutation { updateOneRole(updateRoleInput: {id: "${admin.id}", update: {label: "Boss"}}) { id } }`);
  assert.equal(errorCode(edit.body), 'FORBIDDEN');
  const self = await metadata(base, ws.adminToken, `mutation { updateWorkspaceMemberRole(workspaceMemberId: "${ws.adminMemberId}", roleId: "${role.id}") { workspaceMemberId } }`);
  assert.equal(errorCode(self.body), 'FORBIDDEN');
  const assigned = await metadata(base, ws.adminToken, `mutation { updateWorkspaceMemberRole(workspaceMemberId: "${ws.memberMemberId}", roleId: "${role.id}") { role { label } } }`);
  assert.equal(assigned.body.data.updateWorkspaceMemberRole.role.label, 'Auditor');
  const nowMember = await metadata(base, ws.memberToken, '{ getRoles { label } }');
  assert.ok(nowMember.body.data.getRoles.length >= 4, 'the new role (with ROLES) applies on the next request');
  const deleted = await metadata(base, ws.adminToken, `mutation { deleteOneRole(roleId: "${role.id}") }`);
  assert.equal(deleted.body.data.deleteOneRole, role.id);
  const fallback = await gql(base, ws.memberToken, '{ people { edges { node { salary } } } }');
  assert.equal(fallback.body.data?.people.edges.length, 3, 'a member whose role is deleted falls back to Member');
});
