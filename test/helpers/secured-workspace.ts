// RELIABILITY.md's fixture for the security tests: a workspace with the standard objects plus
// a custom field `person.salary` and a custom object `vault` (object X), the seeded roles, an
// admin, a member whose role denies `vault` and `salary`, an API key, and marker records.
// Also "DB unchanged" snapshots: md5 of every table of a schema and of the core tables.
import { randomBytes } from 'node:crypto';
import { one, query, rows, type Db } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { createUser } from '../../src/auth/users.ts';
import { mintAccessToken } from '../../src/auth/tokens.ts';
import { createRole, seedDefaultRoles } from '../../src/auth/roles.ts';
import { upsertFieldPermissions, upsertObjectPermissions, assignRoleToMember } from '../../src/auth/role-grants.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { findField, findObject, type WorkspaceModel } from '../../src/metadata/model.ts';
import { modelSpec } from './metadata-workspace.ts';

export const APP_SECRET = randomBytes(24).toString('hex');

export const SECURED_MODEL = `apiVersion: twenty/v1
objects:
  vault:
    namePlural: vaults
    fields:
      name: TEXT
  person:
    extend: true
    fields:
      salary: {type: NUMBER, label: Salary}
`;

export interface SecuredWorkspace {
  id: string;
  name: string;
  schema: string;
  model: WorkspaceModel;
  adminToken: string;
  memberToken: string;
  apiKeyToken: string;
  apiKeyId: string;
  adminMemberId: string;
  memberMemberId: string;
  restrictedRoleId: string;
  /** Ids of this workspace's marker records: person rows with salaries, a vault row, a company. */
  personIds: string[];
  vaultId: string;
  companyId: string;
}

async function tokenFor(workspaceId: string, user: { userId: string; workspaceMemberId: string; userWorkspaceId: string }): Promise<string> {
  return mintAccessToken({ appSecret: APP_SECRET, workspaceId, ...user });
}

export async function securedWorkspace(db: Db, name: string): Promise<SecuredWorkspace> {
  const ws = await createWorkspace(db, { displayName: name });
  await applyModel(db, ws.id, modelSpec(SECURED_MODEL));
  await seedDefaultRoles(db, ws.id);
  let model = await loadWorkspaceModel(db, ws.id);
  const tag = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const admin = await createUser(db, { workspaceId: ws.id, email: `admin@${tag}.test`, password: 'admin-password', firstName: 'Ada', lastName: name });
  const member = await createUser(db, { workspaceId: ws.id, email: `member@${tag}.test`, password: 'member-password', firstName: 'Max', lastName: name });
  const adminRole = await one<{ id: string }>(db, sql`SELECT "id" FROM core.role WHERE "workspaceId" = ${ws.id} AND "standardId" = 'admin'`);
  await assignRoleToMember(db, ws.id, { workspaceMemberId: admin.workspaceMemberId, roleId: adminRole?.id as string, callerWorkspaceMemberId: null });

  const person = findObject(model, 'person');
  const vault = findObject(model, 'vault');
  const salary = person && findField(person, 'salary');
  if (!person || !vault || !salary) throw new Error('fixture model is missing person, vault or person.salary');
  const restricted = await createRole(db, ws.id, { label: 'Restricted member', canReadAllObjectRecords: true, canUpdateAllObjectRecords: true, canSoftDeleteAllObjectRecords: true });
  await upsertObjectPermissions(db, ws.id, restricted.id, [{ objectMetadataId: vault.id, canReadObjectRecords: false, canUpdateObjectRecords: false, canSoftDeleteObjectRecords: false, canDestroyObjectRecords: false }]);
  await upsertFieldPermissions(db, ws.id, restricted.id, [{ objectMetadataId: person.id, fieldMetadataId: salary.id, canReadFieldValue: false, canUpdateFieldValue: false }]);
  await assignRoleToMember(db, ws.id, { workspaceMemberId: member.workspaceMemberId, roleId: restricted.id, callerWorkspaceMemberId: null });

  const key = await createApiKey(db, APP_SECRET, { workspaceId: ws.id, name: `${name} key`, expiresAt: new Date(Date.now() + 86_400_000) });
  const schema = ident(ws.schemaName, 'person');
  const personIds: string[] = [];
  for (const [first, salaryValue] of [['Alice', 100], ['Bob', 200], ['Carol', 300]] as const) {
    const row = await one<{ id: string }>(db, sql`INSERT INTO ${schema} ("nameFirstName", "nameLastName", "salary", "city") VALUES (${first}, ${`${name}-marker`}, ${salaryValue}, ${`${name}-city`}) RETURNING "id"`);
    personIds.push(row?.id as string);
  }
  const vaultRow = await one<{ id: string }>(db, sql`INSERT INTO ${ident(ws.schemaName, '_vault')} ("name") VALUES (${`${name} secret`}) RETURNING "id"`);
  const company = await one<{ id: string }>(db, sql`INSERT INTO ${ident(ws.schemaName, 'company')} ("name") VALUES (${`${name}-marker company`}) RETURNING "id"`);
  model = await loadWorkspaceModel(db, ws.id);
  return {
    id: ws.id,
    name,
    schema: ws.schemaName,
    model,
    adminToken: await tokenFor(ws.id, admin),
    memberToken: await tokenFor(ws.id, member),
    apiKeyToken: key.token,
    apiKeyId: key.id,
    adminMemberId: admin.workspaceMemberId,
    memberMemberId: member.workspaceMemberId,
    restrictedRoleId: restricted.id,
    personIds,
    vaultId: vaultRow?.id as string,
    companyId: company?.id as string,
  };
}

/**
 * md5 of every table's rows in `schema`, and of the core rows of `workspaceId` (all rows of
 * core tables without a workspaceId column): equal snapshots mean "DB unchanged" for that tenant.
 */
export async function dbFingerprint(db: Db, schema: string, workspaceId?: string): Promise<Record<string, string>> {
  const tables = await rows<{ schema: string; table: string; scoped: boolean }>(
    db,
    sql`SELECT t.table_schema AS "schema", t.table_name AS "table",
          EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'workspaceId') AS "scoped"
        FROM information_schema.tables t WHERE t.table_schema IN (${schema}, 'core') AND t.table_type = 'BASE TABLE' ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const t of tables) {
    const table = ident(t.schema, t.table);
    const where = t.schema === 'core' && t.scoped && workspaceId ? sql`WHERE x."workspaceId" = ${workspaceId}` : sql``;
    const r = await query<{ md5: string | null }>(db, sql`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS "md5" FROM ${table} AS x ${where}`);
    out[`${t.schema}.${t.table}`] = r.rows[0]?.md5 ?? '';
  }
  return out;
}
