// Hand-made JWTs for rejection tests, and the one assertion every bad token must pass: an
// INVALID_TOKEN AppError (401, never 500) with the expected reason and no token text in it.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AppError } from '../../src/core/errors.ts';

export function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWT with any header and payload, HMAC-signed with `key` (a string key is used as its UTF-8 bytes). */
export function craftToken(header: unknown, payload: unknown, key: Uint8Array | string, hash = 'sha256'): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${createHmac(hash, key).update(signingInput).digest('base64url')}`;
}

export async function assertInvalidToken(action: () => Promise<unknown>, reason: string, token?: string): Promise<AppError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
  assert.equal(caught.code, 'INVALID_TOKEN');
  assert.equal(caught.spec.http, 401);
  assert.equal(caught.details?.reason, reason, caught.message);
  const text = `${caught.message} ${caught.hint ?? ''} ${JSON.stringify(caught.details)}`;
  assert.ok(!text.includes('eyJ'), `error text leaks token material: ${text}`);
  if (token !== undefined && token.length > 0) assert.ok(!text.includes(token));
  return caught;
}
