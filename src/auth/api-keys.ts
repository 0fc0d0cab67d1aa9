// API keys: a core."apiKey" row per key; the token is a Twenty-format JWT naming the row, so
// revoking the row revokes the token on the next request.
import { AppError } from '../core/errors.ts';
import { one, rows, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { mintApiKeyToken } from './tokens.ts';

export interface ApiKeyRow {
  id: string;
  workspaceId: string;
  name: string;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
}

interface RawRow {
  id: string;
  workspaceId: string;
  name: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

/** What APIs show of a key: never its workspace or anything that could be used as a credential. */
export function apiKeyView(key: ApiKeyRow) {
  return { id: key.id, name: key.name, expiresAt: key.expiresAt, revokedAt: key.revokedAt, createdAt: key.createdAt };
}

const toRow = (r: RawRow): ApiKeyRow => ({ ...r, expiresAt: r.expiresAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() });

export async function createApiKey(db: DbClient, appSecret: string, input: { workspaceId: string; name: string; expiresAt: Date; roleId?: string | null }): Promise<ApiKeyRow & { token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new AppError('BAD_USER_INPUT', 'An API key needs a name of 1 to 200 characters.');
  if (!(input.expiresAt.getTime() > Date.now())) throw new AppError('BAD_USER_INPUT', 'An API key must expire in the future.');
  const row = await one<RawRow>(
    db,
    sql`INSERT INTO core."apiKey" ("workspaceId", "name", "expiresAt", "roleId") VALUES (${input.workspaceId}, ${name}, ${input.expiresAt}, ${input.roleId ?? null}) RETURNING "id", "workspaceId", "name", "expiresAt", "revokedAt", "createdAt"`,
  );
  if (!row) throw new AppError('INTERNAL_SERVER_ERROR', 'The API key was not created.');
  const token = await mintApiKeyToken({ appSecret, workspaceId: input.workspaceId, apiKeyId: row.id, expiresAt: input.expiresAt });
  return { ...toRow(row), token };
}

export async function listApiKeys(db: DbClient, workspaceId: string): Promise<ApiKeyRow[]> {
  const list = await rows<RawRow>(db, sql`SELECT "id", "workspaceId", "name", "expiresAt", "revokedAt", "createdAt" FROM core."apiKey" WHERE "workspaceId" = ${workspaceId} ORDER BY "createdAt"`);
  return list.map(toRow);
}

export async function revokeApiKey(db: DbClient, workspaceId: string, id: string): Promise<ApiKeyRow> {
  const row = await one<RawRow>(
    db,
    sql`UPDATE core."apiKey" SET "revokedAt" = COALESCE("revokedAt", now()), "updatedAt" = now() WHERE "id" = ${id} AND "workspaceId" = ${workspaceId} RETURNING "id", "workspaceId", "name", "expiresAt", "revokedAt", "createdAt"`,
  );
  if (!row) throw new AppError('NOT_FOUND', `API key "${id}" does not exist in this workspace.`, { hint: 'List keys with `twenty apikey list --workspace <name>`.' });
  return toRow(row);
}

