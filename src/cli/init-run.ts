// The body of `twenty init` (loaded only when init runs).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../core/errors.ts';
import { configFile, defaultHome, loadConfig, readConfigFile, redactUrl, writeConfigFile, type ConfigKey } from '../core/config.ts';
import { createDb } from '../core/db.ts';
import { migrate } from '../core/migrate.ts';
import { probePostgres, probeRedis } from '../core/provision/probe.ts';
import { freePort } from '../core/provision/free-port.ts';
import { initManagedPostgres, startManagedPostgres, stopManagedPostgres } from '../core/provision/managed-postgres.ts';
import { startManagedRedis, stopManagedRedis } from '../core/provision/managed-redis.ts';
import { listWorkspaces } from '../metadata/workspaces.ts';
import { createWorkspaceWithRoles as createWorkspace } from '../auth/workspace-setup.ts';
import { createUser } from '../auth/users.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { loadWorkspaceModel } from '../metadata/store.ts';
import { insertGroups } from '../api/seed/insert-records.ts';
import { demoGroups } from '../api/seed/demo.ts';
import { reporter, type CommandResult, type GlobalOptions } from './output.ts';
import { askChoice, askSecret, askText, canPrompt } from './prompt.ts';
import type { InitFlags } from './init.ts';

const MACHINE_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const MACHINE_REDIS = 'redis://127.0.0.1:6379';

interface ServiceChoice {
  url: string;
  managed: boolean;
}

const secret = (bytes = 24) => randomBytes(bytes).toString('base64url');

async function choosePostgres(flags: InitFlags, existing: Record<string, string>, interactive: boolean): Promise<ServiceChoice> {
  const given = flags.pgUrl ?? process.env.PG_DATABASE_URL ?? existing.PG_DATABASE_URL;
  if (given) return { url: given, managed: existing.MANAGED_POSTGRES === 'true' && given === existing.PG_DATABASE_URL };
  if (interactive && (await probePostgres(MACHINE_PG, { timeoutMs: 1000 })).ok) {
    const choice = await askChoice('PostgreSQL', [
      { value: 'managed', name: 'A private managed instance in the twenty home (recommended)' },
      { value: 'machine', name: `The PostgreSQL already running at 127.0.0.1:5432` },
      { value: 'url', name: 'Another server (enter a URL)' },
    ]);
    if (choice === 'machine') return { url: MACHINE_PG, managed: false };
    if (choice === 'url') return { url: await askText('PostgreSQL URL (postgres://user:password@host:port/db)'), managed: false };
  }
  return { url: '', managed: true };
}

async function chooseRedis(flags: InitFlags, existing: Record<string, string>, interactive: boolean): Promise<ServiceChoice> {
  const given = flags.redisUrl ?? process.env.REDIS_URL ?? existing.REDIS_URL;
  if (given) return { url: given, managed: existing.MANAGED_REDIS === 'true' && given === existing.REDIS_URL };
  if (interactive && (await probeRedis(MACHINE_REDIS, { timeoutMs: 1000 })).ok) {
    const choice = await askChoice('Redis', [
      { value: 'managed', name: 'A private managed instance in the twenty home (recommended)' },
      { value: 'machine', name: 'The Redis already running at 127.0.0.1:6379' },
      { value: 'url', name: 'Another server (enter a URL)' },
    ]);
    if (choice === 'machine') return { url: MACHINE_REDIS, managed: false };
    if (choice === 'url') return { url: await askText('Redis URL (redis://[:password@]host:port)'), managed: false };
  }
  return { url: '', managed: true };
}

