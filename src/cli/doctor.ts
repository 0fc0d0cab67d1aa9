// `twenty doctor`: config, services, migrations and every workspace's drift, each failure
// with a hint; non-zero exit when anything fails.
import type { Command } from 'commander';
import { paint, run, type GlobalOptions } from './output.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

async function diagnose(options: GlobalOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const fail = (name: string, error: unknown) => {
    const e = error as { message?: string; hint?: string };
    checks.push({ name, ok: false, detail: e.message ?? String(error), hint: e.hint });
  };
  const { configFor, ensureManagedServices } = await import('./runtime.ts');
  let config: ReturnType<typeof configFor>;
  try {
    config = configFor(options);
    const { requireValue } = await import('../core/config.ts');
    requireValue(config, 'PG_DATABASE_URL');
    requireValue(config, 'REDIS_URL');
    requireValue(config, 'APP_SECRET');
    checks.push({ name: 'config', ok: true, detail: config.file });
  } catch (error) {
    fail('config', error);
    return checks;
  }
  await ensureManagedServices(config, { postgres: true, redis: true }).catch((error) => fail('managed services', error));
  const { probePostgres, probeRedis } = await import('../core/provision/probe.ts');
  const pg = await probePostgres(config.values.PG_DATABASE_URL as string);
  if (pg.ok) checks.push({ name: 'postgres', ok: true, detail: `PostgreSQL ${pg.version}` });
  else fail('postgres', pg.error);
  const redis = await probeRedis(config.values.REDIS_URL as string);
  if (!redis.ok) fail('redis', redis.error);
  else {
    checks.push({ name: 'redis', ok: true, detail: `Redis ${redis.version}` });
    checks.push({ name: 'redis eviction', ok: redis.maxmemoryPolicy === 'noeviction', detail: `maxmemory-policy ${redis.maxmemoryPolicy}`, hint: 'Set `maxmemory-policy noeviction`: queues lose jobs otherwise.' });
  }
  const { openStorage, localStorageRoot } = await import('../core/storage/open-storage.ts');
  const { probeStorage } = await import('../core/storage/probe-storage.ts');
  const where = config.values.STORAGE_TYPE === 's3' ? `s3 bucket "${config.values.STORAGE_S3_NAME}"` : `local ${localStorageRoot(config)}`;
  await probeStorage(openStorage(config)).then(
    () => checks.push({ name: 'storage', ok: true, detail: `${where} is writable` }),
    (error) => checks.push({ name: 'storage', ok: false, detail: `${where}: ${(error as Error).message}`, hint: 'Check STORAGE_TYPE and the STORAGE_* keys (`twenty config show`), and that the folder or bucket exists and is writable.' }),
  );
  if (!pg.ok) return checks;
  const { createDb } = await import('../core/db.ts');
  const db = createDb(config.values.PG_DATABASE_URL as string, { max: 2, applicationName: 'twenty-doctor' });
  try {
    const { migrationStatus } = await import('../core/migrate.ts');
    const status = await migrationStatus(db);
    const pending = status.filter((m) => m.state !== 'applied');
    checks.push({ name: 'migrations', ok: pending.length === 0, detail: pending.length ? `not applied: ${pending.map((m) => `${m.name} (${m.state})`).join(', ')}` : `${status.length} applied`, hint: 'Run `twenty db migrate`.' });
    if (pending.length) return checks;
    checks.push(await budgetCheck(db, config));
    const { listWorkspaces } = await import('../metadata/workspaces.ts');
    const { loadWorkspaceModel } = await import('../metadata/store.ts');
    const { detectDrift } = await import('../metadata/drift.ts');
    for (const ws of await listWorkspaces(db)) {
      const drift = await detectDrift(db, await loadWorkspaceModel(db, ws.id));
      checks.push({ name: `workspace "${ws.displayName}"`, ok: drift.length === 0, detail: drift.length ? drift.map((d) => d.message).join(' ') : 'schema matches metadata', hint: drift[0]?.hint });
    }
  } catch (error) {
    fail('database', error);
  } finally {
    await db.end();
  }
  return checks;
}

/** Connections the configured instance counts may open, against the server's max_connections. */
async function budgetCheck(db: import('../core/db.ts').Db, config: import('../core/config.ts').Config): Promise<Check> {
  const { rows } = await import('../core/db.ts');
  const { sql } = await import('../core/sql.ts');
  const { intValue, boolValue } = await import('../core/config.ts');
  const { connectionBudget } = await import('./connection-budget.ts');
  const settings = await rows<{ name: string; setting: string }>(db, sql`SELECT "name", "setting" FROM pg_settings WHERE "name" IN ('max_connections', 'superuser_reserved_connections')`);
  const value = (name: string) => Number(settings.find((s) => s.name === name)?.setting ?? 0);
  const budget = connectionBudget({
    servers: intValue(config, 'SERVER_INSTANCES'),
    workers: intValue(config, 'WORKER_INSTANCES'),
    pool: intValue(config, 'PG_POOL_MAX_CONNECTIONS'),
    pooled: !boolValue(config, 'PG_PREPARED_STATEMENTS'),
    maxConnections: value('max_connections'),
    reserved: value('superuser_reserved_connections'),
  });
  return { name: 'connection budget', ok: budget.ok, detail: budget.detail, hint: 'Lower PG_POOL_MAX_CONNECTIONS, raise max_connections, or put PgBouncer in front (README "Scaling out").' };
}

export function registerDoctor(program: Command): void {
  program.command('doctor')
    .description('Check config, Postgres, Redis, file storage, migrations and that every workspace schema matches its metadata')
    .addHelpText('after', '\nExamples:\n  $ twenty doctor\n  $ twenty doctor --json | jq .data.checks')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('doctor', options, async () => {
        const checks = await diagnose(options);
        const failed = checks.filter((c) => !c.ok);
        const human = checks.map((c) => `${c.ok ? paint(32, '✔') : paint(31, '✘')} ${c.name}: ${c.detail}${!c.ok && c.hint ? `\n    hint: ${c.hint}` : ''}`).join('\n');
        return { data: { checks }, human, ok: failed.length === 0, exitCode: failed.length ? 1 : 0 };
      });
    });
}
