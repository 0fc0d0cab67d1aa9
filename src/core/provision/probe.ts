// One-shot checks that a Postgres or Redis URL answers: short timeouts, no retries, never throw.
// Used by `twenty init`/`doctor` and by the managed Redis start to wait for readiness. Failures
// come back as AppErrors naming the target (never the password) and the likely fix.
import pg from 'pg';
import { openRedis, type RedisClient } from '../redis.ts';
import { describeRedisTarget, parseRedisUrl, type RedisTarget } from '../redis-url.ts';
import { AppError, isAppError } from '../errors.ts';
import { translatePgError } from '../pg-errors.ts';
import { compile, sql } from '../sql.ts';

export type ProbeFailure = { ok: false; error: AppError };
export type PostgresProbe = { ok: true; version: string } | ProbeFailure;
export type RedisProbe = { ok: true; version: string; maxmemoryPolicy: string; aof: boolean } | ProbeFailure;

export interface ProbeOptions {
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3000;

/** user@host:port/path of a URL, without the password; undefined when it is not a URL of that kind. */
function describeTarget(url: string, protocols: readonly string[], defaultPort: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!protocols.includes(parsed.protocol)) return undefined;
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
  return `${user}${parsed.hostname}:${parsed.port || defaultPort}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

function invalidUrl(kind: string, key: string, example: string): ProbeFailure {
  return {
    ok: false,
    error: new AppError('CONFIG_INVALID', `The ${kind} URL is not valid.`, { hint: `Set ${key} to a URL such as ${example}.` }),
  };
}

function pgFailure(error: unknown, target: string): AppError {
  const translated = translatePgError(error);
  if (isAppError(translated)) {
    return new AppError(translated.code, `${translated.message} Tried "${target}".`, {
      hint: translated.hint,
      details: { ...translated.details, target },
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  // pg reports a missing password for SCRAM as a plain Error, before any SQLSTATE exists.
  if (/password must be a string|SASL/i.test(message)) {
    return new AppError('SERVICE_UNAVAILABLE', `PostgreSQL at "${target}" asks for a password, and PG_DATABASE_URL has none.`, {
      hint: 'Put the password in PG_DATABASE_URL: postgres://user:password@host:port/database.',
      details: { target },
      cause: error,
    });
  }
  return new AppError('SERVICE_UNAVAILABLE', `PostgreSQL at "${target}" failed the check: ${message}`, {
    hint: 'Check PG_DATABASE_URL and the server log.',
    details: { target },
    cause: error,
  });
}

/** Connects once and reads `SHOW server_version`. */
export async function probePostgres(url: string, options: ProbeOptions = {}): Promise<PostgresProbe> {
  const target = describeTarget(url, ['postgres:', 'postgresql:'], '5432');
  if (!target) return invalidUrl('PostgreSQL', 'PG_DATABASE_URL', 'postgres://postgres:password@127.0.0.1:5432/postgres');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'twenty-probe' });
  // A server that drops the connection after connect emits 'error'; without a listener it would crash us.
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>(compile(sql`SHOW server_version`).text);
    return { ok: true, version: result.rows[0]?.server_version ?? 'unknown' };
  } catch (error) {
    return { ok: false, error: pgFailure(error, target) };
  } finally {
    await client.end().catch(() => {});
  }
}

const UNREACHABLE_REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ETIMEDOUT|timed out/i, 'no answer in time'],
  [/ENOTFOUND|EAI_AGAIN/, 'unknown host'],
];

function redisFailure(error: unknown, target: string): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(message)) {
    return new AppError('SERVICE_UNAVAILABLE', `Redis at "${target}" refused the credentials in REDIS_URL.`, {
      hint: 'Check the user name and password in REDIS_URL: redis://:password@host:port.',
      details: { target, problem: 'auth' },
      cause: error,
    });
  }
  if (/NOAUTH|Authentication required/i.test(message)) {
    return new AppError('SERVICE_UNAVAILABLE', `Redis at "${target}" requires a password, and REDIS_URL has none.`, {
      hint: 'Put the password in REDIS_URL: redis://:password@host:port.',
      details: { target, problem: 'auth' },
      cause: error,
    });
  }
  const reason = UNREACHABLE_REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'the connection failed';
  return new AppError('SERVICE_UNAVAILABLE', `Cannot reach Redis at "${target}" (${reason}).`, {
    hint: 'Check that Redis is running and that REDIS_URL is right (`twenty doctor`).',
    details: { target, problem: 'unreachable', serverMessage: message },
    cause: error,
  });
}

function infoField(info: string, key: string): string | undefined {
  return new RegExp(`^${key}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** Connects once, then reads version, eviction policy and AOF from INFO (CONFIG GET as a fallback). */
export async function probeRedis(url: string, options: ProbeOptions = {}): Promise<RedisProbe> {
  let parsed: RedisTarget;
  try {
    parsed = parseRedisUrl(url);
  } catch {
    return invalidUrl('Redis', 'REDIS_URL', 'redis://127.0.0.1:6379');
  }
  const target = describeRedisTarget(parsed);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = openRedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects connect() with a bare "Connection is closed."; the real reason arrives as an event.
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
    // Managed services may disable INFO sections or CONFIG; missing facts become "unknown".
    const info = await client.info().catch(() => '');
    const policy = infoField(info, 'maxmemory_policy') ?? (await configGet(client, 'maxmemory-policy'));
    return {
      ok: true,
      version: infoField(info, 'redis_version') ?? 'unknown',
      maxmemoryPolicy: policy ?? 'unknown',
      aof: infoField(info, 'aof_enabled') === '1',
    };
  } catch (error) {
    // Prefer the command's own error (WRONGPASS, NOAUTH) over an earlier connection event.
    const closed = error instanceof Error && /Connection is closed/.test(error.message);
    return { ok: false, error: redisFailure(closed && lastError ? lastError : error, target) };
  } finally {
    client.disconnect();
  }
}

async function configGet(client: RedisClient, key: string): Promise<string | undefined> {
  try {
    const reply = (await client.config('GET', key)) as unknown;
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
  } catch {
    return undefined;
  }
}
