// Roles as code: the `roles:` section of model files, planned and applied with the objects in
// the same transaction. A role is matched by its label (`label`, else derived from its key);
// roles the files do not mention are left alone, `removed: - role: x` deletes one. A managed
// role's grants are exactly what the file lists: they are replaced as a whole on change.
import { isDeepStrictEqual } from 'node:util';
import { rows, type DbClient } from '../core/db.ts';
import { sql, type Sql } from '../core/sql.ts';
import type { WorkspaceModel } from './model.ts';
import type { ModelSpec, RoleSpec, SpecIssue } from './spec.ts';
import { labelFromName } from './labels.ts';

export interface RoleState {
  id: string | null;
  label: string;
  description: string | null;
  standard: boolean;
  all: { read: boolean; update: boolean; softDelete: boolean; destroy: boolean };
  flags: string[];
  /** by objectMetadataId */
  objects: Record<string, { read: boolean | null; update: boolean | null; softDelete: boolean | null; destroy: boolean | null }>;
  /** by fieldMetadataId, with the objectMetadataId it belongs to */
  fields: Record<string, { objectId: string; read: boolean | null; update: boolean | null }>;
}

export type RoleChange =
  | { kind: 'createRole'; role: RoleState }
  | { kind: 'updateRole'; before: RoleState; after: RoleState }
  | { kind: 'deleteRole'; role: RoleState };

interface RoleRow {
  id: string;
  label: string;
  description: string | null;
  standardId: string | null;
  canReadAllObjectRecords: boolean;
  canUpdateAllObjectRecords: boolean;
  canSoftDeleteAllObjectRecords: boolean;
  canDestroyAllObjectRecords: boolean;
  flags: string[];
  objects: { id: string; read: boolean | null; update: boolean | null; softDelete: boolean | null; destroy: boolean | null }[];
  fields: { id: string; objectId: string; read: boolean | null; update: boolean | null }[];
}

export async function loadRoles(db: DbClient, workspaceId: string): Promise<RoleState[]> {
  const list = await rows<RoleRow>(
    db,
    sql`SELECT r."id", r."label", r."description", r."standardId", r."canReadAllObjectRecords", r."canUpdateAllObjectRecords",
        r."canSoftDeleteAllObjectRecords", r."canDestroyAllObjectRecords",
        coalesce((SELECT array_agg(f."flag" ORDER BY f."flag") FROM core."permissionFlag" f WHERE f."roleId" = r."id"), '{}') AS "flags",
        coalesce((SELECT json_agg(json_build_object('id', o."objectMetadataId", 'read', o."canReadObjectRecords", 'update', o."canUpdateObjectRecords", 'softDelete', o."canSoftDeleteObjectRecords", 'destroy', o."canDestroyObjectRecords")) FROM core."objectPermission" o WHERE o."roleId" = r."id"), '[]') AS "objects",
        coalesce((SELECT json_agg(json_build_object('id', p."fieldMetadataId", 'objectId', p."objectMetadataId", 'read', p."canReadFieldValue", 'update', p."canUpdateFieldValue")) FROM core."fieldPermission" p WHERE p."roleId" = r."id"), '[]') AS "fields"
      FROM core.role r WHERE r."workspaceId" = ${workspaceId} ORDER BY r."label"`,
  );
  return list.map((r) => ({
    id: r.id,
    label: r.label,
    description: r.description,
    standard: r.standardId !== null,
    all: { read: r.canReadAllObjectRecords, update: r.canUpdateAllObjectRecords, softDelete: r.canSoftDeleteAllObjectRecords, destroy: r.canDestroyAllObjectRecords },
    flags: r.flags,
    objects: Object.fromEntries(r.objects.map(({ id, ...g }) => [id, g])),
    fields: Object.fromEntries(r.fields.map(({ id, ...g }) => [id, g])),
  }));
}

const labelOf = (spec: RoleSpec) => spec.label ?? labelFromName(spec.name);
const orNull = (v: boolean | undefined) => (v === undefined ? null : v);

function desiredRole(spec: RoleSpec, model: WorkspaceModel, existing: RoleState | undefined, issues: SpecIssue[]): RoleState {
  const objects: RoleState['objects'] = {};
  for (const [name, grant] of Object.entries(spec.objects)) {
    const object = model.objects.find((o) => o.nameSingular === name);
    if (!object) {
      issues.push({ loc: spec.loc, rule: 'role-object', message: `Role "${spec.name}" grants on object "${name}", which does not exist.` });
      continue;
    }
    objects[object.id] = { read: orNull(grant.read), update: orNull(grant.update), softDelete: orNull(grant.softDelete), destroy: orNull(grant.destroy) };
  }
  const fields: RoleState['fields'] = {};
  for (const [path, grant] of Object.entries(spec.fields)) {
    const [objectName, fieldName] = path.split('.');
    const object = model.objects.find((o) => o.nameSingular === objectName);
    const field = object?.fields.find((f) => f.name === fieldName);
    if (!object || !field) {
      issues.push({ loc: spec.loc, rule: 'role-field', message: `Role "${spec.name}" grants on field "${path}", which does not exist.` });
      continue;
    }
    fields[field.id] = { objectId: object.id, read: orNull(grant.read), update: orNull(grant.update) };
  }
  return {
    id: existing?.id ?? null,
    label: labelOf(spec),
    description: spec.description ?? existing?.description ?? null,
    standard: existing?.standard ?? false,
    all: { read: spec.canReadAll ?? false, update: spec.canUpdateAll ?? false, softDelete: spec.canSoftDeleteAll ?? false, destroy: spec.canDestroyAll ?? false },
    flags: [...(spec.permissionFlags ?? [])].sort(),
    objects,
    fields,
  };
}

