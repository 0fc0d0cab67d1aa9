// Backups are pg_dump custom-format archives, so `pg_restore` can read them by hand too.
// An instance backup is the whole database. A workspace backup is the workspace schema plus a
// staging schema holding that workspace's core rows (see backup-rows.ts), dumped while the
// workspace's metadata lock is held so its tables and its metadata rows agree.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from './errors.ts';
import { connect, createDb, inTransaction, one, query, rows, transaction, type Db } from './db.ts';
import { ident, sql } from './sql.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { connectionFor, findPgTool, runPgTool } from './pg-tools.ts';
import { readManifest, stageCoreRows, STAGING_PREFIX, unstageCoreRows, type StagingManifest, type WorkspaceRef } from './backup-rows.ts';

export interface BackupResult {
  file: string;
  kind: 'instance' | 'workspace';
  workspaceId?: string;
  bytes: number;
}

export interface RestoreResult {
  kind: 'instance' | 'workspace';
  workspaceId?: string;
  schemaName?: string;
  coreRows?: number;
}

async function serverMajor(db: Db): Promise<number> {
  const row = await one<{ v: string }>(db, sql`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(row?.v) / 10000);
}

// Must match the key src/metadata/apply.ts takes for an apply, so neither runs during the other.
const metadataLockKey = (workspaceId: string) => sql`hashtextextended(${`twenty:metadata:${workspaceId}`}, 0)`;

async function dump(db: Db, url: string, file: string, schemas: string[]): Promise<void> {
  const pgDump = findPgTool('pg_dump', await serverMajor(db));
  mkdirSync(dirname(file), { recursive: true });
  // An instance dump leaves out the staging schemas of workspace backups running meanwhile.
  const only = schemas.length > 0 ? schemas.map((s) => `--schema=${s}`) : [`--exclude-schema=${STAGING_PREFIX}*`];
  await runPgTool(pgDump, ['--format=custom', '--file', file, ...only], connectionFor(url), 'pg_dump failed:');
}

/** Dumps the whole instance database, or one workspace with its core rows, to `file`. */
export async function backup(db: Db, url: string, file: string, workspace?: WorkspaceRef): Promise<BackupResult> {
  if (!workspace) {
    await dump(db, url, file, []);
    return { file, kind: 'instance', bytes: statSync(file).size };
  }
  const client = await connect(db);
  let staging: string | undefined;
  try {
    await query(client, sql`SELECT pg_advisory_lock(${metadataLockKey(workspace.id)})`);
    const migrations = (await rows<{ name: string }>(client, sql`SELECT "name" FROM core."_migration" ORDER BY "name"`)).map((m) => m.name);
    const meta = { workspaceId: workspace.id, schemaName: workspace.schemaName, migrations, createdAt: new Date().toISOString() };
    staging = await inTransaction(client, () => stageCoreRows(client, workspace, meta, randomBytes(6).toString('hex')));
    await dump(db, url, file, [workspace.schemaName, staging]);
    return { file, kind: 'workspace', workspaceId: workspace.id, bytes: statSync(file).size };
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  } finally {
    if (staging) await query(client, sql`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`).catch(() => {});
    await query(client, sql`SELECT pg_advisory_unlock_all()`).catch(() => {});
    client.release();
  }
}

/** The staging schema named in the archive's table of contents, if it is a workspace backup. */
async function stagingSchemaIn(file: string, pgRestore: string): Promise<string | undefined> {
  // `--list` reads the archive only; no database is involved.
  const toc = await runPgTool(pgRestore, ['--list', file], undefined, `"${file}" is not a backup archive pg_restore can read:`).catch((error: AppError) => {
    throw new AppError('BAD_USER_INPUT', error.message, { details: error.details });
  });
  // "215; 2615 16389 SCHEMA - twenty_backup_0a1b2c postgres"
  return new RegExp(`SCHEMA - (${STAGING_PREFIX}[0-9a-f]+)\\b`).exec(toc)?.[1];
}

async function schemaExists(db: Db, name: string): Promise<boolean> {
  return Boolean((await one<{ ok: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${name}) AS ok`))?.ok);
}

