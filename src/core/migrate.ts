// Core schema migrations: forward-only SQL files, checksummed, each applied in its own
// transaction together with its ledger row, all under one advisory lock so concurrent runs
// queue instead of interleaving.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AppError } from './errors.ts';
import { connect, inTransaction, query, type Db } from './db.ts';
import { migrationScript, sql } from './sql.ts';
import { listAssets, readAsset } from './assets.ts';

// Arbitrary but fixed: the advisory lock key that serialises core migrations.
const MIGRATION_LOCK_KEY = 7_302_001;

export interface Migration {
  name: string;
  checksum: string;
  text: string;
}

export interface MigrationStatus {
  name: string;
  state: 'applied' | 'pending' | 'changed';
  appliedAt?: string;
}

export function loadMigrations(): Migration[] {
  return listAssets('migrations')
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .map((name) => {
      const text = readAsset(`migrations/${name}`);
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

async function ensureLedger(client: pg.PoolClient): Promise<void> {
  await query(client, sql`CREATE SCHEMA IF NOT EXISTS core`);
  await query(
    client,
    sql`CREATE TABLE IF NOT EXISTS core."_migration" ("name" text PRIMARY KEY, "checksum" text NOT NULL, "appliedAt" timestamptz NOT NULL DEFAULT now())`,
  );
}

async function appliedMigrations(client: pg.PoolClient | Db): Promise<Map<string, { checksum: string; appliedAt: string }>> {
  const exists = await query<{ t: string | null }>(client, sql`SELECT to_regclass('core."_migration"')::text AS t`);
  if (!exists.rows[0]?.t) return new Map();
  const result = await query<{ name: string; checksum: string; appliedAt: Date }>(
    client,
    sql`SELECT "name", "checksum", "appliedAt" FROM core."_migration" ORDER BY "name"`,
  );
  return new Map(result.rows.map((r) => [r.name, { checksum: r.checksum, appliedAt: r.appliedAt.toISOString() }]));
}

export async function migrationStatus(db: Db): Promise<MigrationStatus[]> {
  const applied = await appliedMigrations(db);
  return loadMigrations().map((m) => {
    const row = applied.get(m.name);
    if (!row) return { name: m.name, state: 'pending' };
    return { name: m.name, state: row.checksum === m.checksum ? 'applied' : 'changed', appliedAt: row.appliedAt };
  });
}

async function acquireLock(client: pg.PoolClient, waitMs: number, onWait?: () => void): Promise<void> {
  const deadline = Date.now() + waitMs;
  let warned = false;
  for (;;) {
    const r = await query<{ ok: boolean }>(client, sql`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS ok`);
    if (r.rows[0]?.ok) return;
    if (Date.now() >= deadline) {
      throw new AppError('LOCK_HELD', 'Another `twenty db migrate` is running on this database and did not finish in time.', {
        hint: 'Wait for it to finish, then run the command again.',
      });
    }
    if (!warned) {
      onWait?.();
      warned = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface MigrateOptions {
  lockWaitMs?: number;
  onWait?: () => void;
  onApply?: (name: string) => void;
}

/** Applies pending migrations; returns the names applied (empty when up to date). */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<string[]> {
  const client = await connect(db);
  try {
    await acquireLock(client, options.lockWaitMs ?? 60_000, options.onWait);
    try {
      await ensureLedger(client);
      const applied = await appliedMigrations(client);
      const done: string[] = [];
      for (const m of loadMigrations()) {
        const row = applied.get(m.name);
        if (row) {
          if (row.checksum !== m.checksum) {
            throw new AppError('CONFLICT', `Migration "${m.name}" was changed after it was applied.`, {
              hint: 'Migrations are forward-only: restore the original file and add a new migration instead.',
            });
          }
          continue;
        }
        options.onApply?.(m.name);
        try {
          await inTransaction(client, async () => {
            await query(client, migrationScript(m.text));
            await query(client, sql`INSERT INTO core."_migration" ("name", "checksum") VALUES (${m.name}, ${m.checksum})`);
          });
        } catch (error) {
          throw new AppError('INTERNAL_SERVER_ERROR', `Migration "${m.name}" failed and was rolled back.`, { cause: error });
        }
        done.push(m.name);
      }
      return done;
    } finally {
      await query(client, sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => {});
    }
  } finally {
    client.release();
  }
}

export async function assertMigrated(db: Db): Promise<void> {
  const pending = (await migrationStatus(db)).filter((m) => m.state !== 'applied');
  if (pending.length > 0) {
    throw new AppError('CONFLICT', `The core schema is not up to date (${pending.map((m) => m.name).join(', ')}).`, {
      hint: 'Run `twenty db migrate`.',
    });
  }
}
