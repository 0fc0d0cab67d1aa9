// Access + refresh token pairs. Every refresh token is a core."refreshToken" row: renewing
// revokes the row (single use, atomic) and links its successor; a revoked token presented
// again revokes every refresh token of that user in that workspace, since only a copy made by
// someone else can be replayed.
import { AppError } from '../core/errors.ts';
import { one, transaction, type Db, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { invalidToken } from './jwt.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS, mintAccessToken, mintRefreshToken, REFRESH_TOKEN_LIFETIME_SECONDS, verifyBearer } from './tokens.ts';

export interface AuthToken {
  token: string;
  expiresAt: string;
}

/** Twenty's AuthTokenPair. */
export interface AuthTokenPair {
  accessOrWorkspaceAgnosticToken: AuthToken;
  refreshToken: AuthToken;
}

export interface Membership {
  userId: string;
  workspaceId: string;
  userWorkspaceId: string;
  workspaceMemberId: string;
  email: string;
  totpSecret: string | null;
  totpEnabled: boolean;
}

/** The user's live membership of a live workspace, or undefined. */
export async function findMembership(db: DbClient, where: { workspaceId: string } & ({ userId: string } | { email: string })): Promise<Membership | undefined> {
  const user = 'userId' in where ? sql`u."id" = ${where.userId}` : sql`lower(u."email") = lower(${where.email})`;
  return one<Membership>(
    db,
    sql`SELECT u."id" AS "userId", uw."workspaceId", uw."id" AS "userWorkspaceId", uw."workspaceMemberId", u."email", u."totpSecret", u."totpEnabledAt" IS NOT NULL AS "totpEnabled"
        FROM core."user" u
        JOIN core."userWorkspace" uw ON uw."userId" = u."id" AND uw."workspaceId" = ${where.workspaceId}
        JOIN core.workspace w ON w."id" = uw."workspaceId" AND w."deletedAt" IS NULL
        WHERE ${user} AND u."deletedAt" IS NULL`,
  );
}

const at = (seconds: number) => new Date(Date.now() + seconds * 1000);

export async function issueAuthTokens(db: DbClient, appSecret: string, member: Membership): Promise<{ pair: AuthTokenPair; refreshTokenId: string }> {
  const refreshExpires = at(REFRESH_TOKEN_LIFETIME_SECONDS);
  const row = await one<{ id: string }>(
    db,
    sql`INSERT INTO core."refreshToken" ("workspaceId", "userId", "expiresAt") VALUES (${member.workspaceId}, ${member.userId}, ${refreshExpires}) RETURNING "id"`,
  );
  const tokenId = row?.id as string;
  const base = { appSecret, workspaceId: member.workspaceId, userId: member.userId };
  const access = await mintAccessToken({ ...base, workspaceMemberId: member.workspaceMemberId, userWorkspaceId: member.userWorkspaceId });
  const refresh = await mintRefreshToken({ ...base, tokenId });
  return {
    refreshTokenId: tokenId,
    pair: {
      accessOrWorkspaceAgnosticToken: { token: access, expiresAt: at(ACCESS_TOKEN_LIFETIME_SECONDS).toISOString() },
      refreshToken: { token: refresh, expiresAt: refreshExpires.toISOString() },
    },
  };
}

/** Twenty's renewToken: a valid, unused refresh token → a new pair; the old one stops working. */
export async function renewAuthTokens(db: Db, appSecret: string, refreshToken: string): Promise<AuthTokenPair> {
  const verified = await verifyBearer(refreshToken, { appSecret, expectedTypes: ['REFRESH'] });
  if (verified.type !== 'REFRESH') throw invalidToken('TOKEN_TYPE_MISMATCH', 'Send a refresh token.', 'type');
  const { workspaceId, userId, tokenId } = verified;
  const outcome = await transaction(db, async (client) => {
    const used = await one<{ id: string }>(
      client,
      sql`UPDATE core."refreshToken" SET "revokedAt" = now() WHERE "id" = ${tokenId} AND "userId" = ${userId} AND "workspaceId" = ${workspaceId}
          AND "revokedAt" IS NULL AND "expiresAt" > now() RETURNING "id"`,
    );
    if (!used) return { reused: true as const };
    const member = await findMembership(client, { workspaceId, userId });
    if (!member) throw invalidToken('TOKEN_CLAIM_INVALID', 'This user is no longer a member of the workspace.', 'sub');
    const issued = await issueAuthTokens(client, appSecret, member);
    await one(client, sql`UPDATE core."refreshToken" SET "replacedById" = ${issued.refreshTokenId} WHERE "id" = ${tokenId}`);
    return { reused: false as const, pair: issued.pair };
  });
  if (!outcome.reused) return outcome.pair;
  await one(db, sql`UPDATE core."refreshToken" SET "revokedAt" = now() WHERE "userId" = ${userId} AND "workspaceId" = ${workspaceId} AND "revokedAt" IS NULL`);
  throw new AppError('INVALID_TOKEN', 'This refresh token was already used or revoked; every session of this user was signed out.', {
    details: { reason: 'REFRESH_TOKEN_REVOKED' },
    hint: 'Sign in again.',
  });
}
