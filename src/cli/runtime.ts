// What a command needs at run time: validated config, managed services started on demand,
// and a database pool. Every command that touches data goes through openRuntime.
import { join } from 'node:path';
import { loadConfig, boolValue, intValue, requireValue, type Config, type ConfigKey } from '../core/config.ts';
import { createDb, type Db } from '../core/db.ts';
import { assertMigrated } from '../core/migrate.ts';
import type { GlobalOptions } from './output.ts';

export interface Runtime {
  config: Config;
  db: Db;
  /** For session state (migrations' advisory lock): PG_DATABASE_DIRECT_URL's pool, else `db`. */
  directDb(): Db;
  close(): Promise<void>;
}

export function managedDataDir(config: Config, service: 'postgres' | 'redis'): string {
  return join(config.home, service);
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Starts the private Postgres/Redis of this home when the config says they are managed. */
export async function ensureManagedServices(config: Config, which: { postgres?: boolean; redis?: boolean }): Promise<void> {
  if (which.postgres && boolValue(config, 'MANAGED_POSTGRES')) {
    const { startManagedPostgres } = await import('../core/provision/managed-postgres.ts');
    await startManagedPostgres({ dataDir: managedDataDir(config, 'postgres'), port: portOf(requireValue(config, 'PG_DATABASE_URL')) });
  }
  if (which.redis && boolValue(config, 'MANAGED_REDIS')) {
    const { startManagedRedis } = await import('../core/provision/managed-redis.ts');
    const url = new URL(requireValue(config, 'REDIS_URL'));
    await startManagedRedis({ dataDir: managedDataDir(config, 'redis'), port: Number(url.port), password: decodeURIComponent(url.password) || undefined });
  }
}

export function configFor(options: GlobalOptions, flags: Partial<Record<ConfigKey, string | undefined>> = {}): Config {
  return loadConfig({ home: options.home, flags });
}

export interface OpenOptions {
  /** Fail unless core migrations are applied (default true). */
  migrated?: boolean;
  redis?: boolean;
  applicationName?: string;
  flags?: Partial<Record<ConfigKey, string | undefined>>;
}

export async function openRuntime(options: GlobalOptions, open: OpenOptions = {}): Promise<Runtime> {
  const config = configFor(options, open.flags);
  const url = requireValue(config, 'PG_DATABASE_URL');
  await ensureManagedServices(config, { postgres: true, redis: open.redis });
  const db = createDb(url, { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), applicationName: open.applicationName ?? 'twenty-cli', preparedStatements: boolValue(config, 'PG_PREPARED_STATEMENTS') });
  let direct: Db | undefined;
  const directDb = () => {
    const directUrl = config.values.PG_DATABASE_DIRECT_URL;
    if (!directUrl) return db;
    direct ??= createDb(directUrl, { max: 2, applicationName: open.applicationName ?? 'twenty-cli' });
    return direct;
  };
  try {
    if (open.migrated !== false) await assertMigrated(db);
  } catch (error) {
    await db.end();
    throw error;
  }
  return { config, db, directDb, close: async () => {
    await direct?.end();
    await db.end();
  } };
}

/** Runs fn with a runtime and always closes it. */
export async function withRuntime<T>(options: GlobalOptions, open: OpenOptions, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(options, open);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
