import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { generateTotpSecret, matchTotpStep, totpCode, totpUri } from '../../src/auth/totp.ts';

// RFC 6238 appendix B: the ASCII secret "12345678901234567890", here in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_SHA1_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('codes match the RFC 6238 SHA1 test vectors', () => {
  for (const [seconds, code] of RFC_SHA1_VECTORS) {
    assert.equal(totpCode(RFC_SECRET, seconds * 1000, { digits: 8 }), code, `at ${seconds}s`);
  }
});

test('six-digit codes are the last six digits of the eight-digit ones', () => {
  assert.equal(totpCode(RFC_SECRET, 59_000), '287082');
});

test('secrets are 20 random bytes in unpadded base32 and accepted back lower-cased with spaces', () => {
  const secret = generateTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(secret, generateTotpSecret());
  const spaced = secret.toLowerCase().replace(/(.{4})/g, '$1 ');
  assert.equal(totpCode(spaced, 1_700_000_000_000), totpCode(secret, 1_700_000_000_000));
});

test('a code matches its own time step from one step before to one step after, and not beyond', () => {
  const t = 1_111_111_111_000;
  const step = Math.floor(t / 30_000);
  const code = totpCode(RFC_SECRET, t);
  assert.equal(matchTotpStep(RFC_SECRET, code, t), step);
  assert.equal(matchTotpStep(RFC_SECRET, code, t + 30_000), step);
  assert.equal(matchTotpStep(RFC_SECRET, code, t - 30_000), step);
  assert.equal(matchTotpStep(RFC_SECRET, code, t + 60_000), undefined);
  assert.equal(matchTotpStep(RFC_SECRET, code, t - 60_000), undefined);
});

test('codes of the wrong shape never verify', () => {
  const t = 1_111_111_111_000;
  const code = totpCode(RFC_SECRET, t);
  for (const wrong of ['', code.slice(1), `${code}0`, ` ${code}`, 'abcdef', '1e5000']) {
    assert.equal(matchTotpStep(RFC_SECRET, wrong, t), undefined, JSON.stringify(wrong));
  }
});

test('a secret with characters outside base32 is rejected as bad input', () => {
  assert.throws(() => totpCode('NOT-BASE32!', 0), (e) => e instanceof AppError && e.code === 'BAD_USER_INPUT');
  assert.throws(() => totpCode('', 0), (e) => e instanceof AppError && e.code === 'BAD_USER_INPUT');
});

test('the otpauth URI names issuer and account and carries the secret', () => {
  const uri = totpUri({ secret: RFC_SECRET, account: 'tim@apple.dev' });
  assert.equal(
    uri,
    `otpauth://totp/Twenty:tim%40apple.dev?secret=${RFC_SECRET}&issuer=Twenty&algorithm=SHA1&digits=6&period=30`,
  );
  assert.match(totpUri({ secret: RFC_SECRET, account: 'a b', issuer: 'My CRM' }), /^otpauth:\/\/totp\/My%20CRM:a%20b\?.*issuer=My%20CRM/);
});