export async function initialise(options: GlobalOptions, flags: InitFlags): Promise<CommandResult> {
  const log = reporter(options);
  const home = options.home ? resolve(options.home) : defaultHome();
  const file = configFile(home);
  const existing = readConfigFile(file);
  if (Object.keys(existing).length > 0 && !flags.force) {
    throw new AppError('ALREADY_EXISTS', `This home (${home}) is already initialised; nothing was changed.`, {
      hint: 'Use `twenty doctor` to check it, or `twenty init --force` to repair it.',
    });
  }
  const interactive = !flags.yes && canPrompt(options);
  const created: (() => Promise<void>)[] = [];
  mkdirSync(home, { recursive: true, mode: 0o700 });
  try {
    const pg = await choosePostgres(flags, existing, interactive);
    const redis = await chooseRedis(flags, existing, interactive);
    if (pg.managed && !pg.url) {
      const dataDir = join(home, 'postgres');
      // As root the managed Postgres runs as the `postgres` user, which must be able to
      // traverse (not list) the home; secrets stay in the 0600 config file.
      if (process.getuid?.() === 0) chmodSync(home, 0o711);
      if (existsSync(dataDir)) throw new AppError('CONFLICT', `A managed Postgres data directory already exists at ${dataDir} but no config refers to it.`, { hint: 'Move it away, or pass --pg-url.' });
      const port = await freePort();
      const password = secret();
      log.progress(`Creating a private PostgreSQL in ${dataDir} on port ${port}`);
      created.push(async () => { await stopManagedPostgres(dataDir).catch(() => {}); rmSync(dataDir, { recursive: true, force: true }); });
      await initManagedPostgres({ dataDir, port, password });
      await startManagedPostgres({ dataDir, port });
      pg.url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    } else if (pg.managed) {
      const port = Number(new URL(pg.url).port);
      await startManagedPostgres({ dataDir: join(home, 'postgres'), port });
    }
    if (redis.managed && !redis.url) {
      const dataDir = join(home, 'redis');
      const port = await freePort();
      const password = secret();
      log.progress(`Starting a private Redis in ${dataDir} on port ${port}`);
      created.push(async () => { await stopManagedRedis(dataDir).catch(() => {}); rmSync(dataDir, { recursive: true, force: true }); });
      await startManagedRedis({ dataDir, port, password });
      redis.url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    } else if (redis.managed) {
      const url = new URL(redis.url);
      await startManagedRedis({ dataDir: join(home, 'redis'), port: Number(url.port), password: decodeURIComponent(url.password) || undefined });
    }

    const pgProbe = await probePostgres(pg.url);
    if (!pgProbe.ok) throw pgProbe.error;
    const redisProbe = await probeRedis(redis.url);
    if (!redisProbe.ok) throw redisProbe.error;
    if (redisProbe.maxmemoryPolicy !== 'noeviction' && redisProbe.maxmemoryPolicy !== 'unknown') {
      log.warn(`Redis maxmemory-policy is "${redisProbe.maxmemoryPolicy}"; queues need "noeviction" or jobs can be lost.`);
    }

    const values: Partial<Record<ConfigKey, string>> = {
      ...existing,
      PG_DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      APP_SECRET: existing.APP_SECRET ?? secret(32),
      MANAGED_POSTGRES: String(pg.managed),
      MANAGED_REDIS: String(redis.managed),
      ...(flags.port ? { NODE_PORT: flags.port } : {}),
    };

    const db = createDb(pg.url, { max: 2, applicationName: 'twenty-init', preparedStatements: loadConfig({ home }).values.PG_PREPARED_STATEMENTS !== 'false' });
    try {
      log.progress('Applying core migrations');
      // The migration lock is a session lock: on PG_DATABASE_DIRECT_URL when PgBouncer is in front.
      const directUrl = loadConfig({ home }).values.PG_DATABASE_DIRECT_URL;
      const direct = directUrl ? createDb(directUrl, { max: 1, applicationName: 'twenty-init' }) : db;
      try {
        await migrate(direct, { onWait: () => log.progress('Another migration run holds the lock; waiting…') });
      } finally {
        if (direct !== db) await direct.end();
      }
      const workspaces = await listWorkspaces(db);
      let result: Record<string, unknown> = { home, configFile: file, postgres: { managed: pg.managed, url: redactUrl(pg.url), version: pgProbe.version }, redis: { managed: redis.managed, url: redactUrl(redis.url), version: redisProbe.version } };
      if (workspaces.length === 0) {
        const name = interactive ? await askText('Name of the first workspace', flags.workspace) : (flags.workspace ?? 'Default Workspace');
        const email = interactive ? await askText('Admin email', flags.adminEmail) : (flags.adminEmail ?? 'admin@example.com');
        const generated = !flags.adminPassword && !interactive;
        const password = flags.adminPassword ?? (interactive ? await askSecret('Admin password') : secret(12));
        log.progress(`Creating workspace "${name}" with the standard objects`);
        const ws = await createWorkspace(db, { displayName: name });
        const admin = await createUser(db, { workspaceId: ws.id, email, password, firstName: 'Admin' });
        const key = await createApiKey(db, values.APP_SECRET as string, { workspaceId: ws.id, name: 'init', expiresAt: new Date(Date.now() + 365 * 86_400_000) });
        if (flags.demo) {
          log.progress('Adding the demo data set');
          await insertGroups(db, await loadWorkspaceModel(db, ws.id), demoGroups(), { source: 'IMPORT', workspaceMemberId: null, name: 'twenty init --demo' });
        }
        result = { ...result, workspace: { id: ws.id, displayName: ws.displayName, schemaName: ws.schemaName }, admin: { email: admin.email, ...(generated ? { password } : {}) }, apiKey: { id: key.id, token: key.token, expiresAt: key.expiresAt } };
      }
      writeConfigFile(file, values);
      return { data: result, human: describe(result, values) };
    } finally {
      await db.end();
    }
  } catch (error) {
    for (const undo of created.reverse()) await undo();
    throw error;
  }
}

function describe(result: Record<string, unknown>, values: Partial<Record<ConfigKey, string>>): string {
  const port = values.NODE_PORT ?? '3000';
  const lines = [`Initialised ${String(result.home)}`, `  config:   ${String(result.configFile)}`];
  const pg = result.postgres as { managed: boolean; url: string };
  const redis = result.redis as { managed: boolean; url: string };
  lines.push(`  postgres: ${pg.managed ? 'managed, ' : ''}${pg.url}`, `  redis:    ${redis.managed ? 'managed, ' : ''}${redis.url}`);
  const ws = result.workspace as { displayName: string; id: string } | undefined;
  if (ws) {
    const admin = result.admin as { email: string; password?: string };
    const key = result.apiKey as { token: string };
    lines.push(`  workspace: "${ws.displayName}" (${ws.id})`, `  admin:     ${admin.email}${admin.password ? ` / password ${admin.password} (shown once)` : ''}`, '', 'API key (shown once):', `  ${key.token}`);
    lines.push('', 'Next:', '  twenty serve', `  curl -H "Authorization: Bearer ${key.token}" http://localhost:${port}/rest/companies`);
  } else {
    lines.push('  (workspaces already exist; none created)');
  }
  return lines.join('\n');
}
