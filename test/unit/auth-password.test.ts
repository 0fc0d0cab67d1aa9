import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { MAX_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../../src/auth/password.ts';

function isCode(code: string): (error: unknown) => boolean {
  return (error) => error instanceof AppError && error.code === code;
}

test('a hashed password verifies and a wrong one does not', async () => {
  const encoded = await hashPassword('correct horse battery staple');
  assert.equal(await verifyPassword('correct horse battery staple', encoded), true);
  assert.equal(await verifyPassword('correct horse battery stapler', encoded), false);
  assert.equal(await verifyPassword('Correct horse battery staple', encoded), false);
});

test('hashes are scrypt$N$r$p$salt$hash with a fresh 16-byte salt each time', async () => {
  const [first, second] = await Promise.all([hashPassword('secret'), hashPassword('secret')]);
  assert.notEqual(first, second);
  const [scheme, n, r, p, salt, hash] = first.split('$');
  assert.deepEqual([scheme, n, r, p], ['scrypt', String(2 ** 15), '8', '1']);
  assert.equal(Buffer.from(salt as string, 'base64').length, 16);
  assert.equal(Buffer.from(hash as string, 'base64').length, 32);
});

test('composed and decomposed accents are the same password', async () => {
  const encoded = await hashPassword('caf\u00e9');
  assert.equal(await verifyPassword('cafe\u0301', encoded), true);
});

test('a hash whose stored bytes were altered no longer verifies', async () => {
  const encoded = await hashPassword('secret');
  const parts = encoded.split('$');
  const hash = Buffer.from(parts[5] as string, 'base64');
  hash[0] = (hash[0] as number) ^ 1;
  parts[5] = hash.toString('base64');
  assert.equal(await verifyPassword('secret', parts.join('$')), false);
});

test('an account without a stored hash still runs scrypt and never verifies', async () => {
  assert.equal(await verifyPassword('anything', undefined), false);
  assert.equal(await verifyPassword('anything', null), false);
});

test('empty and absurdly long passwords are rejected as bad input', async () => {
  await assert.rejects(hashPassword(''), isCode('BAD_USER_INPUT'));
  await assert.rejects(hashPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1)), isCode('BAD_USER_INPUT'));
  await assert.rejects(verifyPassword('', 'scrypt$2$1$1$AA==$AAAAAAAAAAAAAAAAAAAAAA=='), isCode('BAD_USER_INPUT'));
  await assert.rejects(verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1), undefined), isCode('BAD_USER_INPUT'));
});

test('a malformed or over-costly stored hash is an internal error, not a verification attempt', async () => {
  const salt = Buffer.alloc(16).toString('base64');
  const hash = Buffer.alloc(32).toString('base64');
  const bad = [
    'plain-text-password',
    '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234',
    `scrypt$${2 ** 30}$8$1$${salt}$${hash}`,
    `scrypt$1000$8$1$${salt}$${hash}`,
    `scrypt$16384$64$1$${salt}$${hash}`,
    `scrypt$16384$8$1$${salt}$AAAA`,
    `scrypt$16384$8$1$${salt}`,
  ];
  for (const encoded of bad) await assert.rejects(verifyPassword('secret', encoded), isCode('INTERNAL_SERVER_ERROR'));
});