/** The role changes the files ask for, against the roles the workspace has. */
export function diffRoles(current: RoleState[], spec: ModelSpec, desired: WorkspaceModel): { changes: RoleChange[]; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const changes: RoleChange[] = [];
  for (const removal of spec.removed) {
    if (removal.kind !== 'role') continue;
    const wanted = [removal.role, labelFromName(removal.role)].map((l) => l.toLowerCase());
    const role = current.find((r) => wanted.includes(r.label.toLowerCase()));
    if (!role) continue;
    if (role.standard) issues.push({ loc: removal.loc, rule: 'standard-role', message: `Role "${role.label}" is a standard role and cannot be removed.` });
    else changes.push({ kind: 'deleteRole', role });
  }
  for (const roleSpec of spec.roles) {
    const existing = current.find((r) => r.label === labelOf(roleSpec));
    if (existing?.standard) {
      issues.push({ loc: roleSpec.loc, rule: 'standard-role', message: `Role "${existing.label}" is a standard role; define your own role instead.` });
      continue;
    }
    const after = desiredRole(roleSpec, desired, existing, issues);
    if (!existing) changes.push({ kind: 'createRole', role: after });
    else if (!isDeepStrictEqual({ ...existing }, after)) changes.push({ kind: 'updateRole', before: existing, after });
  }
  return { changes, issues };
}

function grantStatements(workspaceId: string, roleId: Sql, role: RoleState): Sql[] {
  return [
    ...role.flags.map((flag) => sql`INSERT INTO core."permissionFlag" ("workspaceId", "roleId", "flag") VALUES (${workspaceId}, ${roleId}, ${flag})`),
    ...Object.entries(role.objects).map(([objectId, g]) =>
      sql`INSERT INTO core."objectPermission" ("workspaceId", "roleId", "objectMetadataId", "canReadObjectRecords", "canUpdateObjectRecords", "canSoftDeleteObjectRecords", "canDestroyObjectRecords") VALUES (${workspaceId}, ${roleId}, ${objectId}, ${g.read}, ${g.update}, ${g.softDelete}, ${g.destroy})`),
    ...Object.entries(role.fields).map(([fieldId, g]) =>
      sql`INSERT INTO core."fieldPermission" ("workspaceId", "roleId", "objectMetadataId", "fieldMetadataId", "canReadFieldValue", "canUpdateFieldValue") VALUES (${workspaceId}, ${roleId}, ${g.objectId}, ${fieldId}, ${g.read}, ${g.update})`),
  ];
}

/** Statements of one role change; grants of an updated role are replaced as a whole. */
export function roleStatements(workspaceId: string, change: RoleChange): Sql[] {
  if (change.kind === 'deleteRole') return [sql`DELETE FROM core.role WHERE "id" = ${change.role.id} AND "workspaceId" = ${workspaceId}`];
  const role = change.kind === 'createRole' ? change.role : change.after;
  const byLabel = sql`(SELECT "id" FROM core.role WHERE "workspaceId" = ${workspaceId} AND "label" = ${role.label})`;
  const columns = sql`"description" = ${role.description}, "canReadAllObjectRecords" = ${role.all.read}, "canUpdateAllObjectRecords" = ${role.all.update}, "canSoftDeleteAllObjectRecords" = ${role.all.softDelete}, "canDestroyAllObjectRecords" = ${role.all.destroy}, "updatedAt" = now()`;
  if (change.kind === 'createRole') {
    return [
      sql`INSERT INTO core.role ("workspaceId", "label", "description", "canReadAllObjectRecords", "canUpdateAllObjectRecords", "canSoftDeleteAllObjectRecords", "canDestroyAllObjectRecords") VALUES (${workspaceId}, ${role.label}, ${role.description}, ${role.all.read}, ${role.all.update}, ${role.all.softDelete}, ${role.all.destroy})`,
      ...grantStatements(workspaceId, byLabel, role),
    ];
  }
  return [
    sql`UPDATE core.role SET ${columns} WHERE "id" = ${change.before.id} AND "workspaceId" = ${workspaceId}`,
    sql`DELETE FROM core."permissionFlag" WHERE "roleId" = ${change.before.id}`,
    sql`DELETE FROM core."objectPermission" WHERE "roleId" = ${change.before.id}`,
    sql`DELETE FROM core."fieldPermission" WHERE "roleId" = ${change.before.id}`,
    ...grantStatements(workspaceId, byLabel, role),
  ];
}

export function describeRoleChange(change: RoleChange): string {
  switch (change.kind) {
    case 'createRole': return `create role "${change.role.label}" (${Object.keys(change.role.objects).length} object and ${Object.keys(change.role.fields).length} field grant(s))`;
    case 'updateRole': return `update role "${change.after.label}" (grants replaced by the file's)`;
    case 'deleteRole': return `delete role "${change.role.label}"`;
  }
}
