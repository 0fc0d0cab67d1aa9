// Password hashing with Node's scrypt, stored as `scrypt$N$r$p$salt$hash` (salt and hash base64),
// so the cost parameters travel with each hash and can be raised later without breaking old ones.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
export const MAX_PASSWORD_LENGTH = 1024;

// Bounds on parameters read back from storage, so a tampered row cannot make one login
// allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

// Compared against when there is no stored hash, so an unknown account costs as much as a known one.
const ABSENT_HASH = { params: PARAMS, salt: Buffer.alloc(SALT_BYTES), hash: Buffer.alloc(KEY_BYTES) };

export async function hashPassword(password: string): Promise<string> {
  const normalized = checkPassword(password);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(normalized, salt, PARAMS, KEY_BYTES);
  const { N, r, p } = PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * True when `password` matches `encoded`. Pass the stored hash as is, or null/undefined when the
 * account does not exist: the same work is done either way, so timing does not reveal which.
 */
export async function verifyPassword(password: string, encoded: string | null | undefined): Promise<boolean> {
  const normalized = checkPassword(password);
  const stored = encoded == null ? ABSENT_HASH : parseHash(encoded);
  const candidate = await derive(normalized, stored.salt, stored.params, stored.hash.length);
  return timingSafeEqual(candidate, stored.hash) && encoded != null;
}

// NFC so the same password typed on systems that compose accents differently still matches.
function checkPassword(password: string): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new AppError('BAD_USER_INPUT', 'The password is empty.', { hint: 'Type a password.' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('BAD_USER_INPUT', `The password is longer than ${MAX_PASSWORD_LENGTH} characters.`, {
      hint: `Use a password of at most ${MAX_PASSWORD_LENGTH} characters.`,
    });
  }
  return password.normalize('NFC');
}

function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } {
  const parts = encoded.split('$');
  const [scheme, n, r, p, salt = '', hash = ''] = parts;
  const params = { N: toInt(n), r: toInt(r), p: toInt(p) };
  const decoded = { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  const valid =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    params.N >= 2 && params.N <= MAX_N && (params.N & (params.N - 1)) === 0 &&
    params.r >= 1 && params.r <= MAX_R &&
    params.p >= 1 && params.p <= MAX_P &&
    BASE64.test(salt) && BASE64.test(hash) && decoded.hash.length >= 16;
  if (!valid) {
    throw new AppError('INTERNAL_SERVER_ERROR', 'A stored password hash is not in the format scrypt$N$r$p$salt$hash.', {
      hint: 'Reset the password of this account.',
    });
  }
  return decoded;
}

function toInt(text: string | undefined): number {
  return text !== undefined && /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : 0;
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, keyLength: number): Promise<Buffer> {
  // OpenSSL needs about 128 * r * (N + p + 2) bytes; Node's 32 MiB default is just short for N = 2^15, r = 8.
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
