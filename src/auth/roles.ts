// Roles of a workspace: the three seeded ones (Admin, Member, Guest) and custom ones, read and
// written in Twenty's Role shape. Grants and assignments live in role-grants.ts.
import { AppError } from '../core/errors.ts';
import { one, rows, type DbClient } from '../core/db.ts';
import { sql, type Sql } from '../core/sql.ts';

export interface RoleInput {
  label?: string;
  description?: string | null;
  icon?: string | null;
  canUpdateAllSettings?: boolean;
  canReadAllObjectRecords?: boolean;
  canUpdateAllObjectRecords?: boolean;
  canSoftDeleteAllObjectRecords?: boolean;
  canDestroyAllObjectRecords?: boolean;
  canBeAssignedToUsers?: boolean;
  canBeAssignedToApiKeys?: boolean;
}

/** Twenty's Role DTO; grants carry their role id as Twenty's do. */
export interface Role extends Required<Omit<RoleInput, 'description' | 'icon'>> {
  id: string;
  description: string | null;
  icon: string | null;
  isEditable: boolean;
  standardId: string | null;
  permissionFlags: { id: string; roleId: string; flag: string }[];
  objectPermissions: { id: string; roleId: string; objectMetadataId: string; canReadObjectRecords: boolean | null; canUpdateObjectRecords: boolean | null; canSoftDeleteObjectRecords: boolean | null; canDestroyObjectRecords: boolean | null }[];
  fieldPermissions: { id: string; roleId: string; objectMetadataId: string; fieldMetadataId: string; canReadFieldValue: boolean | null; canUpdateFieldValue: boolean | null }[];
}

type Seed = Required<Pick<RoleInput, 'label' | 'description' | 'icon'>> & Omit<Required<RoleInput>, 'label' | 'description' | 'icon'> & { standardId: string; isEditable: boolean };

const assignable = { canBeAssignedToUsers: true, canBeAssignedToApiKeys: true };

export const DEFAULT_ROLES: readonly Seed[] = [
  { standardId: 'admin', label: 'Admin', description: 'Admin role', icon: 'IconUserCog', isEditable: false, ...assignable, canUpdateAllSettings: true, canReadAllObjectRecords: true, canUpdateAllObjectRecords: true, canSoftDeleteAllObjectRecords: true, canDestroyAllObjectRecords: true },
  { standardId: 'member', label: 'Member', description: 'Member role', icon: 'IconUser', isEditable: true, ...assignable, canUpdateAllSettings: false, canReadAllObjectRecords: true, canUpdateAllObjectRecords: true, canSoftDeleteAllObjectRecords: true, canDestroyAllObjectRecords: false },
  { standardId: 'guest', label: 'Guest', description: 'Guest role', icon: 'IconUserQuestion', isEditable: true, ...assignable, canUpdateAllSettings: false, canReadAllObjectRecords: true, canUpdateAllObjectRecords: false, canSoftDeleteAllObjectRecords: false, canDestroyAllObjectRecords: false },
];

/** Creates Admin, Member and Guest in a new workspace; running it again changes nothing. */
export async function seedDefaultRoles(client: DbClient, workspaceId: string): Promise<void> {
  for (const r of DEFAULT_ROLES) {
    await one(
      client,
      sql`INSERT INTO core.role ("workspaceId", "standardId", "label", "description", "icon", "isEditable", "canBeAssignedToUsers", "canBeAssignedToApiKeys",
            "canUpdateAllSettings", "canReadAllObjectRecords", "canUpdateAllObjectRecords", "canSoftDeleteAllObjectRecords", "canDestroyAllObjectRecords")
          VALUES (${workspaceId}, ${r.standardId}, ${r.label}, ${r.description}, ${r.icon}, ${r.isEditable}, ${r.canBeAssignedToUsers}, ${r.canBeAssignedToApiKeys},
            ${r.canUpdateAllSettings}, ${r.canReadAllObjectRecords}, ${r.canUpdateAllObjectRecords}, ${r.canSoftDeleteAllObjectRecords}, ${r.canDestroyAllObjectRecords})
          ON CONFLICT DO NOTHING`,
    );
  }
}

