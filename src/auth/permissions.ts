// What the caller of one request may do: the role assigned to its user or API key, read fresh
// on every request — inside the authentication statement (authenticate.ts), so it costs no
// extra round trip — so a role change takes effect on the next request on every instance.
// Grants are keyed by metadata ids, which survive renames.
import { AppError } from '../core/errors.ts';
import { one, type DbClient } from '../core/db.ts';
import { sql, type Sql } from '../core/sql.ts';
import { PERMISSION_FLAGS } from '../metadata/validate-roles.ts';

export { PERMISSION_FLAGS };
export type PermissionFlag = (typeof PERMISSION_FLAGS)[number];

export interface ObjectAccess {
  read: boolean;
  update: boolean;
  softDelete: boolean;
  destroy: boolean;
}

export interface FieldAccess {
  read: boolean;
  update: boolean;
}

export interface Permissions {
  /** null for the built-in fallbacks used before a workspace has roles. */
  roleId: string | null;
  roleLabel: string;
  /** Twenty's canUpdateAllSettings: every settings flag. */
  canUpdateAllSettings: boolean;
  flags: ReadonlySet<string>;
  /** The role-wide defaults (canReadAllObjectRecords, ...). */
  allObjects: ObjectAccess;
  /** Per-object overrides by objectMetadataId; an unset value inherits the role-wide one. */
  objects: ReadonlyMap<string, Partial<ObjectAccess>>;
  /** Per-field restrictions by fieldMetadataId; an unset value means allowed. */
  fields: ReadonlyMap<string, Partial<FieldAccess>>;
}

const ALL: ObjectAccess = { read: true, update: true, softDelete: true, destroy: true };

/** Everything: what an API key without a role gets, as Twenty's pre-role keys did. */
export const ADMIN_PERMISSIONS: Permissions = {
  roleId: null,
  roleLabel: 'Admin',
  canUpdateAllSettings: true,
  flags: new Set(PERMISSION_FLAGS),
  allObjects: ALL,
  objects: new Map(),
  fields: new Map(),
};

/** Records but no settings: what a user without a role gets. Files are record data (an
 *  attachment, an avatar), so their two flags come with it. */
export const MEMBER_PERMISSIONS: Permissions = {
  ...ADMIN_PERMISSIONS,
  roleLabel: 'Member',
  canUpdateAllSettings: false,
  flags: new Set(['UPLOAD_FILE', 'DOWNLOAD_FILE']),
  allObjects: { ...ALL, destroy: false },
};

/** Writing needs reading (Twenty's rule): a role that cannot read an object can do nothing with it. */
export function objectAccess(perms: Permissions, objectMetadataId: string): ObjectAccess {
  const own = perms.objects.get(objectMetadataId) ?? {};
  const base = perms.allObjects;
  const read = own.read ?? base.read;
  return { read, update: read && (own.update ?? base.update), softDelete: read && (own.softDelete ?? base.softDelete), destroy: read && (own.destroy ?? base.destroy) };
}

/** A field is readable when its object is; updatable only when also readable (Twenty's rule). */
export function fieldAccess(perms: Permissions, objectMetadataId: string, fieldMetadataId: string): FieldAccess {
  const object = objectAccess(perms, objectMetadataId);
  const own = perms.fields.get(fieldMetadataId);
  const read = object.read && own?.read !== false;
  return { read, update: read && object.update && own?.update !== false };
}

export function hasFlag(perms: Permissions, flag: PermissionFlag): boolean {
  return perms.canUpdateAllSettings || perms.flags.has(flag);
}

/** Throws FORBIDDEN unless the caller's role has `flag` (or every settings flag). */
export function requireFlag(perms: Permissions | undefined, flag: PermissionFlag): void {
  if (!perms) throw new AppError('UNAUTHENTICATED', 'This operation needs credentials.', { hint: 'Send an access token or API key as `Authorization: Bearer <token>`.' });
  if (hasFlag(perms, flag)) return;
  throw new AppError('FORBIDDEN', `Role "${perms.roleLabel}" lacks the permission "${flag}".`, {
    details: { reason: 'PERMISSION_DENIED', flag },
    hint: `Ask an admin to add "${flag}" to your role, or to give you a role that has it.`,
  });
}

/** Who the role is looked up for (a subset of RequestAuth, so this module needs no import of it). */
export interface RoleSubject {
  kind: 'apiKey' | 'user';
  workspaceId: string;
  apiKeyId: string | null;
  userId: string | null;
}

export interface RoleRow {
  id: string;
  label: string;
  canUpdateAllSettings: boolean;
  canReadAllObjectRecords: boolean;
  canUpdateAllObjectRecords: boolean;
  canSoftDeleteAllObjectRecords: boolean;
  canDestroyAllObjectRecords: boolean;
  flags: string[];
  objectGrants: { id: string; read: boolean | null; update: boolean | null; softDelete: boolean | null; destroy: boolean | null }[];
  fieldGrants: { id: string; read: boolean | null; update: boolean | null }[];
}

