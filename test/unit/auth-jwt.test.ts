import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AppError } from '../../src/core/errors.ts';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  MAX_TOKEN_LENGTH,
  decodeUnverified,
  signToken,
  verifyToken,
  workspaceSigningKey,
} from '../../src/auth/jwt.ts';
import { assertInvalidToken, base64url, craftToken } from '../helpers/tokens.ts';

const SECRET = 'unit-test-app-secret';
const WORKSPACE = '20202020-0000-4000-8000-00000000000a';
const KEY = workspaceSigningKey(SECRET, WORKSPACE, 'ACCESS');
const NOW = new Date('2030-01-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const HS256 = { alg: 'HS256', typ: 'JWT' };
const SKEW = DEFAULT_CLOCK_SKEW_SECONDS;

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'someone', iat: NOW_S - 60, exp: NOW_S + 600, ...extra };
}

function verifyAtNow(token: string, key: Uint8Array = KEY): Promise<unknown> {
  return verifyToken(token, key, { now: NOW });
}

test('a signed token verifies and carries its claims with iat and exp set from the options', async () => {
  const token = await signToken(KEY, { sub: 'someone', type: 'ACCESS' }, { expiresInSeconds: 1800, now: NOW });
  const payload = await verifyAtNow(token);
  assert.deepEqual(payload, { sub: 'someone', type: 'ACCESS', iat: NOW_S, exp: NOW_S + 1800 });
  assert.deepEqual(decodeUnverified(token).header, HS256);
});

test('the signing key is the sha256 hex text of secret, workspace and type, as Twenty uses it', async () => {
  const twentyKey = createHash('sha256').update(`${SECRET}${WORKSPACE}ACCESS`).digest('hex');
  const token = craftToken(HS256, claims(), twentyKey);
  assert.deepEqual(await verifyAtNow(token), claims());
});

test('keys differ by workspace and by token type', () => {
  const hex = (key: Uint8Array): string => Buffer.from(key).toString();
  const other = '20202020-0000-4000-8000-00000000000b';
  assert.notEqual(hex(KEY), hex(workspaceSigningKey(SECRET, other, 'ACCESS')));
  assert.notEqual(hex(KEY), hex(workspaceSigningKey(SECRET, WORKSPACE, 'REFRESH')));
  assert.notEqual(hex(KEY), hex(workspaceSigningKey(SECRET, WORKSPACE, 'FILE')));
});

