// Short-lived signed URLs for the local driver's `/files/…` route (S3 presigns its own). An
// HMAC-SHA256 (node:crypto) over method, key and expiry, keyed by a secret derived from APP_SECRET,
// so a URL cannot be reused for another object, another method or after it expires.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

export interface LocalUrlSigner {
  serverUrl: string;
  appSecret: string;
}

export const FILES_ROUTE = '/files/';

function signature(signer: LocalUrlSigner, method: string, key: string, expires: number, size: string): string {
  const secret = createHash('sha256').update(`${signer.appSecret}:files`).digest();
  return createHmac('sha256', secret).update(`${method}\n${key}\n${expires}\n${size}`).digest('base64url');
}

export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** An upload URL also pins the size the client declared, so it cannot PUT another one. */
export function signLocalUrl(signer: LocalUrlSigner, key: string, method: 'GET' | 'PUT', expiresInSeconds: number, size?: number, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + expiresInSeconds;
  const url = new URL(FILES_ROUTE + encodeKeyPath(key), signer.serverUrl);
  url.searchParams.set('expires', String(expires));
  if (size !== undefined) url.searchParams.set('size', String(size));
  url.searchParams.set('signature', signature(signer, method, key, expires, size === undefined ? '' : String(size)));
  return url.toString();
}

export interface SignedParams {
  expires?: unknown;
  signature?: unknown;
  size?: unknown;
}

/** Throws FORBIDDEN for a missing, tampered or expired signature; returns the signed size. */
export function verifyLocalSignature(signer: LocalUrlSigner, method: string, key: string, params: SignedParams, now = Date.now()): number | undefined {
  const refuse = (why: string): never => {
    throw new AppError('FORBIDDEN', `The file link ${why}.`, { hint: 'Ask the API for a new link.' });
  };
  const { expires: expiresRaw, signature: signatureRaw, size: sizeRaw = '' } = params;
  if (typeof expiresRaw !== 'string' || !/^\d{1,12}$/.test(expiresRaw) || typeof signatureRaw !== 'string') return refuse('is not signed');
  if (typeof sizeRaw !== 'string' || !/^\d{0,15}$/.test(sizeRaw)) return refuse('has an invalid size');
  const expires = Number(expiresRaw);
  const expected = Buffer.from(signature(signer, method, key, expires, sizeRaw));
  const given = Buffer.from(signatureRaw);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('has an invalid signature');
  if (expires * 1000 < now) refuse('has expired');
  return sizeRaw === '' ? undefined : Number(sizeRaw);
}
