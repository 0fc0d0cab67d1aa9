// Resolvers for the auth part of /metadata (graphql-tools style, merged by the server with the
// object/field metadata schema). Login, OTP and renew work without credentials; everything else
// needs a caller and the settings flag Twenty guards it with. Every id is scoped to the
// caller's workspace inside the statement that uses it.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { AppError } from '../../../core/errors.ts';
import { one, type Db } from '../../../core/db.ts';
import { sql } from '../../../core/sql.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../auth/api-keys.ts';
import type { RequestAuth } from '../../../auth/authenticate.ts';
import { exchangeLoginToken, exchangeLoginTokenWithOtp, loginWithCredentials } from '../../../auth/login.ts';
import { metadataAuthTypeDefs } from './type-defs.ts';
import { hasFlag, requireFlag, type PermissionFlag, type Permissions } from '../../../auth/permissions.ts';
import { assignRoleToApiKey, assignRoleToMember, upsertFieldPermissions, upsertObjectPermissions, upsertPermissionFlags, type FieldPermissionInput, type ObjectPermissionInput } from '../../../auth/role-grants.ts';
import { createRole, deleteRole, getRole, listRoles, updateRole, type RoleInput } from '../../../auth/roles.ts';
import { renewAuthTokens } from '../../../auth/sessions.ts';
import { mintApiKeyToken } from '../../../auth/tokens.ts';
import { deleteTwoFactor, initiateTwoFactor, verifyTwoFactor } from '../../../auth/two-factor.ts';
import { isUuid } from '../../../core/uuid.ts';

export interface MetadataAuthContext {
  db: Db;
  appSecret: string;
  auth?: RequestAuth;
  permissions?: Permissions;
  ip: string;
}

// biome-ignore lint/suspicious/noExplicitAny: argument shapes are checked by the schema before a resolver runs
type Args = Record<string, any>;
type Resolver = (parent: unknown, args: Args, ctx: MetadataAuthContext) => unknown;


function parseUuid(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new GraphQLError(`"${String(value).slice(0, 40)}" is not a valid UUID.`, { extensions: { code: 'BAD_USER_INPUT' } });
  return value.toLowerCase();
}