// One transaction: a failed restore leaves nothing half-restored behind.
const RESTORE_FLAGS = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction'];

/** Restores the objects of one schema; `--schema` leaves out the CREATE SCHEMA itself. */
async function restoreSchema(db: Db, url: string, file: string, pgRestore: string, schema: string): Promise<void> {
  await query(db, sql`CREATE SCHEMA ${ident(schema)}`);
  await runPgTool(pgRestore, [...RESTORE_FLAGS, `--schema=${schema}`, file], connectionFor(url), 'pg_restore failed:');
}

/** Why this workspace backup cannot go into this database, if it cannot. */
async function restoreConflict(db: Db, manifest: StagingManifest): Promise<AppError | undefined> {
  const known = new Set(loadMigrations().map((m) => m.name));
  const newer = manifest.migrations.filter((m) => !known.has(m));
  if (newer.length > 0) {
    return new AppError('CONFLICT', `The backup was made by a newer twenty (core migrations ${newer.join(', ')}).`, { hint: 'Upgrade this twenty binary, then restore again.' });
  }
  const exists = (await one(db, sql`SELECT 1 FROM core.workspace WHERE "id" = ${manifest.workspaceId}`)) !== undefined || (await schemaExists(db, manifest.schemaName));
  if (exists) {
    return new AppError('ALREADY_EXISTS', `Workspace ${manifest.workspaceId} already exists in the target database.`, {
      hint: 'Delete it first (`twenty workspace delete`), or restore into a new database with --into-database.',
    });
  }
  return undefined;
}

async function restoreWorkspace(db: Db, url: string, file: string, pgRestore: string, staging: string): Promise<RestoreResult> {
  await migrate(db);
  // Left over only by an interrupted restore of this same file.
  await query(db, sql`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`);
  await restoreSchema(db, url, file, pgRestore, staging);
  const manifest = await readManifest(db, staging);
  const conflict = await restoreConflict(db, manifest);
  if (conflict) {
    await query(db, sql`DROP SCHEMA ${ident(staging)} CASCADE`);
    throw conflict;
  }
  try {
    await restoreSchema(db, url, file, pgRestore, manifest.schemaName);
    const coreRows = await transaction(db, (client) => unstageCoreRows(client, staging));
    return { kind: 'workspace', workspaceId: manifest.workspaceId, schemaName: manifest.schemaName, coreRows };
  } catch (error) {
    // Leave the target as it was, so the restore can simply be run again.
    await query(db, sql`DROP SCHEMA IF EXISTS ${ident(manifest.schemaName)} CASCADE`).catch(() => {});
    await query(db, sql`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`).catch(() => {});
    throw error;
  }
}

/** Restores an archive made by `backup` into the database at `url`. */
export async function restore(url: string, file: string): Promise<RestoreResult> {
  try {
    statSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `The backup file "${file}" does not exist.`);
  }
  const db = createDb(url, { max: 2, applicationName: 'twenty-restore' });
  try {
    const pgRestore = findPgTool('pg_restore', await serverMajor(db));
    const staging = await stagingSchemaIn(file, pgRestore);
    if (staging) return await restoreWorkspace(db, url, file, pgRestore, staging);
    if (await schemaExists(db, 'core')) {
      throw new AppError('ALREADY_EXISTS', 'The target database already holds a twenty instance; an instance backup restores only into an empty database.', {
        hint: 'Create a new database and pass it with --into-database, or restore a single workspace backup (`twenty backup --workspace`).',
      });
    }
    await runPgTool(pgRestore, [...RESTORE_FLAGS, file], connectionFor(url), 'pg_restore failed:');
    return { kind: 'instance' };
  } finally {
    await db.end();
  }
}
