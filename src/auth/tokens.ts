// Twenty's token payloads on top of jwt.ts: what each token type carries, which key signs it, and
// how a Bearer header becomes one verified, typed token.
import { AppError } from '../core/errors.ts';
import {
  decodeUnverified,
  invalidToken,
  signToken,
  verifyToken,
  workspaceSigningKey,
  type SigningKeyType,
  type TokenClaims,
  type VerifyOptions,
} from './jwt.ts';
import { isUuid } from '../core/uuid.ts';

// Twenty's defaults (twenty-config/config-variables.ts).
export const ACCESS_TOKEN_LIFETIME_SECONDS = 30 * 60;
export const LOGIN_TOKEN_LIFETIME_SECONDS = 15 * 60;
export const REFRESH_TOKEN_LIFETIME_SECONDS = 60 * 24 * 60 * 60;

export type BearerTokenType = 'ACCESS' | 'API_KEY' | 'REFRESH' | 'LOGIN';

// API keys share the ACCESS key because Twenty's JWT strategy verifies both with it; every other
// type has its own key, so a token of one type can never verify as another.
const KEY_TYPE: Record<BearerTokenType, SigningKeyType> = {
  ACCESS: 'ACCESS',
  API_KEY: 'ACCESS',
  REFRESH: 'REFRESH',
  LOGIN: 'LOGIN',
};

const TYPE_LABEL: Record<BearerTokenType, string> = {
  ACCESS: 'an access token',
  API_KEY: 'an API key',
  REFRESH: 'a refresh token',
  LOGIN: 'a login token',
};

export type VerifiedToken =
  | { type: 'API_KEY'; workspaceId: string; apiKeyId: string; expiresAt: Date }
  | { type: 'ACCESS'; workspaceId: string; userId: string; workspaceMemberId: string; userWorkspaceId: string; expiresAt: Date }
  | { type: 'REFRESH'; workspaceId: string; userId: string; tokenId: string; expiresAt: Date }
  | { type: 'LOGIN'; workspaceId: string; email: string; expiresAt: Date };


interface MintBase {
  appSecret: string;
  workspaceId: string;
  /** The minting clock; tests pin it. */
  now?: Date;
}

export function mintApiKeyToken(input: MintBase & { apiKeyId: string; expiresAt: Date }): Promise<string> {
  const { workspaceId, apiKeyId } = input;
  return mint(input, 'API_KEY', { sub: workspaceId, type: 'API_KEY', workspaceId, jti: apiKeyId }, { expiresAt: input.expiresAt });
}

export function mintAccessToken(
  input: MintBase & { userId: string; workspaceMemberId: string; userWorkspaceId: string; expiresInSeconds?: number },
): Promise<string> {
  const { userId, workspaceId, workspaceMemberId, userWorkspaceId } = input;
  const claims = {
    sub: userId,
    userId,
    workspaceId,
    workspaceMemberId,
    userWorkspaceId,
    type: 'ACCESS',
    authProvider: 'password',
    isImpersonating: false,
  };
  return mint(input, 'ACCESS', claims, { expiresInSeconds: input.expiresInSeconds ?? ACCESS_TOKEN_LIFETIME_SECONDS });
}

/** `tokenId` is the stored refresh-token row, so a refresh token can be revoked. */
export function mintRefreshToken(
  input: MintBase & { userId: string; tokenId: string; expiresInSeconds?: number },
): Promise<string> {
  const { userId, workspaceId, tokenId } = input;
  const claims = { sub: userId, userId, workspaceId, type: 'REFRESH', jti: tokenId };
  return mint(input, 'REFRESH', claims, { expiresInSeconds: input.expiresInSeconds ?? REFRESH_TOKEN_LIFETIME_SECONDS });
}

/** As in Twenty, a login token names the user by email. */
export function mintLoginToken(input: MintBase & { email: string; expiresInSeconds?: number }): Promise<string> {
  const { email, workspaceId } = input;
  const claims = { sub: email, workspaceId, type: 'LOGIN', authProvider: 'password' };
  return mint(input, 'LOGIN', claims, { expiresInSeconds: input.expiresInSeconds ?? LOGIN_TOKEN_LIFETIME_SECONDS });
}

async function mint(
  input: MintBase,
  type: BearerTokenType,
  claims: TokenClaims,
  expiry: { expiresInSeconds: number } | { expiresAt: Date },
): Promise<string> {
  if (!isUuid(input.workspaceId)) {
    throw new AppError('BAD_USER_INPUT', `Workspace id "${input.workspaceId}" is not a UUID.`);
  }
  const key = workspaceSigningKey(input.appSecret, input.workspaceId, KEY_TYPE[type]);
  return signToken(key, claims, { ...expiry, now: input.now });
}

