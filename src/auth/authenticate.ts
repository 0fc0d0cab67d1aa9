// Bearer token → who is calling, in which workspace, with which permissions. The token is
// verified first (key chosen by its own workspace claim), then ONE prepared statement checks
// the key or membership, reads the workspace's metadata version and the caller's role with its
// grants, so revocation and role changes are effective on the very next request.
import { AppError } from '../core/errors.ts';
import { one, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { parseAuthorizationHeader, verifyBearer, type VerifiedToken } from './tokens.ts';
import type { Actor } from './actor.ts';
import { permissionsOf, roleIdSql, type Permissions } from './permissions.ts';

export interface RequestAuth {
  workspaceId: string;
  schemaName: string;
  metadataVersion: number;
  kind: 'apiKey' | 'user';
  apiKeyId: string | null;
  userId: string | null;
  workspaceMemberId: string | null;
  actor: Actor;
  permissions: Permissions;
  /** When this authentication stops being valid (token or API key expiry). */
  expiresAt: Date;
}

interface Row {
  schemaName: string;
  metadataVersion: number;
  revokedAt: Date | null;
  expiresAt: Date | null;
  keyName: string | null;
  memberName: string | null;
  found: boolean;
  roleId: string | null;
  permissionsVersion: number;
}

// Verifying an HS256 signature costs more than the rest of authentication; a token that
// verified once verifies again until it expires, so the outcome is remembered per exact token
// string (a forged or altered token never matches an entry). Revocation, membership and roles
// are still read from the database on every request.
const VERIFIED_MAX = 10_000;
const verifiedTokens = new Map<string, { secret: string; verified: VerifiedToken }>();

async function verifyCached(token: string, appSecret: string): Promise<VerifiedToken> {
  const hit = verifiedTokens.get(token);
  if (hit && hit.secret === appSecret && hit.verified.expiresAt.getTime() > Date.now()) return hit.verified;
  const verified = await verifyBearer(token, { appSecret, expectedTypes: ['ACCESS', 'API_KEY'] });
  if (verifiedTokens.size >= VERIFIED_MAX) verifiedTokens.delete(verifiedTokens.keys().next().value as string);
  verifiedTokens.set(token, { secret: appSecret, verified });
  return verified;
}

export async function authenticateRequest(db: DbClient, appSecret: string, authorization: string | undefined): Promise<RequestAuth> {
  const token = parseAuthorizationHeader(authorization);
  const verified = await verifyCached(token, appSecret);
  if (verified.type === 'API_KEY') {
    const apiKeySubject = { kind: 'apiKey' as const, workspaceId: verified.workspaceId, apiKeyId: verified.apiKeyId, userId: null };
    const row = await one<Row>(
      db,
      sql`SELECT w."schemaName", w."metadataVersion", k."revokedAt", k."expiresAt", k."name" AS "keyName", true AS "found",
            w."permissionsVersion", ${roleIdSql(apiKeySubject)} AS "roleId"
          FROM core.workspace w LEFT JOIN core."apiKey" k ON k."id" = ${verified.apiKeyId} AND k."workspaceId" = w."id"
          WHERE w."id" = ${verified.workspaceId} AND w."deletedAt" IS NULL`,
      'twenty_auth_api_key',
    );
    if (!row) throw new AppError('INVALID_TOKEN', 'The workspace of this token does not exist.', { details: { reason: 'WORKSPACE_NOT_FOUND' } });
    if (!row.expiresAt) throw new AppError('INVALID_TOKEN', 'This API key does not exist.', { details: { reason: 'API_KEY_NOT_FOUND' } });
    if (row.revokedAt) throw new AppError('FORBIDDEN', 'This API Key is revoked', { details: { reason: 'API_KEY_REVOKED' } });
    if (row.expiresAt.getTime() <= Date.now()) throw new AppError('INVALID_TOKEN', 'This API key has expired.', { details: { reason: 'API_KEY_EXPIRED' } });
    return {
      workspaceId: verified.workspaceId,
      schemaName: row.schemaName,
      metadataVersion: row.metadataVersion,
      kind: 'apiKey',
      apiKeyId: verified.apiKeyId,
      userId: null,
      workspaceMemberId: null,
      actor: { source: 'API', workspaceMemberId: null, name: row.keyName ?? 'API key', apiKeyId: verified.apiKeyId },
      permissions: await permissionsOf(db, apiKeySubject, row.roleId, row.permissionsVersion),
      expiresAt: new Date(Math.min(verified.expiresAt.getTime(), row.expiresAt.getTime())),
    };
  }
  if (verified.type !== 'ACCESS') throw new AppError('INVALID_TOKEN', 'This token cannot be used here.', { details: { reason: 'TOKEN_TYPE_MISMATCH' } });
  const userSubject = { kind: 'user' as const, workspaceId: verified.workspaceId, apiKeyId: null, userId: verified.userId };
  const row = await one<Row>(
    db,
    sql`SELECT w."schemaName", w."metadataVersion", trim(u."firstName" || ' ' || u."lastName") AS "memberName", true AS "found",
          w."permissionsVersion", ${roleIdSql(userSubject)} AS "roleId"
        FROM core.workspace w
        JOIN core."userWorkspace" uw ON uw."workspaceId" = w."id" AND uw."id" = ${verified.userWorkspaceId} AND uw."userId" = ${verified.userId}
        JOIN core."user" u ON u."id" = uw."userId" AND u."deletedAt" IS NULL
        WHERE w."id" = ${verified.workspaceId} AND w."deletedAt" IS NULL`,
    'twenty_auth_user',
  );
  if (!row) throw new AppError('INVALID_TOKEN', 'This user is not a member of the workspace.', { details: { reason: 'MEMBERSHIP_NOT_FOUND' } });
  return {
    workspaceId: verified.workspaceId,
    schemaName: row.schemaName,
    metadataVersion: row.metadataVersion,
    kind: 'user',
    apiKeyId: null,
    userId: verified.userId,
    workspaceMemberId: verified.workspaceMemberId,
    actor: { source: 'MANUAL', workspaceMemberId: verified.workspaceMemberId, name: row.memberName ?? '', userId: verified.userId },
    permissions: await permissionsOf(db, userSubject, row.roleId, row.permissionsVersion),
    expiresAt: verified.expiresAt,
  };
}
