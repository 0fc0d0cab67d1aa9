// Roles and grants on /metadata, guarded by the ROLES flag. Every id is scoped to the caller's
// workspace inside the statement that uses it.
import type { IResolvers } from '@graphql-tools/utils';
import { assignRoleToMember, upsertFieldPermissions, upsertObjectPermissions, upsertPermissionFlags, type FieldPermissionInput, type ObjectPermissionInput } from '../../../auth/role-grants.ts';
import { createRole, deleteRole, getRole, listRoles, updateRole, type RoleInput } from '../../../auth/roles.ts';
import { caller, type MetadataContext } from '../context.ts';

// biome-ignore lint/suspicious/noExplicitAny: argument shapes are checked by the schema before a resolver runs
type Args = Record<string, any>;
type Resolver = (parent: unknown, args: Args, ctx: MetadataContext) => unknown;

const Query: Record<string, Resolver> = {
  getRoles: (_p, _a, ctx) => listRoles(ctx.db, caller(ctx, 'ROLES').auth.workspaceId),
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

export const rolesPermissionsResolvers: IResolvers = { Query, Mutation: roles };