const UuidScalar = new GraphQLScalarType({
  name: 'UUID',
  serialize: (value) => String(value),
  parseValue: parseUuid,
  parseLiteral: (ast) => parseUuid(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** The caller and their permissions, after checking `flags` (all of them are needed). */
function caller(ctx: MetadataAuthContext, ...flags: PermissionFlag[]): { auth: RequestAuth; perms: Permissions } {
  if (!ctx.auth || !ctx.permissions) {
    throw new AppError('UNAUTHENTICATED', 'This operation needs credentials.', { hint: 'Send an access token or API key as `Authorization: Bearer <token>`.' });
  }
  for (const flag of flags) requireFlag(ctx.permissions, flag);
  return { auth: ctx.auth, perms: ctx.permissions };
}

/** 2FA belongs to a person: API keys have none. */
function callingUser(ctx: MetadataAuthContext): string {
  const { auth } = caller(ctx);
  if (auth.kind !== 'user' || !auth.userId) throw new AppError('FORBIDDEN', 'Two-factor authentication belongs to users; API keys cannot manage it.');
  return auth.userId;
}

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
async function keyRole(ctx: MetadataAuthContext, roleId: string | undefined): Promise<string | null> {
  const { auth, perms } = caller(ctx);
  if (roleId === undefined || roleId === null) return perms.roleId;
  const role = await getRole(ctx.db, auth.workspaceId, roleId);
  if (!role.canBeAssignedToApiKeys) throw new AppError('FORBIDDEN', `Role "${role.label}" cannot be assigned to API keys.`);
  if (role.id !== perms.roleId && !hasFlag(perms, 'ROLES')) {
    throw new AppError('FORBIDDEN', `Role "${perms.roleLabel}" may not create keys with role "${role.label}".`, { details: { reason: 'PERMISSION_DENIED', flag: 'ROLES' } });
  }
  return role.id;
}

const apiKeyView = (key: { id: string; name: string; expiresAt: string; revokedAt: string | null; createdAt: string }) => ({
  id: key.id,
  name: key.name,
  expiresAt: key.expiresAt,
  revokedAt: key.revokedAt,
  createdAt: key.createdAt,
});

const Query: Record<string, Resolver> = {
  getRoles: (_p, _a, ctx) => listRoles(ctx.db, caller(ctx, 'ROLES').auth.workspaceId),
  apiKeys: async (_p, _a, ctx) => (await listApiKeys(ctx.db, caller(ctx, 'API_KEYS_AND_WEBHOOKS').auth.workspaceId)).map(apiKeyView),
};

const login: Record<string, Resolver> = {
  getLoginTokenFromCredentials: async (_p, a, ctx) => ({
    loginToken: await loginWithCredentials(ctx.db, ctx.appSecret, { email: a.email, password: a.password, workspaceId: a.workspaceId ?? undefined }),
  }),
  getAuthTokensFromLoginToken: async (_p, a, ctx) => ({ tokens: await exchangeLoginToken(ctx.db, ctx.appSecret, a.loginToken) }),
  getAuthTokensFromOTP: async (_p, a, ctx) => ({ tokens: await exchangeLoginTokenWithOtp(ctx.db, ctx.appSecret, { loginToken: a.loginToken, otp: a.otp }) }),
  renewToken: async (_p, a, ctx) => ({ tokens: await renewAuthTokens(ctx.db, ctx.appSecret, a.appToken) }),
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

const roles: Record<string, Resolver> = {
  createOneRole: (_p, a, ctx) => createRole(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, a.createRoleInput as RoleInput & { id?: string }),
  updateOneRole: (_p, a, ctx) => updateRole(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, a.updateRoleInput.id, a.updateRoleInput.update as RoleInput),
  deleteOneRole: async (_p, a, ctx) => (await deleteRole(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, a.roleId)).id,
  upsertObjectPermissions: (_p, a, ctx) => {
    const input = a.upsertObjectPermissionsInput as { roleId: string; objectPermissions: ObjectPermissionInput[] };
    return upsertObjectPermissions(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, input.roleId, input.objectPermissions);
  },
  upsertFieldPermissions: (_p, a, ctx) => {
    const input = a.upsertFieldPermissionsInput as { roleId: string; fieldPermissions: FieldPermissionInput[] };
    return upsertFieldPermissions(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, input.roleId, input.fieldPermissions);
  },
  upsertPermissionFlags: (_p, a, ctx) => {
    const input = a.upsertPermissionFlagsInput as { roleId: string; permissionFlagKeys: string[] };
    return upsertPermissionFlags(ctx.db, caller(ctx, 'ROLES').auth.workspaceId, input.roleId, input.permissionFlagKeys);
  },
  updateWorkspaceMemberRole: async (_p, a, ctx) => {
    const { auth } = caller(ctx, 'ROLES');
    const role = await assignRoleToMember(ctx.db, auth.workspaceId, { workspaceMemberId: a.workspaceMemberId, roleId: a.roleId, callerWorkspaceMemberId: auth.workspaceMemberId });
    return { workspaceMemberId: a.workspaceMemberId, role: await getRole(ctx.db, auth.workspaceId, role.id) };
  },
};

const twoFactor: Record<string, Resolver> = {
  initiateOTPProvisioningForAuthenticatedUser: (_p, _a, ctx) => initiateTwoFactor(ctx.db, callingUser(ctx)),
  verifyTwoFactorAuthenticationMethodForAuthenticatedUser: (_p, a, ctx) => verifyTwoFactor(ctx.db, callingUser(ctx), a.otp),
  deleteTwoFactorAuthenticationMethod: (_p, _a, ctx) => deleteTwoFactor(ctx.db, callingUser(ctx)),
};

/** The names of the mutations that take no credentials and are rate limited per IP. */
export const LOGIN_MUTATIONS = Object.keys(login);

export const metadataAuthApi: { typeDefs: string; resolvers: Record<string, unknown> } = {
  typeDefs: metadataAuthTypeDefs,
  resolvers: { UUID: UuidScalar, Query, Mutation: { ...login, ...apiKeys, ...roles, ...twoFactor } },
};
