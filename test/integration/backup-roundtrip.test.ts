import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/services.ts';
import { migrate } from '../../src/core/migrate.ts';
import { rows, type Db } from '../../src/core/db.ts';
import { ident, sql, type Sql } from '../../src/core/sql.ts';
import type { AppError } from '../../src/core/errors.ts';
import { backup, restore } from '../../src/core/backup.ts';
import { createWorkspace, type WorkspaceSummary } from '../../src/metadata/workspaces.ts';
import { createUser } from '../../src/auth/users.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'twenty-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** md5 of the sorted rows of every table in the schemas, keyed "schema.table". */
async function digests(db: Db, schemas: string[]): Promise<Record<string, string>> {
  const tables = await rows<{ s: string; t: string }>(db, sql`SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema = ANY(${schemas}) AND table_type = 'BASE TABLE' ORDER BY 1, 2`);
  const out: Record<string, string> = {};
  for (const { s, t } of tables) out[`${s}.${t}`] = await digest(db, ident(s, t), sql`true`);
  return out;
}

async function digest(db: Db, table: Sql, where: Sql): Promise<string> {
  const [row] = await rows<{ md5: string | null; n: number }>(db, sql`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS md5, count(*) AS n FROM ${table} x WHERE ${where}`);
  return `${row.n}:${row.md5 ?? ''}`;
}

/** The core rows that belong to one workspace, table by table. */
async function workspaceCoreDigests(db: Db, id: string): Promise<Record<string, string>> {
  const tables = await rows<{ t: string }>(db, sql`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = 'core' AND column_name = 'workspaceId' ORDER BY 1`);
  const out: Record<string, string> = {
    workspace: await digest(db, sql`core.workspace`, sql`"id" = ${id}`),
    user: await digest(db, sql`core."user"`, sql`"id" IN (SELECT "userId" FROM core."userWorkspace" WHERE "workspaceId" = ${id})`),
  };
  for (const { t } of tables) out[t] = await digest(db, ident('core', t), sql`"workspaceId" = ${id}`);
  return out;
}

async function schemaNames(db: Db): Promise<string[]> {
  return (await rows<{ n: string }>(db, sql`SELECT nspname AS n FROM pg_namespace WHERE nspname = 'core' OR nspname LIKE 'workspace\_%' OR nspname LIKE 'twenty\_backup\_%' ORDER BY 1`)).map((r) => r.n);
}

async function seed(db: Db, name: string): Promise<WorkspaceSummary> {
  const ws = await createWorkspace(db, { displayName: name });
  await createUser(db, { workspaceId: ws.id, email: `admin@${name.toLowerCase()}.test`, password: 'correct horse battery' });
  await createApiKey(db, 'secret-for-tests', { workspaceId: ws.id, name: 'ci', expiresAt: new Date(Date.now() + 86_400_000) });
  const company = ident(ws.schemaName, 'company');
  await rows(db, sql`INSERT INTO ${company} ("name", "employees") VALUES (${`${name} Corp`}, 12), ('Other "quoted" Ltd', NULL)`);
  return ws;
}

// Databases are made up front: createTestDatabase registers its clean-up for the whole file.
const source = await createTestDatabase();
const targets: TestDatabase[] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];

describe('backup and restore', () => {
  let acme: WorkspaceSummary;
  let globex: WorkspaceSummary;

  before(async () => {
    await migrate(source.db);
    acme = await seed(source.db, 'Acme');
    globex = await seed(source.db, 'Globex');
  });

  test('an instance backup restored into a new database is identical, table by table', async () => {
    const file = join(dir, 'instance.dump');
    const made = await backup(source.db, source.url, file);
    assert.equal(made.kind, 'instance');
    assert.ok(made.bytes > 0);
    const target = targets[0];
    assert.deepEqual(await restore(target.url, file), { kind: 'instance' });
    const schemas = await schemaNames(source.db);
    assert.deepEqual(await schemaNames(target.db), schemas);
    const before = await digests(source.db, schemas);
    assert.ok(Object.keys(before).length > 20);
    assert.deepEqual(await digests(target.db, schemas), before);
  });

  test('a workspace backup restores that workspace alone, rows identical, and leaves no staging schema', async () => {
    const file = join(dir, 'acme.dump');
    const made = await backup(source.db, source.url, file, { id: acme.id, schemaName: acme.schemaName });
    assert.equal(made.kind, 'workspace');
    assert.deepEqual(await schemaNames(source.db), ['core', acme.schemaName, globex.schemaName].sort());
    const target = targets[1];
    const restored = await restore(target.url, file);
    assert.equal(restored.workspaceId, acme.id);
    assert.ok((restored.coreRows ?? 0) > 100, 'metadata, user, key rows moved into core');
    assert.deepEqual(await schemaNames(target.db), ['core', acme.schemaName]);
    assert.deepEqual(await digests(target.db, [acme.schemaName]), await digests(source.db, [acme.schemaName]));
    assert.deepEqual(await workspaceCoreDigests(target.db, acme.id), await workspaceCoreDigests(source.db, acme.id));
    assert.equal((await rows(target.db, sql`SELECT 1 FROM core.workspace`)).length, 1);
  });

  test('restoring a workspace next to others keeps them, and a second restore is refused without leftovers', async () => {
    const file = join(dir, 'globex.dump');
    await backup(source.db, source.url, file, { id: globex.id, schemaName: globex.schemaName });
    const target = targets[2];
    await restore(target.url, join(dir, 'acme.dump'));
    await restore(target.url, file);
    assert.deepEqual(await schemaNames(target.db), ['core', acme.schemaName, globex.schemaName].sort());
    assert.deepEqual(await workspaceCoreDigests(target.db, globex.id), await workspaceCoreDigests(source.db, globex.id));
    await assert.rejects(restore(target.url, file), (e: AppError) => e.code === 'ALREADY_EXISTS' && /already exists/.test(e.message));
    assert.deepEqual(await schemaNames(target.db), ['core', acme.schemaName, globex.schemaName].sort());
  });

  test('an instance backup is refused over an existing instance', async () => {
    await assert.rejects(restore(source.url, join(dir, 'instance.dump')), (e: AppError) => e.code === 'ALREADY_EXISTS' && /--into-database|new database/.test(e.hint ?? ''));
  });

  test('a missing or unreadable file fails with a clear code', async () => {
    await assert.rejects(restore(source.url, join(dir, 'nope.dump')), (e: AppError) => e.code === 'NOT_FOUND');
    const junk = join(dir, 'junk.dump');
    writeFileSync(junk, 'not an archive');
    await assert.rejects(restore(source.url, junk), (e: AppError) => e.code === 'BAD_USER_INPUT' && e.message.includes('junk.dump'));
  });
});
