// HS256 JSON Web Tokens with Twenty's per-workspace, per-type signing keys.
// Every verify names its algorithm allow-list and every rejection is an INVALID_TOKEN AppError with
// a stable `details.reason`, so the server answers 401 (never 500) and logs never see the token.
import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../core/errors.ts';

export type SigningKeyType = 'ACCESS' | 'REFRESH' | 'LOGIN' | 'FILE';

export type TokenClaims = Record<string, unknown>;

export type TokenRejectionReason =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_CLAIM_INVALID'
  | 'TOKEN_ALGORITHM_NOT_ALLOWED'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_TYPE_MISMATCH'
  | 'TOKEN_WORKSPACE_MISMATCH';

/**
 * Default tolerance for clocks that disagree between the minting and the verifying host:
 * 30 seconds. A token is accepted while now < exp + 30 s (RFC 7519 rejects at `exp` itself), and
 * `nbf`/`iat` may lie up to 30 s in the future.
 */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/** Tokens beyond this are refused before any decoding, so junk headers cost nothing. */
export const MAX_TOKEN_LENGTH = 8192;

const ALLOWED_ALGORITHMS = ['HS256'];
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Twenty's key: the hex text of sha256(APP_SECRET + workspaceId + type), used as the HMAC
 * secret's UTF-8 bytes (jsonwebtoken takes the string as is), so tokens interoperate with Twenty.
 */
export function workspaceSigningKey(appSecret: string, workspaceId: string, type: SigningKeyType): Uint8Array {
  if (appSecret.length === 0) {
    throw new AppError('CONFIG_INVALID', 'APP_SECRET is empty, so tokens could be forged.', {
      hint: 'Set APP_SECRET to a long random value (`twenty init` generates one).',
    });
  }
  const hex = createHash('sha256').update(appSecret + workspaceId + type).digest('hex');
  return new TextEncoder().encode(hex);
}

export function invalidToken(reason: TokenRejectionReason, message: string, claim?: string): AppError {
  return new AppError('INVALID_TOKEN', message, {
    details: claim === undefined ? { reason } : { reason, claim },
    hint: 'Send a current token as `Authorization: Bearer <token>`; sign in again or mint a new API key.',
  });
}

export type SignOptions = { now?: Date } & ({ expiresInSeconds: number } | { expiresAt: Date });

/** Signs `claims` with HS256, setting `iat` to now and `exp` from the options. */
export async function signToken(key: Uint8Array, claims: TokenClaims, options: SignOptions): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = 'expiresAt' in options ? Math.floor(options.expiresAt.getTime() / 1000) : iat + options.expiresInSeconds;
  if (!Number.isFinite(exp) || exp <= iat) {
    throw new AppError('BAD_USER_INPUT', 'A token must expire after it is issued.', {
      hint: 'Give an expiry date in the future.',
    });
  }
  return new SignJWT({ ...claims, iat, exp }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

/**
 * Reads header and payload without checking the signature. Use it only to choose the key; the
 * claims that chose it must be compared again with the verified payload.
 */
export function decodeUnverified(token: string): { header: TokenClaims; payload: TokenClaims } {
  if (typeof token !== 'string' || token.length === 0) {
    throw invalidToken('TOKEN_MALFORMED', 'The bearer token is empty.');
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalidToken('TOKEN_MALFORMED', `The bearer token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw invalidToken('TOKEN_MALFORMED', `The bearer token has ${parts.length} dot-separated parts; a JWT has 3.`);
  }
  const [header, payload, signature] = parts as [string, string, string];
  if (!BASE64URL.test(signature)) {
    throw invalidToken('TOKEN_MALFORMED', 'The bearer token signature is not base64url.');
  }
  return { header: decodeSegment(header, 'header'), payload: decodeSegment(payload, 'payload') };
}

function decodeSegment(segment: string, name: 'header' | 'payload'): TokenClaims {
  if (segment.length === 0 || !BASE64URL.test(segment)) {
    throw invalidToken('TOKEN_MALFORMED', `The bearer token ${name} is not base64url.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw invalidToken('TOKEN_MALFORMED', `The bearer token ${name} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken('TOKEN_MALFORMED', `The bearer token ${name} is not a JSON object.`);
  }
  return value as TokenClaims;
}

export interface VerifyOptions {
  clockSkewSeconds?: number;
  /** The verifier's clock; tests pin it so no assertion depends on timing. */
  now?: Date;
}

/** Checks structure, algorithm, signature and time claims; returns the verified payload. */
export async function verifyToken(token: string, key: Uint8Array, options: VerifyOptions = {}): Promise<TokenClaims> {
  const { header } = decodeUnverified(token);
  if (header.alg !== 'HS256') {
    throw invalidToken('TOKEN_ALGORITHM_NOT_ALLOWED', `The bearer token algorithm ${quoteAlgorithm(header.alg)}is not allowed; only "HS256" is.`);
  }
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const now = options.now ?? new Date();
  let payload: TokenClaims;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ALLOWED_ALGORITHMS,
      clockTolerance: skew,
      currentDate: now,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  // jose only checks `iat` against the clock when maxTokenAge is set; a token minted in the future is suspect.
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000) + skew) {
    throw invalidToken('TOKEN_NOT_YET_VALID', 'The bearer token was issued in the future; check the server clocks.', 'iat');
  }
  if (payload.aud !== undefined && !isAudience(payload.aud)) {
    throw invalidToken('TOKEN_CLAIM_INVALID', 'The bearer token claim "aud" must be a string or a list of strings.', 'aud');
  }
  return payload;
}

// Quotes only short, plain names: the header is attacker-controlled and must not smuggle text into logs.
function quoteAlgorithm(alg: unknown): string {
  return typeof alg === 'string' && /^[A-Za-z0-9-]{1,16}$/.test(alg) ? `"${alg}" ` : '';
}

function isAudience(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function fromJoseError(error: unknown): AppError {
  if (!(error instanceof errors.JOSEError)) throw error;
  if (error instanceof errors.JWTExpired) {
    return invalidToken('TOKEN_EXPIRED', 'The bearer token has expired.', 'exp');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'check_failed' && (error.claim === 'nbf' || error.claim === 'iat')) {
      return invalidToken('TOKEN_NOT_YET_VALID', `The bearer token is not valid yet (claim "${error.claim}").`, error.claim);
    }
    const problem = error.reason === 'missing' ? 'is missing' : 'must be a number';
    return invalidToken('TOKEN_CLAIM_INVALID', `The bearer token claim "${error.claim}" ${problem}.`, error.claim);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return invalidToken('TOKEN_ALGORITHM_NOT_ALLOWED', 'The bearer token algorithm is not allowed; only "HS256" is.');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('TOKEN_SIGNATURE_INVALID', 'The bearer token signature does not match.');
  }
  return invalidToken('TOKEN_MALFORMED', 'The bearer token is not a well-formed JWT.');
}
