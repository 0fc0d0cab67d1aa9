// Read replicas (PG_DATABASE_REPLICA_URL): which pool a caller's plain read may use. A replica
// is used only while its last poll succeeded and its replay lag is within the limit; a caller
// that wrote is read from the primary until a replica has replayed past the primary's WAL
// position taken after the write (read-your-writes). Replay positions are polled every
// `pollMs`, never per request, so routing costs no round trip; the only extra statement is one
// `pg_current_wal_lsn()` after each write request. Lag and outages log one line per incident.
import { createDb, type Db } from './db.ts';
import { createOutage, type Outage, type OutageLogger } from './outage.ts';
import { compile, sql } from './sql.ts';
import { redactUrl } from './config.ts';

export interface ReplicaOptions {
  max: number;
  maxLagMs: number;
  pollMs?: number;
  applicationName: string;
  statementTimeoutMs?: number;
  log?: OutageLogger;
  /** Writes recorded for every server (several servers behind one load balancer). */
  shared?: SharedPins;
}

/**
 * Read-your-writes across servers: each write request records its caller's position where
 * every server sees it (Redis). `get` answers the position a read must wait for; PENDING while
 * a write is in flight; it throws when the store is unreachable (then reads use the primary).
 */
export interface SharedPins {
  set(caller: string, lsn: bigint, ttlMs: number): Promise<void>;
  get(caller: string): Promise<bigint | undefined>;
}

/** The position of a write still in flight or unknown: no replica has replayed it. */
export const PENDING = 1n << 62n;

interface Replica {
  name: string;
  pool: Db;
  outage: Outage;
  replayed: bigint;
  lagMs: number;
  lagging: boolean;
  reachable: boolean;
}

interface Pin {
  pending: number;
  lsn: bigint;
  until: number;
}

export type ReadTarget = 'replica' | 'primary';
export type ReadReason = 'replica' | 'read-your-writes' | 'no-replica' | 'replica-failed';

export interface ReplicaStats {
  reads: Record<ReadReason, number>;
  replicas: { name: string; up: boolean; lagMs: number }[];
  pinnedCallers: number;
}

export interface Replicas {
  /** The replica pool for this caller's read, or undefined for the primary. */
  pick(caller: string | undefined, minLsn?: bigint): { pool: Db; failed(error: unknown, unreachable: boolean): void } | undefined;
  /** A write request of `caller` began; the returned function ends it (then the LSN is taken). */
  beginWrite(caller: string): Promise<() => void>;
  /** The position other servers recorded for this caller's last write (PENDING if unknown). */
  sharedLsn(caller: string): Promise<bigint | undefined>;
  stats(): ReplicaStats;
  close(): Promise<void>;
}

/** '16/B374D848' → a comparable number. */
export function parseLsn(text: string | null | undefined): bigint {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : 0n;
}

// How long a caller's write keeps it off a replica that has not replayed it. Longer than any
// acceptable lag: past it the replica is skipped as lagging anyway.
const PIN_MS = 60_000;

