// API keys on /metadata, guarded by API_KEYS_AND_WEBHOOKS (assigning a role also needs ROLES).
// Every id is scoped to the caller's workspace inside the statement that uses it.
import type { IResolvers } from '@graphql-tools/utils';
import { AppError } from '../../../core/errors.ts';
import { one } from '../../../core/db.ts';
import { sql } from '../../../core/sql.ts';
import { apiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../../../auth/api-keys.ts';
import { hasFlag } from '../../../auth/permissions.ts';
import { assignRoleToApiKey } from '../../../auth/role-grants.ts';
import { getRole } from '../../../auth/roles.ts';
import { mintApiKeyToken } from '../../../auth/tokens.ts';
import { caller, type MetadataContext } from '../context.ts';

// biome-ignore lint/suspicious/noExplicitAny: argument shapes are checked by the schema before a resolver runs
type Args = Record<string, any>;
type Resolver = (parent: unknown, args: Args, ctx: MetadataContext) => unknown;

function futureDate(text: unknown, what: string): Date {
  const date = typeof text === 'string' ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new AppError('BAD_USER_INPUT', `${what} "${String(text).slice(0, 40)}" is not a date; use ISO 8601, e.g. 2030-01-01T00:00:00Z.`);
  if (date.getTime() <= Date.now()) throw new AppError('BAD_USER_INPUT', `${what} must be in the future.`);
  return date;
}

/**
 * The role a new key gets: the one asked for, or the caller's own. A caller without the ROLES
 * flag may only hand out their own role, so minting a key never raises anyone's rights.
 */
async function keyRole(ctx: MetadataContext, roleId: string | undefined): Promise<string | null> {
  const { auth, perms } = caller(ctx);
  if (roleId === undefined || roleId === null) return perms.roleId;
  const role = await getRole(ctx.db, auth.workspaceId, roleId);
  if (!role.canBeAssignedToApiKeys) throw new AppError('FORBIDDEN', `Role "${role.label}" cannot be assigned to API keys.`);
  if (role.id !== perms.roleId && !hasFlag(perms, 'ROLES')) {
    throw new AppError('FORBIDDEN', `Role "${perms.roleLabel}" may not create keys with role "${role.label}".`, { details: { reason: 'PERMISSION_DENIED', flag: 'ROLES' } });
  }
  return role.id;
}

const Query: Record<string, Resolver> = {
  apiKeys: async (_p, _a, ctx) => (await listApiKeys(ctx.db, caller(ctx, 'API_KEYS_AND_WEBHOOKS').auth.workspaceId)).map(apiKeyView),
};

const apiKeys: Record<string, Resolver> = {
  createApiKey: async (_p, a, ctx) => {
    const { auth } = caller(ctx, 'API_KEYS_AND_WEBHOOKS');
    const roleId = await keyRole(ctx, a.input.roleId);
    const created = await createApiKey(ctx.db, ctx.appSecret, { workspaceId: auth.workspaceId, name: a.input.name, expiresAt: futureDate(a.input.expiresAt, 'expiresAt'), roleId });
    return apiKeyView(created);
  },
  generateApiKeyToken: async (_p, a, ctx) => {
    const { auth } = caller(ctx, 'API_KEYS_AND_WEBHOOKS');
    const expiresAt = futureDate(a.expiresAt, 'expiresAt');
    const key = await one<{ id: string }>(ctx.db, sql`SELECT "id" FROM core."apiKey" WHERE "id" = ${a.apiKeyId} AND "workspaceId" = ${auth.workspaceId} AND "revokedAt" IS NULL`);
    if (!key) throw new AppError('NOT_FOUND', `API key "${a.apiKeyId}" does not exist in this workspace or is revoked.`);
    await one(ctx.db, sql`UPDATE core."apiKey" SET "expiresAt" = ${expiresAt}, "updatedAt" = now() WHERE "id" = ${key.id}`);
    return { token: await mintApiKeyToken({ appSecret: ctx.appSecret, workspaceId: auth.workspaceId, apiKeyId: key.id, expiresAt }) };
  },
  revokeApiKey: async (_p, a, ctx) => apiKeyView(await revokeApiKey(ctx.db, caller(ctx, 'API_KEYS_AND_WEBHOOKS').auth.workspaceId, a.input.id)),
  assignRoleToApiKey: async (_p, a, ctx) => {
    await assignRoleToApiKey(ctx.db, caller(ctx, 'API_KEYS_AND_WEBHOOKS', 'ROLES').auth.workspaceId, a.apiKeyId, a.roleId);
    return true;
  },
};

export const apiKeysResolvers: IResolvers = { Query, Mutation: apiKeys };
