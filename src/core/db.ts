// Postgres access: a pool, and query/transaction helpers that only accept SQL built by sql.ts.
import pg from 'pg';
import { compile, sql, type Sql } from './sql.ts';
import { translatePgError } from './pg-errors.ts';
import { createOutage, type Outage, type OutageLogger } from './outage.ts';
import { isAppError } from './errors.ts';

export type Db = pg.Pool;
export type DbClient = pg.Pool | pg.PoolClient | pg.Client;

// Postgres bigint and numeric come back as strings by default; keep numeric as string (exact)
// but parse int8 counts, which we only use for counts and sizes well below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DbOptions {
  max?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
  /** Where the one line per Postgres outage (and its recovery) goes; silent without. */
  log?: OutageLogger;
}

// The outage tracker of each pool, also found from the pool's clients, so a failed query on
// any of them counts towards the same outage (one log line, not one per request).
const outages = new WeakMap<object, Outage>();

export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'twenty',
    connectionTimeoutMillis: 5000,
    statement_timeout: options.statementTimeoutMs,
  });
  const outage = createOutage(options.log, 'postgres', { pool: options.applicationName ?? 'twenty' });
  outages.set(pool, outage);
  // Every client gets an 'error' listener for its whole life. pg-pool listens only while a
  // client is idle; a client checked out (a transaction, the dispatcher's LISTEN connection)
  // that loses its server (restart: 57P01, reset: ECONNRESET) would otherwise emit an
  // unhandled 'error' and end the process. The failed query rejects on its own; the broken
  // client is discarded on release (pg-pool checks it is still queryable).
  pool.on('connect', (client) => {
    outages.set(client, outage);
    client.on('error', (error) => outage.down(error));
  });
  pool.on('error', (error) => outage.down(error));
  return pool;
}

/** Observes every statement's duration (metrics); one per process, set by the server. */
let observer: ((ms: number, ok: boolean) => void) | undefined;

export function observeQueries(fn: ((ms: number, ok: boolean) => void) | undefined): void {
  observer = fn;
}

// json and jsonb columns left as the text Postgres sent, for results passed on to a client
// without parsing and re-serialising them.
const JSON_OIDS = new Set([114, 3802]);
const RAW_JSON_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    JSON_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface QueryOptions {
  /** Return json/jsonb values as their JSON text. */
  rawJson?: boolean;
}

/**
 * Runs one statement built with the sql tag (the only way SQL reaches Postgres). `name` makes
 * it a prepared statement; a function names it from its compiled text.
 */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  db: DbClient,
  statement: Sql,
  name?: string | ((text: string) => string),
  options: QueryOptions = {},
): Promise<pg.QueryResult<R>> {
  const { text, values } = compile(statement);
  const started = observer ? performance.now() : 0;
  try {
    const statementName = typeof name === 'function' ? name(text) : name;
    const config: pg.QueryConfig = statementName ? { name: statementName, text, values } : { text, values };
    if (options.rawJson) config.types = RAW_JSON_TYPES;
    const result = await db.query<R>(config);
    observer?.(performance.now() - started, true);
    outages.get(db)?.up();
    return result;
  } catch (error) {
    observer?.(performance.now() - started, false);
    throw noteOutage(db, translatePgError(error));
  }
}

export async function rows<R extends pg.QueryResultRow = Record<string, unknown>>(db: DbClient, statement: Sql, name?: string): Promise<R[]> {
  return (await query<R>(db, statement, name)).rows;
}

/** The first row. `name` makes it a prepared statement (hot paths with a fixed text). */
export async function one<R extends pg.QueryResultRow = Record<string, unknown>>(db: DbClient, statement: Sql, name?: string): Promise<R | undefined> {
  return (await query<R>(db, statement, name)).rows[0];
}

/** Runs fn in one transaction on one connection; rolls back on any error. */
export async function transaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(db);
  // A client whose connection broke cannot roll back; releasing it with that error discards it.
  let broken: Error | undefined;
  try {
    return await inTransaction(client, fn, (error) => {
      broken = error;
    });
  } finally {
    client.release(broken);
  }
}

/**
 * Runs fn in one transaction on a connection the caller holds (e.g. one keeping a session
 * lock across transactions). The one BEGIN/COMMIT/ROLLBACK of the code base: through query(),
 * so Postgres errors (a lost connection, a serialization failure at COMMIT) are translated and
 * counted like any other statement's.
 */
export async function inTransaction<C extends pg.PoolClient | pg.Client, T>(client: C, fn: (client: C) => Promise<T>, onRollbackFailure?: (error: Error) => void): Promise<T> {
  try {
    await query(client, sql`BEGIN`);
    const result = await fn(client);
    await query(client, sql`COMMIT`);
    return result;
  } catch (error) {
    await query(client, sql`ROLLBACK`).catch((rollbackError: Error) => onRollbackFailure?.(rollbackError));
    throw error;
  }
}

export async function connect(db: Db): Promise<pg.PoolClient> {
  try {
    return await db.connect();
  } catch (error) {
    throw noteOutage(db, translatePgError(error));
  }
}

/** Counts an unreachable-Postgres error towards the pool's outage; returns it for rethrowing. */
function noteOutage(db: DbClient, error: unknown): unknown {
  if (isAppError(error) && error.code === 'SERVICE_UNAVAILABLE') outages.get(db)?.down(error);
  return error;
}