export function createReplicas(primary: Db, urls: string[], options: ReplicaOptions): Replicas {
  const pollMs = options.pollMs ?? 500;
  const replicas: Replica[] = urls.map((url, i) => {
    const name = `${i}:${new URL(url).host}`;
    return {
      name,
      pool: createDb(url, { max: options.max, applicationName: options.applicationName, statementTimeoutMs: options.statementTimeoutMs }),
      outage: createOutage(options.log, 'postgres replica', { replica: redactUrl(url), effect: 'reads served by the primary' }, 0),
      replayed: 0n,
      lagMs: 0,
      lagging: false,
      reachable: false,
    };
  });
  const pins = new Map<string, Pin>();
  const reads: Record<ReadReason, number> = { replica: 0, 'read-your-writes': 0, 'no-replica': 0, 'replica-failed': 0 };
  let next = 0;
  let closed = false;

  const usable = (r: Replica) => r.reachable && !r.lagging;

  const poll = async (r: Replica) => {
    try {
      // Lag is 0 when everything received is replayed (an idle primary writes nothing new).
      const { rows } = await r.pool.query<{ replayed: string | null; lag_ms: number | null }>(
        compile(sql`SELECT pg_last_wal_replay_lsn()::text AS replayed,
                   CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                        ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 END AS lag_ms`),
      );
      r.replayed = parseLsn(rows[0]?.replayed);
      r.lagMs = Math.max(0, rows[0]?.lag_ms ?? 0);
      r.reachable = true;
      r.outage.up();
      const lagging = r.lagMs > options.maxLagMs;
      if (lagging !== r.lagging) {
        if (lagging) options.log?.warn({ dependency: 'postgres replica', replica: r.name, lagMs: Math.round(r.lagMs), maxLagMs: options.maxLagMs }, 'postgres replica lagging; reads served by the primary');
        else options.log?.info({ dependency: 'postgres replica', replica: r.name, lagMs: Math.round(r.lagMs) }, 'postgres replica caught up');
      }
      r.lagging = lagging;
    } catch (error) {
      r.reachable = false;
      r.outage.down(error);
    }
  };

  const pollAll = async () => {
    await Promise.all(replicas.map(poll));
    const now = Date.now();
    for (const [caller, pin] of pins) if (pin.pending === 0 && pin.until < now) pins.delete(caller);
  };
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    if (closed) return;
    timer = setTimeout(() => void pollAll().finally(loop), pollMs);
    timer.unref();
  };
  void pollAll().finally(loop);

  return {
    pick(caller, minLsn = 0n) {
      const pin = caller ? pins.get(caller) : undefined;
      const candidates = replicas.filter(usable);
      if (candidates.length === 0) {
        reads['no-replica'] += 1;
        return undefined;
      }
      const ownWrite = (r: Replica) => !pin || (pin.pending === 0 && (pin.until < Date.now() || r.replayed >= pin.lsn));
      const fresh = candidates.filter((r) => ownWrite(r) && r.replayed >= minLsn);
      if (fresh.length === 0) {
        reads['read-your-writes'] += 1;
        return undefined;
      }
      const r = fresh[next++ % fresh.length] as Replica;
      reads.replica += 1;
      return {
        pool: r.pool,
        failed(error, unreachable) {
          reads.replica -= 1;
          reads['replica-failed'] += 1;
          if (unreachable) {
            r.reachable = false;
            r.outage.down(error);
          }
        },
      };
    },
    async beginWrite(caller) {
      const pin = pins.get(caller) ?? { pending: 0, lsn: 0n, until: 0 };
      pin.pending += 1;
      pins.set(caller, pin);
      // Before the write runs: another server reading for this caller meanwhile uses the primary.
      await options.shared?.set(caller, PENDING, PIN_MS).catch(() => {});
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        // Taken after the request's last statement, so it is at or past every commit it made.
        void primary
          .query<{ lsn: string }>(compile(sql`SELECT pg_current_wal_lsn()::text AS lsn`))
          .then(({ rows }) => {
            const lsn = parseLsn(rows[0]?.lsn);
            if (lsn > pin.lsn) pin.lsn = lsn;
            return options.shared?.set(caller, lsn, PIN_MS).catch(() => {});
          }, () => {
            // Unknown position: stay on the primary for the whole pin time.
            pin.lsn = PENDING;
          })
          .finally(() => {
            pin.pending -= 1;
            pin.until = Date.now() + PIN_MS;
          });
      };
    },
    async sharedLsn(caller) {
      if (!options.shared) return undefined;
      try {
        return await options.shared.get(caller);
      } catch {
        return PENDING;
      }
    },
    stats() {
      return {
        reads: { ...reads },
        replicas: replicas.map((r) => ({ name: r.name, up: usable(r), lagMs: r.lagMs })),
        pinnedCallers: pins.size,
      };
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.all(replicas.map((r) => r.pool.end().catch(() => {})));
    },
  };
}