test('an empty APP_SECRET is refused because every key would be guessable', () => {
  assert.throws(() => workspaceSigningKey('', WORKSPACE, 'ACCESS'), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID');
});

test('signing a token that expires before it is issued is refused', async () => {
  await assert.rejects(
    signToken(KEY, {}, { expiresAt: new Date(NOW.getTime() - 1000), now: NOW }),
    (e) => e instanceof AppError && e.code === 'BAD_USER_INPUT',
  );
});

test('a token that expired beyond the clock skew is rejected as expired', async () => {
  const token = craftToken(HS256, claims({ exp: NOW_S - SKEW - 1 }), KEY);
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_EXPIRED', token);
});

test('a token that expired within the clock skew is still accepted', async () => {
  const token = craftToken(HS256, claims({ exp: NOW_S - SKEW + 1 }), KEY);
  await verifyAtNow(token);
});

test('a smaller clock skew option is honoured', async () => {
  const token = craftToken(HS256, claims({ exp: NOW_S - 5 }), KEY);
  await assertInvalidToken(() => verifyToken(token, KEY, { now: NOW, clockSkewSeconds: 0 }), 'TOKEN_EXPIRED');
});

test('a token issued in the future beyond the skew is rejected and one within it is accepted', async () => {
  const future = craftToken(HS256, claims({ iat: NOW_S + SKEW + 1 }), KEY);
  await assertInvalidToken(() => verifyAtNow(future), 'TOKEN_NOT_YET_VALID', future);
  await verifyAtNow(craftToken(HS256, claims({ iat: NOW_S + SKEW - 1 }), KEY));
});

test('a token whose nbf lies beyond the skew is not valid yet', async () => {
  const token = craftToken(HS256, claims({ nbf: NOW_S + SKEW + 1 }), KEY);
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_NOT_YET_VALID', token);
});

test('an unsigned alg "none" token is rejected for its algorithm', async () => {
  const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`;
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_ALGORITHM_NOT_ALLOWED', token);
});

test('algorithms other than HS256 are rejected even when correctly signed', async () => {
  const hs512 = craftToken({ alg: 'HS512', typ: 'JWT' }, claims(), KEY, 'sha512');
  await assertInvalidToken(() => verifyAtNow(hs512), 'TOKEN_ALGORITHM_NOT_ALLOWED', hs512);
  const rs256 = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims())}.${base64url('not-a-real-rsa-signature')}`;
  await assertInvalidToken(() => verifyAtNow(rs256), 'TOKEN_ALGORITHM_NOT_ALLOWED', rs256);
  const weird = craftToken({ alg: { nested: 'eyJ' } }, claims(), KEY);
  await assertInvalidToken(() => verifyAtNow(weird), 'TOKEN_ALGORITHM_NOT_ALLOWED', weird);
});

test('a token signed with another secret has an invalid signature', async () => {
  const token = craftToken(HS256, claims(), workspaceSigningKey('another-secret', WORKSPACE, 'ACCESS'));
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_SIGNATURE_INVALID', token);
});

test('flipping one bit of the signature invalidates it', async () => {
  const [header, payload, signature] = craftToken(HS256, claims(), KEY).split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 1;
  const token = `${header}.${payload}.${bytes.toString('base64url')}`;
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_SIGNATURE_INVALID', token);
});

test('tokens that are not three base64url JSON parts are malformed', async () => {
  const good = craftToken(HS256, claims(), KEY);
  const [header, payload, signature] = good.split('.') as [string, string, string];
  const cases = [
    '',
    `${header}.${payload}`,
    `${good}.extra`,
    `${header}.${payload}.${signature}!`,
    `%%%.${payload}.${signature}`,
    `${header}..${signature}`,
    `${header}.${base64url('not json')}.${signature}`,
    `${base64url('[1,2]')}.${payload}.${signature}`,
    `${header}.${base64url('[]')}.${signature}`,
    `${header}.${base64url('null')}.${signature}`,
    `${header}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${signature}`,
    `${header}.${payload}.a`,
    'x'.repeat(MAX_TOKEN_LENGTH + 1),
  ];
  for (const token of cases) await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_MALFORMED', token);
});

test('non-numeric exp, nbf or iat claims are invalid and name the claim', async () => {
  for (const claim of ['exp', 'nbf', 'iat']) {
    const token = craftToken(HS256, claims({ [claim]: String(NOW_S) }), KEY);
    const error = await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_CLAIM_INVALID', token);
    assert.equal(error.details?.claim, claim);
  }
});

test('a token without exp is refused because it would never expire', async () => {
  const token = craftToken(HS256, { sub: 'someone', iat: NOW_S }, KEY);
  const error = await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_CLAIM_INVALID', token);
  assert.equal(error.details?.claim, 'exp');
});

test('an aud claim that is not a string or list of strings is invalid', async () => {
  const token = craftToken(HS256, claims({ aud: 42 }), KEY);
  await assertInvalidToken(() => verifyAtNow(token), 'TOKEN_CLAIM_INVALID', token);
});

test('decodeUnverified reads header and payload without any key and rejects junk as malformed', async () => {
  const token = craftToken(HS256, claims(), 'whatever');
  assert.deepEqual(decodeUnverified(token), { header: HS256, payload: claims() });
  await assertInvalidToken(async () => decodeUnverified('a.b'), 'TOKEN_MALFORMED');
});