/** A grant row without its unset (null) values, which inherit. */
const defined = <T extends object>(value: { [K in keyof T]: T[K] | null }): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Partial<T>;

/** A role row (with its grants) as Permissions; without a row, the fallback of the caller's kind. */
export function toPermissions(row: RoleRow | null | undefined, kind: RoleSubject['kind']): Permissions {
  if (!row) return kind === 'apiKey' ? ADMIN_PERMISSIONS : MEMBER_PERMISSIONS;
  return {
    roleId: row.id,
    roleLabel: row.label,
    canUpdateAllSettings: row.canUpdateAllSettings,
    flags: new Set(row.flags),
    allObjects: {
      read: row.canReadAllObjectRecords,
      update: row.canUpdateAllObjectRecords,
      softDelete: row.canSoftDeleteAllObjectRecords,
      destroy: row.canDestroyAllObjectRecords,
    },
    objects: new Map(row.objectGrants.map(({ id, ...access }) => [id, defined<ObjectAccess>(access)])),
    fields: new Map(row.fieldGrants.map(({ id, ...access }) => [id, defined<FieldAccess>(access)])),
  };
}

/**
 * The role id for the caller: its assignment, else the seeded fallback (Admin for keys, Member
 * for users); null without seeded roles. Embedded in the authentication statement.
 */
export function roleIdSql(auth: RoleSubject): Sql {
  const ws = auth.workspaceId;
  if (auth.kind === 'apiKey') {
    return sql`coalesce(
      (SELECT rt."roleId" FROM core."roleTarget" rt WHERE rt."apiKeyId" = ${auth.apiKeyId} AND rt."workspaceId" = ${ws}),
      (SELECT k."roleId" FROM core."apiKey" k WHERE k."id" = ${auth.apiKeyId} AND k."workspaceId" = ${ws}),
      (SELECT r."id" FROM core.role r WHERE r."workspaceId" = ${ws} AND r."standardId" = 'admin'))`;
  }
  return sql`coalesce(
    (SELECT rt."roleId" FROM core."roleTarget" rt JOIN core."userWorkspace" uw ON uw."id" = rt."userWorkspaceId"
      WHERE uw."userId" = ${auth.userId} AND uw."workspaceId" = ${ws} AND rt."workspaceId" = ${ws}),
    (SELECT r."id" FROM core.role r WHERE r."workspaceId" = ${ws} AND r."standardId" = 'member'))`;
}

/** The role of `roleId` with its grants, as one row (null when it does not exist in the workspace). */
function roleRowSql(workspaceId: string, roleId: Sql): Sql {
  return sql`SELECT r."id", r."label", r."canUpdateAllSettings", r."canReadAllObjectRecords", r."canUpdateAllObjectRecords",
      r."canSoftDeleteAllObjectRecords", r."canDestroyAllObjectRecords",
      coalesce((SELECT array_agg(f."flag" ORDER BY f."flag") FROM core."permissionFlag" f WHERE f."roleId" = r."id"), '{}') AS "flags",
      coalesce((SELECT json_agg(json_build_object('id', o."objectMetadataId", 'read', o."canReadObjectRecords", 'update', o."canUpdateObjectRecords",
        'softDelete', o."canSoftDeleteObjectRecords", 'destroy', o."canDestroyObjectRecords")) FROM core."objectPermission" o WHERE o."roleId" = r."id"), '[]') AS "objectGrants",
      coalesce((SELECT json_agg(json_build_object('id', p."fieldMetadataId", 'read', p."canReadFieldValue", 'update', p."canUpdateFieldValue"))
        FROM core."fieldPermission" p WHERE p."roleId" = r."id"), '[]') AS "fieldGrants"
    FROM core.role r WHERE r."workspaceId" = ${workspaceId} AND r."id" = (${roleId})`;
}

// Permissions by (workspace, role, permissions version): core.workspace."permissionsVersion"
// moves (by trigger) on every change to roles, grants, flags and assignments, and is read with
// each request's authentication, so a cached entry is never stale.
const CACHE_MAX = 5000;
const cache = new Map<string, Permissions>();

/** The permissions of a role at a permissions version, from cache or one query. */
export async function permissionsOf(db: DbClient, subject: RoleSubject, roleId: string | null, version: number): Promise<Permissions> {
  if (!roleId) return toPermissions(null, subject.kind);
  const key = `${subject.workspaceId}:${roleId}:${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const permissions = toPermissions(await one<RoleRow>(db, roleRowSql(subject.workspaceId, sql`${roleId}::uuid`), 'twenty_role_row'), subject.kind);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, permissions);
  return permissions;
}
