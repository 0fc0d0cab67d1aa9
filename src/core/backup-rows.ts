// The core rows of one workspace, for a workspace backup. pg_dump cannot filter rows, so the
// rows are copied into a staging schema that is dumped beside the workspace schema; restore
// moves them back into `core` in foreign-key order and drops the staging schema.
import type pg from 'pg';
import { AppError } from './errors.ts';
import { query, rows, type DbClient } from './db.ts';
import { ident, join, sql, type Sql } from './sql.ts';

export const STAGING_PREFIX = 'twenty_backup_';
export const MANIFEST_TABLE = '_manifest';

export interface WorkspaceRef {
  id: string;
  schemaName: string;
}

export interface StagingManifest {
  workspaceId: string;
  schemaName: string;
  migrations: string[];
  createdAt: string;
}

// Core tables reached through another table instead of their own "workspaceId" column. Every
// other core table must have that column or be listed in SKIPPED: a new table without a rule
// fails the backup instead of being silently left out.
function specialFilters(workspaceId: string): Record<string, Sql> {
  return {
    workspace: sql`"id" = ${workspaceId}`,
    user: sql`"id" IN (SELECT "userId" FROM core."userWorkspace" WHERE "workspaceId" = ${workspaceId})`,
    webhookDeliveryAttempt: sql`"deliveryId" IN (SELECT "id" FROM core."webhookDelivery" WHERE "workspaceId" = ${workspaceId})`,
  };
}
// The migration ledger belongs to the database, not to a workspace.
const SKIPPED = new Set(['_migration']);

async function coreTables(db: DbClient, schema = 'core'): Promise<{ table: string; hasWorkspaceId: boolean }[]> {
  return rows<{ table: string; hasWorkspaceId: boolean }>(db, sql`
    SELECT c.relname AS "table",
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspaceId' AND NOT a.attisdropped) AS "hasWorkspaceId"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')
    ORDER BY c.relname`);
}

/** Copies the workspace's core rows into a new staging schema; returns its name. */
export async function stageCoreRows(client: pg.PoolClient, workspace: WorkspaceRef, manifest: StagingManifest, suffix: string): Promise<string> {
  const staging = `${STAGING_PREFIX}${suffix}`;
  const special = specialFilters(workspace.id);
  await query(client, sql`CREATE SCHEMA ${ident(staging)}`);
  for (const { table, hasWorkspaceId } of await coreTables(client)) {
    if (SKIPPED.has(table)) continue;
    const filter = special[table] ?? (hasWorkspaceId ? sql`"workspaceId" = ${workspace.id}` : undefined);
    if (!filter) {
      throw new AppError('INTERNAL_SERVER_ERROR', `The core table "${table}" has no backup rule, so a workspace backup would miss its rows.`, {
        hint: 'Back up the whole instance (`twenty backup` without --workspace) until this version is fixed.',
      });
    }
    await query(client, sql`CREATE TABLE ${ident(staging, table)} (LIKE ${ident('core', table)})`);
    await query(client, sql`INSERT INTO ${ident(staging, table)} SELECT * FROM ${ident('core', table)} WHERE ${filter}`);
  }
  await query(client, sql`CREATE TABLE ${ident(staging, MANIFEST_TABLE)} ("manifest" jsonb NOT NULL)`);
  await query(client, sql`INSERT INTO ${ident(staging, MANIFEST_TABLE)} ("manifest") VALUES (${JSON.stringify(manifest)})`);
  return staging;
}

export async function readManifest(db: DbClient, staging: string): Promise<StagingManifest> {
  const found = await rows<{ manifest: StagingManifest }>(db, sql`SELECT "manifest" FROM ${ident(staging, MANIFEST_TABLE)}`);
  if (!found[0]) throw new AppError('BAD_USER_INPUT', 'The backup file has no manifest; it was not made by `twenty backup`.');
  return found[0].manifest;
}

/** Core tables ordered so that every table comes after the tables its foreign keys point to. */
async function foreignKeyOrder(db: DbClient, tables: string[]): Promise<string[]> {
  const edges = await rows<{ from: string; to: string }>(db, sql`
    SELECT c.relname AS "from", r.relname AS "to"
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND n.nspname = 'core' AND k.conrelid <> k.confrelid`);
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const e of edges) if (e.from === table && tables.includes(e.to)) visit(e.to, path);
    ordered.push(table);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return ordered;
}

async function columnsOf(db: DbClient, schema: string, table: string): Promise<string[]> {
  const list = await rows<{ name: string }>(db, sql`
    SELECT a.attname AS "name" FROM pg_attribute a
    WHERE a.attrelid = (quote_ident(${schema}) || '.' || quote_ident(${table}))::regclass AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum`);
  return list.map((c) => c.name);
}

/** Moves the staged rows into `core` (inside the caller's transaction) and drops the staging schema. */
export async function unstageCoreRows(client: pg.PoolClient, staging: string): Promise<number> {
  const staged = (await coreTables(client, staging)).map((t) => t.table).filter((t) => t !== MANIFEST_TABLE);
  let count = 0;
  for (const table of await foreignKeyOrder(client, staged)) {
    const cols = join((await columnsOf(client, staging, table)).map((c) => ident(c)));
    // A user may already exist in the target (same person, several workspaces).
    const conflict = table === 'user' ? sql` ON CONFLICT DO NOTHING` : sql``;
    const result = await query(client, sql`INSERT INTO ${ident('core', table)} (${cols}) SELECT ${cols} FROM ${ident(staging, table)}${conflict}`);
    count += result.rowCount ?? 0;
  }
  // Inserting roles and grants moved the workspace's permissions counter (a trigger); the
  // restored row keeps the value it was backed up with.
  if (staged.includes('workspace') && (await columnsOf(client, staging, 'workspace')).includes('permissionsVersion')) {
    await query(client, sql`UPDATE core.workspace w SET "permissionsVersion" = s."permissionsVersion" FROM ${ident(staging, 'workspace')} s WHERE w."id" = s."id"`);
  }
  await query(client, sql`DROP SCHEMA ${ident(staging)} CASCADE`);
  return count;
}
