// The body of `twenty status`. Each probe has a short timeout and its own outcome, so one
// service being down never hides the state of the others.
import { boolValue, intValue, requireValue, type Config } from '../core/config.ts';
import { createDb } from '../core/db.ts';
import { migrationStatus } from '../core/migrate.ts';
import { probePostgres, probeRedis } from '../core/provision/probe.ts';
import { managedPostgresStatus } from '../core/provision/managed-postgres.ts';
import { managedRedisStatus } from '../core/provision/managed-redis.ts';
import { createRedis } from '../core/redis.ts';
import { queueHealth, workerLiveness, type QueueHealth, type WorkerLiveness } from '../jobs/queue-health.ts';
import { listWorkspaces } from '../metadata/workspaces.ts';
import { configFor, managedDataDir } from './runtime.ts';
import { paint, table, type CommandResult, type GlobalOptions } from './output.ts';
import { VERSION } from './version.ts';

const TIMEOUT_MS = 1500;

interface ServiceState {
  managed: boolean;
  reachable: boolean;
  version?: string;
  pid?: number;
  error?: string;
}

async function postgresState(config: Config): Promise<ServiceState> {
  const managed = boolValue(config, 'MANAGED_POSTGRES');
  const proc = managed ? await managedPostgresStatus(managedDataDir(config, 'postgres')) : undefined;
  const probe = await probePostgres(requireValue(config, 'PG_DATABASE_URL'), { timeoutMs: TIMEOUT_MS });
  return { managed, reachable: probe.ok, ...(proc?.pid ? { pid: proc.pid } : {}), ...(probe.ok ? { version: probe.version } : { error: probe.error.message }) };
}

async function redisState(config: Config): Promise<ServiceState> {
  const managed = boolValue(config, 'MANAGED_REDIS');
  const proc = managed ? await managedRedisStatus(managedDataDir(config, 'redis')) : undefined;
  const probe = await probeRedis(requireValue(config, 'REDIS_URL'), { timeoutMs: TIMEOUT_MS });
  return { managed, reachable: probe.ok, ...(proc?.pid ? { pid: proc.pid } : {}), ...(probe.ok ? { version: probe.version } : { error: probe.error.message }) };
}

/** GET /healthz on the configured port; a wildcard bind address is reached through loopback. */
async function serverState(config: Config): Promise<{ url: string; up: boolean; status?: string; error?: string }> {
  const host = requireValue(config, 'NODE_HOST');
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${local.includes(':') ? `[${local}]` : local}:${intValue(config, 'NODE_PORT')}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await res.json().catch(() => ({}))) as { status?: string };
    return { url, up: res.ok, status: body.status ?? String(res.status) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, up: false, error: cause === 'ECONNREFUSED' ? 'not listening' : (error as Error).message };
  }
}

interface WorkerState {
  queues?: Record<string, QueueHealth>;
  /** Heartbeats and outbox backlog; absent when Postgres or Redis cannot be read. */
  worker?: WorkerLiveness;
}

async function workerState(config: Config, withDb: boolean): Promise<WorkerState> {
  const prefix = requireValue(config, 'QUEUE_PREFIX');
  const redis = createRedis(requireValue(config, 'REDIS_URL'), { maxRetriesPerRequest: 1, connectionName: 'twenty-status' });
  const db = withDb ? createDb(requireValue(config, 'PG_DATABASE_URL'), { max: 1, applicationName: 'twenty-status' }) : undefined;
  try {
    const settings = { heartbeatGraceMs: intValue(config, 'WORKER_HEARTBEAT_GRACE_MS'), outboxMaxAgeMs: intValue(config, 'OUTBOX_MAX_AGE_MS') };
    const [queues, worker] = await Promise.all([
      queueHealth(redis, prefix).catch(() => undefined),
      db ? workerLiveness(db, redis, prefix, settings).catch(() => undefined) : undefined,
    ]);
    return { queues, worker };
  } finally {
    redis.disconnect();
    await db?.end();
  }
}

async function databaseState(config: Config): Promise<{ workspaces: number; pendingMigrations: number }> {
  const db = createDb(requireValue(config, 'PG_DATABASE_URL'), { max: 1, applicationName: 'twenty-status' });
  try {
    const pending = (await migrationStatus(db)).filter((m) => m.state !== 'applied').length;
    return { workspaces: pending ? 0 : (await listWorkspaces(db)).length, pendingMigrations: pending };
  } finally {
    await db.end();
  }
}

export async function instanceStatus(options: GlobalOptions): Promise<CommandResult> {
  const config = configFor(options);
  const [postgres, redis, server] = await Promise.all([postgresState(config), redisState(config), serverState(config)]);
  const database = postgres.reachable ? await databaseState(config) : undefined;
  const { queues, worker } = redis.reachable ? await workerState(config, postgres.reachable && database?.pendingMigrations === 0) : {};
  const ok = postgres.reachable && redis.reachable && server.up && database?.pendingMigrations === 0 && worker?.status === 'up';
  const data = { version: VERSION, home: config.home, services: { postgres, redis }, server, worker: worker ?? null, queues: queues ?? null, ...(database ?? {}) };
  return { data, human: describe(data), ok, exitCode: ok ? 0 : 1 };
}

function mark(up: boolean): string {
  return up ? paint(32, 'up') : paint(31, 'down');
}

function seconds(ms: number | null): string {
  return ms === null ? 'none' : `${Math.round(ms / 1000)} s`;
}

function workerDetail(w: WorkerLiveness | null): string {
  if (!w) return 'unknown (Postgres or Redis unreachable)';
  return `${w.liveWorkers} live, last heartbeat ${w.lastHeartbeatAgeMs === null ? 'never' : `${seconds(w.lastHeartbeatAgeMs)} ago`}; outbox ${w.undispatched} undispatched, oldest ${seconds(w.oldestUndispatchedAgeMs)}`;
}

function describe(data: { version: string; home: string; services: Record<string, ServiceState>; server: Awaited<ReturnType<typeof serverState>>; worker: WorkerLiveness | null; queues: Record<string, QueueHealth> | null; workspaces?: number; pendingMigrations?: number }): string {
  const lines = [`twenty ${data.version}, home ${data.home}`, ''];
  lines.push(table(['component', 'state', 'detail'], [
    ...Object.entries(data.services).map(([name, s]) => [name, mark(s.reachable), [s.managed ? 'managed' : 'external', s.version, s.pid ? `pid ${s.pid}` : undefined, s.error].filter(Boolean).join(', ')]),
    ['server', mark(data.server.up), `${data.server.url}${data.server.error ? ` (${data.server.error})` : ''}`],
    ['worker', mark(data.worker?.status === 'up'), workerDetail(data.worker)],
  ]));
  for (const problem of data.worker?.problems ?? []) lines.push(problem);
  if (data.queues) {
    lines.push('', table(['queue', 'waiting', 'active', 'delayed', 'failed'], Object.entries(data.queues).map(([name, q]) => [name, q.waiting, q.active, q.delayed, q.failed])));
  }
  if (data.workspaces !== undefined) {
    lines.push('', `Workspaces: ${data.workspaces}`);
    if (data.pendingMigrations) lines.push(`Core migrations pending: ${data.pendingMigrations}; run \`twenty upgrade\`.`);
  }
  if (!data.server.up) lines.push('', 'Start the server with `twenty serve` (or `systemctl start twenty-server`).');
  return lines.join('\n');
}
