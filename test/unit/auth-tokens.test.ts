import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { decodeUnverified, signToken, workspaceSigningKey } from '../../src/auth/jwt.ts';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  LOGIN_TOKEN_LIFETIME_SECONDS,
  REFRESH_TOKEN_LIFETIME_SECONDS,
  mintAccessToken,
  mintApiKeyToken,
  mintLoginToken,
  mintRefreshToken,
  parseAuthorizationHeader,
  verifyBearer,
  type BearerTokenType,
} from '../../src/auth/tokens.ts';
import { assertInvalidToken } from '../helpers/tokens.ts';

const appSecret = 'unit-test-app-secret';
const WS_A = '20202020-0000-4000-8000-00000000000a';
const WS_B = '20202020-0000-4000-8000-00000000000b';
const USER = '20202020-0000-4000-8000-000000000001';
const MEMBER = '20202020-0000-4000-8000-000000000002';
const USER_WORKSPACE = '20202020-0000-4000-8000-000000000003';
const API_KEY = '20202020-0000-4000-8000-000000000004';
const REFRESH_ID = '20202020-0000-4000-8000-000000000005';
const now = new Date('2030-01-01T00:00:00Z');
const NOW_S = now.getTime() / 1000;
const DATA_TYPES: BearerTokenType[] = ['ACCESS', 'API_KEY'];

function verify(token: string, expectedTypes: BearerTokenType[] = DATA_TYPES): Promise<unknown> {
  return verifyBearer(token, { appSecret, expectedTypes, now });
}

function accessToken(workspaceId = WS_A): Promise<string> {
  return mintAccessToken({ appSecret, workspaceId, userId: USER, workspaceMemberId: MEMBER, userWorkspaceId: USER_WORKSPACE, now });
}

function accessClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: USER,
    userId: USER,
    workspaceId: WS_A,
    workspaceMemberId: MEMBER,
    userWorkspaceId: USER_WORKSPACE,
    type: 'ACCESS',
    ...extra,
  };
}

function signWith(key: Uint8Array, claims: Record<string, unknown>): Promise<string> {
  return signToken(key, claims, { expiresInSeconds: 600, now });
}

test('an API key token has Twenty payload and verifies to its workspace and key id', async () => {
  const expiresAt = new Date('2031-01-01T00:00:00Z');
  const token = await mintApiKeyToken({ appSecret, workspaceId: WS_A, apiKeyId: API_KEY, expiresAt, now });
  assert.deepEqual(decodeUnverified(token).payload, {
    sub: WS_A,
    type: 'API_KEY',
    workspaceId: WS_A,
    jti: API_KEY,
    iat: NOW_S,
    exp: expiresAt.getTime() / 1000,
  });
  assert.deepEqual(await verify(token), { type: 'API_KEY', workspaceId: WS_A, apiKeyId: API_KEY, expiresAt });
});

test('an access token has Twenty payload, lives 30 minutes and verifies to the user and member', async () => {
  const token = await accessToken();
  const exp = NOW_S + ACCESS_TOKEN_LIFETIME_SECONDS;
  assert.equal(ACCESS_TOKEN_LIFETIME_SECONDS, 30 * 60);
  assert.deepEqual(decodeUnverified(token).payload, {
    ...accessClaims(),
    authProvider: 'password',
    isImpersonating: false,
    iat: NOW_S,
    exp,
  });
  assert.deepEqual(await verify(token), {
    type: 'ACCESS',
    workspaceId: WS_A,
    userId: USER,
    workspaceMemberId: MEMBER,
    userWorkspaceId: USER_WORKSPACE,
    expiresAt: new Date(exp * 1000),
  });
});

test('refresh tokens live 60 days and login tokens 15 minutes, each verifying only as itself', async () => {
  assert.equal(REFRESH_TOKEN_LIFETIME_SECONDS, 60 * 86400);
  assert.equal(LOGIN_TOKEN_LIFETIME_SECONDS, 15 * 60);
  const refresh = await mintRefreshToken({ appSecret, workspaceId: WS_A, userId: USER, tokenId: REFRESH_ID, now });
  assert.deepEqual(await verify(refresh, ['REFRESH']), {
    type: 'REFRESH',
    workspaceId: WS_A,
    userId: USER,
    tokenId: REFRESH_ID,
    expiresAt: new Date((NOW_S + REFRESH_TOKEN_LIFETIME_SECONDS) * 1000),
  });
  const login = await mintLoginToken({ appSecret, workspaceId: WS_A, email: 'tim@apple.dev', now });
  assert.deepEqual(await verify(login, ['LOGIN']), {
    type: 'LOGIN',
    workspaceId: WS_A,
    email: 'tim@apple.dev',
    expiresAt: new Date((NOW_S + LOGIN_TOKEN_LIFETIME_SECONDS) * 1000),
  });
});

test('refresh and login tokens used as access tokens are rejected for their type', async () => {
  const refresh = await mintRefreshToken({ appSecret, workspaceId: WS_A, userId: USER, tokenId: REFRESH_ID, now });
  const login = await mintLoginToken({ appSecret, workspaceId: WS_A, email: 'tim@apple.dev', now });
  for (const token of [refresh, login]) await assertInvalidToken(() => verify(token), 'TOKEN_TYPE_MISMATCH', token);
  const access = await accessToken();
  await assertInvalidToken(() => verify(access, ['REFRESH']), 'TOKEN_TYPE_MISMATCH', access);
});