function roleSelect(where: Sql): Sql {
  return sql`SELECT r."id", r."label", r."description", r."icon", r."isEditable", r."standardId", r."canBeAssignedToUsers", r."canBeAssignedToApiKeys",
      r."canUpdateAllSettings", r."canReadAllObjectRecords", r."canUpdateAllObjectRecords", r."canSoftDeleteAllObjectRecords", r."canDestroyAllObjectRecords",
      coalesce((SELECT json_agg(json_build_object('id', f."id", 'roleId', f."roleId", 'flag', f."flag") ORDER BY f."flag") FROM core."permissionFlag" f WHERE f."roleId" = r."id"), '[]') AS "permissionFlags",
      coalesce((SELECT json_agg(json_build_object('id', o."id", 'roleId', o."roleId", 'objectMetadataId', o."objectMetadataId",
        'canReadObjectRecords', o."canReadObjectRecords", 'canUpdateObjectRecords', o."canUpdateObjectRecords",
        'canSoftDeleteObjectRecords', o."canSoftDeleteObjectRecords", 'canDestroyObjectRecords', o."canDestroyObjectRecords") ORDER BY o."objectMetadataId")
        FROM core."objectPermission" o WHERE o."roleId" = r."id"), '[]') AS "objectPermissions",
      coalesce((SELECT json_agg(json_build_object('id', p."id", 'roleId', p."roleId", 'objectMetadataId', p."objectMetadataId", 'fieldMetadataId', p."fieldMetadataId",
        'canReadFieldValue', p."canReadFieldValue", 'canUpdateFieldValue', p."canUpdateFieldValue") ORDER BY p."fieldMetadataId")
        FROM core."fieldPermission" p WHERE p."roleId" = r."id"), '[]') AS "fieldPermissions"
    FROM core.role r WHERE ${where}`;
}

export function listRoles(db: DbClient, workspaceId: string): Promise<Role[]> {
  return rows<Role & Record<string, unknown>>(db, sql`${roleSelect(sql`r."workspaceId" = ${workspaceId}`)} ORDER BY r."standardId" IS NULL, r."createdAt", r."label"`);
}

export async function getRole(db: DbClient, workspaceId: string, roleId: string): Promise<Role> {
  const role = await one<Role & Record<string, unknown>>(db, roleSelect(sql`r."workspaceId" = ${workspaceId} AND r."id" = ${roleId}`));
  if (!role) throw new AppError('NOT_FOUND', `Role "${roleId}" does not exist in this workspace.`, { hint: 'List roles with the getRoles query.' });
  return role;
}

/** The role, refused when it is one nobody may edit (Admin). */
export async function getEditableRole(db: DbClient, workspaceId: string, roleId: string): Promise<Role> {
  const role = await getRole(db, workspaceId, roleId);
  if (!role.isEditable) throw new AppError('FORBIDDEN', `Role "${role.label}" cannot be edited.`, { details: { reason: 'ROLE_NOT_EDITABLE' }, hint: 'Create a custom role instead.' });
  return role;
}

function checkLabel(label: unknown): string {
  const text = typeof label === 'string' ? label.trim() : '';
  if (!text || text.length > 100) throw new AppError('BAD_USER_INPUT', 'A role needs a label of 1 to 100 characters.', { details: { field: 'label' } });
  return text;
}

async function uniqueLabel<T>(label: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof AppError && error.code === 'ALREADY_EXISTS') throw new AppError('ALREADY_EXISTS', `A role named "${label}" already exists.`, { hint: 'Pick another label.' });
    throw error;
  }
}

const flag = (value: boolean | undefined, fallback: boolean) => value ?? fallback;

