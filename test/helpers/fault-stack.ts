// A whole instance for fault tests: `twenty init --yes` in a temporary home, so Postgres and
// Redis are the product's own managed ones on free ports, which the test may stop, restart and
// break without touching the machine's shared services. One webhook points at a receiver that
// deduplicates on the event id; server and worker run as real child processes of bin/twenty.
// Services are stopped and the home removed after the test file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createDb, rows, type Db } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { startManagedPostgres, stopManagedPostgres } from '../../src/core/provision/managed-postgres.ts';
import { startManagedRedis, stopManagedRedis } from '../../src/core/provision/managed-redis.ts';
import { cliEnv, runCli, startProcess, type Served } from './cli.ts';
import type { DedupingReceiver } from './durability-webhooks.ts';

export interface Child extends Served {
  /** Everything the process wrote (JSON log lines on stdout, messages on stderr) so far. */
  log(): string;
  /** Log lines (parsed JSON) whose message matches. */
  lines(msg: RegExp): Record<string, unknown>[];
}

export interface FaultStack {
  home: string;
  env: NodeJS.ProcessEnv;
  /** The test's own pool on the managed Postgres (reconnects by itself after a restart). */
  db: Db;
  token: string;
  workspaceId: string;
  schemaName: string;
  postgres: { stop(): Promise<void>; start(): Promise<void> };
  redis: { stop(): Promise<void>; start(): Promise<void> };
  startWorker(extra?: Record<string, string>): Promise<Child>;
  serve(extra?: Record<string, string>): Promise<Child>;
  rest(server: Served, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  graphql(server: Served, query: string, headers?: Record<string, string>): Promise<Response>;
  eventIds(name: string): Promise<string[]>;
  deliveryCounts(): Promise<Record<string, number>>;
}

function withLog(child: Served): Child {
  let log = '';
  for (const stream of [child.child.stdout, child.child.stderr]) stream?.on('data', (d) => (log += d));
  const lines = (msg: RegExp) =>
    log.split('\n').flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return msg.test(String(parsed.msg)) ? [parsed] : [];
      } catch {
        return [];
      }
    });
  return Object.assign(child, { log: () => log, lines });
}

export async function startFaultStack(options: { receiver: DedupingReceiver; operations: string; env?: Record<string, string> }): Promise<FaultStack> {
  const home = mkdtempSync(join(tmpdir(), 'twenty-faults-'));
  const pgDir = join(home, 'postgres');
  const redisDir = join(home, 'redis');
  let db: Db | undefined;
  // One hook, in this order: the pidfiles the stops need live in the home.
  after(async () => {
    await db?.end().catch(() => {});
    await stopManagedPostgres(pgDir).catch(() => {});
    await stopManagedRedis(redisDir).catch(() => {});
    rmSync(home, { recursive: true, force: true });
  });
  const env = cliEnv({ TWENTY_HOME: home, OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', LOG_LEVEL: 'info', ...options.env });
  const init = await runCli(['init', '--yes', '--json', '--workspace', 'Faults'], env, 120_000);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const hook = await runCli(['webhook', 'create', '-w', 'Faults', '--url', options.receiver.url(), '--operations', options.operations, '--json'], env);
  assert.equal(hook.code, 0, hook.stderr + hook.stdout);
  const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as Record<string, string>;
  const pgPort = Number(new URL(config.PG_DATABASE_URL).port);
  const redisUrl = new URL(config.REDIS_URL);
  const pool = createDb(config.PG_DATABASE_URL, { max: 3 });
  db = pool;
  const token = init.json?.data?.apiKey.token as string;
  const workspaceId = init.json?.data?.workspace.id as string;
  const schemaName = init.json?.data?.workspace.schemaName as string;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    home,
    env,
    db: pool,
    token,
    workspaceId,
    schemaName,
    postgres: {
      stop: () => stopManagedPostgres(pgDir),
      start: () => startManagedPostgres({ dataDir: pgDir, port: pgPort }),
    },
    redis: {
      stop: () => stopManagedRedis(redisDir),
      start: () => startManagedRedis({ dataDir: redisDir, port: Number(redisUrl.port), password: decodeURIComponent(redisUrl.password) || undefined }),
    },
    startWorker: async (extra = {}) => withLog(await startProcess(['worker'], { ...env, ...extra }, /worker started/, 60_000)),
    serve: async (extra = {}) => withLog(await startProcess(['serve', '--port', '0'], { ...env, ...extra }, /listening on (http:\/\/\S+)/, 60_000)),
    rest: (server, method, path, body, headers = {}) =>
      fetch(`${server.url}/rest${path}`, { method, headers: { ...auth, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }),
    graphql: (server, query, headers = {}) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify({ query }) }),
    async eventIds(name) {
      const found = await rows<{ id: string }>(pool, sql`SELECT "id" FROM core."eventOutbox" WHERE "workspaceId" = ${workspaceId} AND "name" = ${name}`);
      return found.map((r) => r.id);
    },
    async deliveryCounts() {
      const found = await rows<{ status: string; n: number }>(pool, sql`SELECT "status", count(*)::int AS n FROM core."webhookDelivery" WHERE "workspaceId" = ${workspaceId} GROUP BY "status"`);
      return Object.fromEntries(found.map((r) => [r.status, r.n]));
    },
  };
}