test('a refresh, login or file token relabelled as an access token fails its signature', async () => {
  for (const keyType of ['REFRESH', 'LOGIN', 'FILE'] as const) {
    const token = await signWith(workspaceSigningKey(appSecret, WS_A, keyType), accessClaims());
    await assertInvalidToken(() => verify(token), 'TOKEN_SIGNATURE_INVALID', token);
  }
});

test('a file token is not a bearer token type', async () => {
  const token = await signWith(workspaceSigningKey(appSecret, WS_A, 'FILE'), { workspaceId: WS_A, type: 'FILE' });
  await assertInvalidToken(() => verify(token), 'TOKEN_TYPE_MISMATCH', token);
});

test('a token signed for workspace A whose payload names workspace B fails its signature', async () => {
  const token = await signWith(workspaceSigningKey(appSecret, WS_A, 'ACCESS'), accessClaims({ workspaceId: WS_B }));
  await assertInvalidToken(() => verify(token), 'TOKEN_SIGNATURE_INVALID', token);
});

test('an API key whose subject names another workspace than its workspaceId is rejected', async () => {
  const claims = { sub: WS_A, type: 'API_KEY', workspaceId: WS_B, jti: API_KEY };
  const token = await signWith(workspaceSigningKey(appSecret, WS_B, 'ACCESS'), claims);
  await assertInvalidToken(() => verify(token), 'TOKEN_WORKSPACE_MISMATCH', token);
});

test('a token without a UUID workspace claim is rejected before any key is derived', async () => {
  const key = workspaceSigningKey(appSecret, WS_A, 'ACCESS');
  for (const workspaceId of [undefined, '', '../public', 42]) {
    const token = await signWith(key, accessClaims({ workspaceId }));
    const error = await assertInvalidToken(() => verify(token), 'TOKEN_CLAIM_INVALID', token);
    assert.equal(error.details?.claim, 'workspaceId');
  }
});

test('a token without a type claim is rejected', async () => {
  const token = await signWith(workspaceSigningKey(appSecret, WS_A, 'ACCESS'), accessClaims({ type: undefined }));
  await assertInvalidToken(() => verify(token), 'TOKEN_CLAIM_INVALID', token);
});

test('an access token whose sub differs from userId or whose member id is missing is rejected', async () => {
  const key = workspaceSigningKey(appSecret, WS_A, 'ACCESS');
  const otherSub = await signWith(key, accessClaims({ sub: MEMBER }));
  await assertInvalidToken(() => verify(otherSub), 'TOKEN_CLAIM_INVALID', otherSub);
  const noMember = await signWith(key, accessClaims({ workspaceMemberId: undefined }));
  await assertInvalidToken(() => verify(noMember), 'TOKEN_CLAIM_INVALID', noMember);
});

test('tokens minted under another APP_SECRET do not verify', async () => {
  const token = await mintApiKeyToken({ appSecret: 'other', workspaceId: WS_A, apiKeyId: API_KEY, expiresAt: new Date('2031-01-01'), now });
  await assertInvalidToken(() => verify(token), 'TOKEN_SIGNATURE_INVALID', token);
});

test('an API key past its expiry date is rejected as expired', async () => {
  const token = await mintApiKeyToken({ appSecret, workspaceId: WS_A, apiKeyId: API_KEY, expiresAt: new Date('2030-06-01'), now });
  await assertInvalidToken(() => verifyBearer(token, { appSecret, expectedTypes: DATA_TYPES, now: new Date('2030-07-01') }), 'TOKEN_EXPIRED', token);
});

test('minting for a workspace id that is not a UUID is refused', async () => {
  await assert.rejects(
    mintApiKeyToken({ appSecret, workspaceId: 'acme', apiKeyId: API_KEY, expiresAt: new Date('2031-01-01'), now }),
    (e) => e instanceof AppError && e.code === 'BAD_USER_INPUT',
  );
});

test('the Authorization header yields the bearer token, scheme case-insensitive', () => {
  assert.equal(parseAuthorizationHeader('Bearer abc.def.ghi'), 'abc.def.ghi');
  assert.equal(parseAuthorizationHeader('  bearer   abc.def.ghi '), 'abc.def.ghi');
});

test('a missing header or another scheme is unauthenticated without echoing credentials', () => {
  const isUnauthenticated = (e: unknown): boolean => e instanceof AppError && e.code === 'UNAUTHENTICATED';
  assert.throws(() => parseAuthorizationHeader(undefined), isUnauthenticated);
  assert.throws(() => parseAuthorizationHeader('   '), isUnauthenticated);
  assert.throws(() => parseAuthorizationHeader('Basic dXNlcjpwYXNz'), (e) => isUnauthenticated(e) && (e as Error).message.includes('"Basic"'));
  const bare = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
  assert.throws(() => parseAuthorizationHeader(bare), (e) => isUnauthenticated(e) && !(e as Error).message.includes('eyJ'));
});

test('an empty bearer or one with spaces in the token is an invalid token', async () => {
  for (const header of ['Bearer', 'Bearer    ', 'Bearer a.b.c d']) {
    await assertInvalidToken(async () => parseAuthorizationHeader(header), 'TOKEN_MALFORMED');
  }
});
