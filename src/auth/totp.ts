// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1), as authenticator apps
// implement them. Secrets travel as RFC 4648 base32 without padding.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_BYTES = 20;

export interface TotpOptions {
  /** Seconds per code; authenticator apps assume 30. */
  step?: number;
  digits?: number;
}

export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(SECRET_BYTES));
}

export function totpCode(secretBase32: string, timeMs: number, options: TotpOptions = {}): string {
  const { step = 30, digits = 6 } = options;
  return hotp(decodeBase32(secretBase32), Math.floor(timeMs / 1000 / step), digits);
}

const STEP_MS = 30_000;
/** Steps either side of now that are accepted: clock drift and typing time. */
const WINDOW = 1;

/**
 * The time step `code` belongs to (now or one step either side), or undefined. Every candidate
 * is compared in constant time. Refusing a step already used (RFC 6238 §5.2) is the caller's
 * job: it owns the storage.
 */
export function matchTotpStep(secret: string, code: string, timeMs: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const now = Math.floor(timeMs / STEP_MS);
  const given = Buffer.from(code);
  let matched: number | undefined;
  for (let step = now - WINDOW; step <= now + WINDOW; step += 1) {
    // No early exit: how long verification takes must not tell which step matched.
    if (timingSafeEqual(Buffer.from(totpCode(secret, step * STEP_MS)), given) && matched === undefined) matched = step;
  }
  return matched;
}

/** The `otpauth://` URI an authenticator app scans from a QR code. */
export function totpUri(input: { secret: string; account: string; issuer?: string }): string {
  const issuer = input.issuer ?? 'Twenty';
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({ secret: input.secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}

function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(Math.max(counter, 0)));
  const mac = createHmac('sha1', key).update(message).digest();
  // Dynamic truncation, RFC 4226 §5.3.
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return output;
}

/** Accepts lower case, spaces and `=` padding, as people copy secrets by hand. */
function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) {
      throw new AppError('BAD_USER_INPUT', `The TOTP secret contains "${char}", which is not a base32 character (A-Z, 2-7).`);
    }
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bytes.length === 0) throw new AppError('BAD_USER_INPUT', 'The TOTP secret is empty.');
  return Buffer.from(bytes);
}