export interface VerifyBearerOptions extends VerifyOptions {
  appSecret: string;
  expectedTypes: readonly BearerTokenType[];
}

/**
 * Picks the key from the unverified workspaceId and type claims, verifies, and then requires the
 * verified claims to be the ones that picked the key, so the workspace that scopes the request is
 * the one whose key signed the token.
 */
export async function verifyBearer(token: string, options: VerifyBearerOptions): Promise<VerifiedToken> {
  const { payload: unverified } = decodeUnverified(token);
  const type = bearerType(unverified.type);
  const workspaceId = uuidClaim(unverified, 'workspaceId');
  const key = workspaceSigningKey(options.appSecret, workspaceId, KEY_TYPE[type]);
  const claims = await verifyToken(token, key, options);
  if (claims.workspaceId !== workspaceId || claims.type !== type) {
    throw invalidToken('TOKEN_WORKSPACE_MISMATCH', 'The bearer token claims differ from the ones that chose its key.', 'workspaceId');
  }
  if (!options.expectedTypes.includes(type)) {
    const expected = options.expectedTypes.map((t) => TYPE_LABEL[t]).join(' or ');
    throw invalidToken('TOKEN_TYPE_MISMATCH', `${capitalize(TYPE_LABEL[type])} cannot be used here; send ${expected}.`, 'type');
  }
  return shapeToken(type, claims, workspaceId);
}

function shapeToken(type: BearerTokenType, claims: TokenClaims, workspaceId: string): VerifiedToken {
  const expiresAt = new Date((claims.exp as number) * 1000);
  switch (type) {
    case 'API_KEY':
      if (claims.sub !== workspaceId) {
        throw invalidToken('TOKEN_WORKSPACE_MISMATCH', 'The API key names two different workspaces in "sub" and "workspaceId".', 'sub');
      }
      return { type, workspaceId, apiKeyId: uuidClaim(claims, 'jti'), expiresAt };
    case 'ACCESS':
      return {
        type,
        workspaceId,
        userId: subjectUserId(claims),
        workspaceMemberId: uuidClaim(claims, 'workspaceMemberId'),
        userWorkspaceId: uuidClaim(claims, 'userWorkspaceId'),
        expiresAt,
      };
    case 'REFRESH':
      return { type, workspaceId, userId: subjectUserId(claims), tokenId: uuidClaim(claims, 'jti'), expiresAt };
    case 'LOGIN':
      if (typeof claims.sub !== 'string' || !claims.sub.includes('@')) {
        throw invalidToken('TOKEN_CLAIM_INVALID', 'The login token claim "sub" must be an email address.', 'sub');
      }
      return { type, workspaceId, email: claims.sub, expiresAt };
  }
}

function bearerType(value: unknown): BearerTokenType {
  if (value === undefined) {
    throw invalidToken('TOKEN_CLAIM_INVALID', 'The bearer token has no "type" claim.', 'type');
  }
  if (typeof value === 'string' && Object.hasOwn(KEY_TYPE, value)) return value as BearerTokenType;
  throw invalidToken('TOKEN_TYPE_MISMATCH', 'The bearer token type is not one this server accepts.', 'type');
}

function subjectUserId(claims: TokenClaims): string {
  const userId = uuidClaim(claims, 'userId');
  if (claims.sub !== userId) {
    throw invalidToken('TOKEN_CLAIM_INVALID', 'The bearer token claims "sub" and "userId" differ.', 'sub');
  }
  return userId;
}

function uuidClaim(claims: TokenClaims, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || !isUuid(value)) {
    throw invalidToken('TOKEN_CLAIM_INVALID', `The bearer token claim "${name}" must be a UUID.`, name);
  }
  return value;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The token from an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235). */
export function parseAuthorizationHeader(value: string | undefined): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length === 0) {
    throw new AppError('UNAUTHENTICATED', 'No credentials were sent.', {
      hint: 'Send an access token or API key as `Authorization: Bearer <token>`.',
    });
  }
  const [scheme = '', ...rest] = trimmed.split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer') {
    // Quote the scheme only when it is plainly a name: a bare token sent without "Bearer" must not be echoed.
    const named = /^[A-Za-z-]{1,20}$/.test(scheme) ? ` "${scheme}"` : '';
    throw new AppError('UNAUTHENTICATED', `The authorization scheme${named} is not supported; use "Bearer".`, {
      hint: 'Send the token as `Authorization: Bearer <token>`.',
    });
  }
  if (rest.length === 0) throw invalidToken('TOKEN_MALFORMED', 'The bearer token is empty.');
  if (rest.length > 1) throw invalidToken('TOKEN_MALFORMED', 'The bearer token contains spaces.');
  return rest[0] as string;
}
