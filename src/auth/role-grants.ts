// Grants on a role (object, field, settings flags) and who holds a role (workspace members,
// API keys). Every id a caller passes is checked against the caller's workspace in the same
// statement that writes, so another workspace's metadata or keys can never be named.
import { AppError } from '../core/errors.ts';
import { one, transaction, type Db } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { didYouMeanSuffix } from '../metadata/suggest.ts';
import { PERMISSION_FLAGS } from '../metadata/validate-roles.ts';
import { getEditableRole, getRole, type Role } from './roles.ts';

export interface ObjectPermissionInput {
  objectMetadataId: string;
  canReadObjectRecords?: boolean | null;
  canUpdateObjectRecords?: boolean | null;
  canSoftDeleteObjectRecords?: boolean | null;
  canDestroyObjectRecords?: boolean | null;
}

export interface FieldPermissionInput {
  objectMetadataId: string;
  fieldMetadataId: string;
  canReadFieldValue?: boolean | null;
  canUpdateFieldValue?: boolean | null;
}

function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} "${id}" does not exist in this workspace.`, { details: { id } });
}

export async function upsertObjectPermissions(db: Db, workspaceId: string, roleId: string, grants: ObjectPermissionInput[]): Promise<Role['objectPermissions']> {
  await getEditableRole(db, workspaceId, roleId);
  await transaction(db, async (client) => {
    for (const g of grants) {
      const row = await one(
        client,
        sql`INSERT INTO core."objectPermission" ("workspaceId", "roleId", "objectMetadataId", "canReadObjectRecords", "canUpdateObjectRecords", "canSoftDeleteObjectRecords", "canDestroyObjectRecords")
            SELECT ${workspaceId}, ${roleId}, o."id", ${g.canReadObjectRecords ?? null}::boolean, ${g.canUpdateObjectRecords ?? null}::boolean,
              ${g.canSoftDeleteObjectRecords ?? null}::boolean, ${g.canDestroyObjectRecords ?? null}::boolean
            FROM core."objectMetadata" o WHERE o."id" = ${g.objectMetadataId} AND o."workspaceId" = ${workspaceId}
            ON CONFLICT ("roleId", "objectMetadataId") DO UPDATE SET "canReadObjectRecords" = EXCLUDED."canReadObjectRecords",
              "canUpdateObjectRecords" = EXCLUDED."canUpdateObjectRecords", "canSoftDeleteObjectRecords" = EXCLUDED."canSoftDeleteObjectRecords",
              "canDestroyObjectRecords" = EXCLUDED."canDestroyObjectRecords"
            RETURNING "id"`,
      );
      if (!row) throw notFound('Object', g.objectMetadataId);
    }
  });
  return (await getRole(db, workspaceId, roleId)).objectPermissions;
}

export async function upsertFieldPermissions(db: Db, workspaceId: string, roleId: string, grants: FieldPermissionInput[]): Promise<Role['fieldPermissions']> {
  await getEditableRole(db, workspaceId, roleId);
  await transaction(db, async (client) => {
    for (const g of grants) {
      const row = await one(
        client,
        sql`INSERT INTO core."fieldPermission" ("workspaceId", "roleId", "objectMetadataId", "fieldMetadataId", "canReadFieldValue", "canUpdateFieldValue")
            SELECT ${workspaceId}, ${roleId}, f."objectMetadataId", f."id", ${g.canReadFieldValue ?? null}::boolean, ${g.canUpdateFieldValue ?? null}::boolean
            FROM core."fieldMetadata" f WHERE f."id" = ${g.fieldMetadataId} AND f."objectMetadataId" = ${g.objectMetadataId} AND f."workspaceId" = ${workspaceId}
            ON CONFLICT ("roleId", "fieldMetadataId") DO UPDATE SET "canReadFieldValue" = EXCLUDED."canReadFieldValue", "canUpdateFieldValue" = EXCLUDED."canUpdateFieldValue"
            RETURNING "id"`,
      );
      if (!row) throw notFound('Field', g.fieldMetadataId);
    }
  });
  return (await getRole(db, workspaceId, roleId)).fieldPermissions;
}

/** Replaces the role's settings flags with `flags` (Twenty's upsertPermissionFlags). */
export async function upsertPermissionFlags(db: Db, workspaceId: string, roleId: string, flags: string[]): Promise<Role['permissionFlags']> {
  for (const flag of flags) {
    if (!PERMISSION_FLAGS.includes(flag)) {
      throw new AppError('BAD_USER_INPUT', `"${flag}" is not a permission flag.${didYouMeanSuffix(flag, PERMISSION_FLAGS)}`, { hint: `Flags: ${PERMISSION_FLAGS.join(', ')}.` });
    }
  }
  await getEditableRole(db, workspaceId, roleId);
  await transaction(db, async (client) => {
    await one(client, sql`DELETE FROM core."permissionFlag" WHERE "roleId" = ${roleId} AND "workspaceId" = ${workspaceId} AND NOT ("flag" = ANY(${flags}::text[]))`);
    await one(
      client,
      sql`INSERT INTO core."permissionFlag" ("workspaceId", "roleId", "flag") SELECT ${workspaceId}, ${roleId}, f FROM unnest(${flags}::text[]) AS f ON CONFLICT ("roleId", "flag") DO NOTHING`,
    );
  });
  return (await getRole(db, workspaceId, roleId)).permissionFlags;
}

async function assignableRole(db: Db, workspaceId: string, roleId: string, to: 'users' | 'apiKeys'): Promise<Role> {
  const role = await getRole(db, workspaceId, roleId);
  const allowed = to === 'users' ? role.canBeAssignedToUsers : role.canBeAssignedToApiKeys;
  if (!allowed) throw new AppError('FORBIDDEN', `Role "${role.label}" cannot be assigned to ${to === 'users' ? 'workspace members' : 'API keys'}.`);
  return role;
}

/** Twenty's updateWorkspaceMemberRole: nobody changes their own role. */
export async function assignRoleToMember(db: Db, workspaceId: string, input: { workspaceMemberId: string; roleId: string; callerWorkspaceMemberId: string | null }): Promise<Role> {
  if (input.workspaceMemberId === input.callerWorkspaceMemberId) throw new AppError('FORBIDDEN', 'You cannot change your own role.', { hint: 'Ask another admin to change it.' });
  const role = await assignableRole(db, workspaceId, input.roleId, 'users');
  const member = await one<{ id: string }>(db, sql`SELECT "id" FROM core."userWorkspace" WHERE "workspaceId" = ${workspaceId} AND "workspaceMemberId" = ${input.workspaceMemberId}`);
  if (!member) throw notFound('Workspace member', input.workspaceMemberId);
  await one(
    db,
    sql`INSERT INTO core."roleTarget" ("workspaceId", "roleId", "userWorkspaceId") VALUES (${workspaceId}, ${role.id}, ${member.id})
        ON CONFLICT ("userWorkspaceId") DO UPDATE SET "roleId" = EXCLUDED."roleId"`,
  );
  return role;
}

export async function assignRoleToApiKey(db: Db, workspaceId: string, apiKeyId: string, roleId: string): Promise<Role> {
  const role = await assignableRole(db, workspaceId, roleId, 'apiKeys');
  await transaction(db, async (client) => {
    const key = await one(client, sql`UPDATE core."apiKey" SET "roleId" = ${role.id}, "updatedAt" = now() WHERE "id" = ${apiKeyId} AND "workspaceId" = ${workspaceId} RETURNING "id"`);
    if (!key) throw notFound('API key', apiKeyId);
    await one(
      client,
      sql`INSERT INTO core."roleTarget" ("workspaceId", "roleId", "apiKeyId") VALUES (${workspaceId}, ${role.id}, ${apiKeyId})
          ON CONFLICT ("apiKeyId") DO UPDATE SET "roleId" = EXCLUDED."roleId"`,
    );
  });
  return role;
}