export async function createRole(db: DbClient, workspaceId: string, input: RoleInput & { id?: string }): Promise<Role> {
  const label = checkLabel(input.label);
  const row = await uniqueLabel(label, one<{ id: string }>(
    db,
    sql`INSERT INTO core.role ("id", "workspaceId", "label", "description", "icon", "canBeAssignedToUsers", "canBeAssignedToApiKeys", "canUpdateAllSettings",
          "canReadAllObjectRecords", "canUpdateAllObjectRecords", "canSoftDeleteAllObjectRecords", "canDestroyAllObjectRecords")
        VALUES (coalesce(${input.id ?? null}::uuid, gen_random_uuid()), ${workspaceId}, ${label}, ${input.description ?? null}, ${input.icon ?? null},
          ${flag(input.canBeAssignedToUsers, true)}, ${flag(input.canBeAssignedToApiKeys, true)}, ${flag(input.canUpdateAllSettings, false)},
          ${flag(input.canReadAllObjectRecords, false)}, ${flag(input.canUpdateAllObjectRecords, false)}, ${flag(input.canSoftDeleteAllObjectRecords, false)},
          ${flag(input.canDestroyAllObjectRecords, false)})
        RETURNING "id"`,
  ));
  return getRole(db, workspaceId, row?.id as string);
}

export async function updateRole(db: DbClient, workspaceId: string, roleId: string, update: RoleInput): Promise<Role> {
  const role = await getEditableRole(db, workspaceId, roleId);
  const label = update.label === undefined ? role.label : checkLabel(update.label);
  const pick = <K extends keyof RoleInput>(key: K) => (update[key] === undefined ? role[key as keyof Role] : update[key]);
  await uniqueLabel(label, one(
    db,
    sql`UPDATE core.role SET "label" = ${label}, "description" = ${pick('description')}, "icon" = ${pick('icon')},
          "canBeAssignedToUsers" = ${pick('canBeAssignedToUsers')}, "canBeAssignedToApiKeys" = ${pick('canBeAssignedToApiKeys')},
          "canUpdateAllSettings" = ${pick('canUpdateAllSettings')}, "canReadAllObjectRecords" = ${pick('canReadAllObjectRecords')},
          "canUpdateAllObjectRecords" = ${pick('canUpdateAllObjectRecords')}, "canSoftDeleteAllObjectRecords" = ${pick('canSoftDeleteAllObjectRecords')},
          "canDestroyAllObjectRecords" = ${pick('canDestroyAllObjectRecords')}, "updatedAt" = now()
        WHERE "id" = ${roleId} AND "workspaceId" = ${workspaceId}`,
  ));
  return getRole(db, workspaceId, roleId);
}

/**
 * Members holding a deleted role fall back to Member. A role still held by API keys is kept:
 * a key without a role acts as Admin, so deleting it would raise the keys' rights.
 */
export async function deleteRole(db: DbClient, workspaceId: string, roleId: string): Promise<Role> {
  const role = await getEditableRole(db, workspaceId, roleId);
  if (role.standardId) throw new AppError('FORBIDDEN', `Role "${role.label}" is a default role and cannot be deleted.`, { details: { reason: 'ROLE_NOT_EDITABLE' } });
  const keys = await one<{ n: number }>(
    db,
    sql`SELECT count(*) AS "n" FROM core."apiKey" k WHERE k."workspaceId" = ${workspaceId} AND k."revokedAt" IS NULL
        AND (k."roleId" = ${roleId} OR EXISTS (SELECT 1 FROM core."roleTarget" t WHERE t."apiKeyId" = k."id" AND t."roleId" = ${roleId}))`,
  );
  if ((keys?.n ?? 0) > 0) {
    throw new AppError('CONFLICT', `Role "${role.label}" is still assigned to ${keys?.n} API key(s).`, { hint: 'Assign those keys another role (assignRoleToApiKey) or revoke them first.' });
  }
  await one(db, sql`DELETE FROM core.role WHERE "id" = ${roleId} AND "workspaceId" = ${workspaceId}`);
  return role;
}
