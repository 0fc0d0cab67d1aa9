// Moves committed outbox rows into the events queue. Rows are claimed with FOR UPDATE SKIP
// LOCKED, so several dispatchers never claim the same row; each job's id is the event id, so a
// crash between enqueue and commit re-enqueues a job BullMQ already has and it is ignored.
// Woken by LISTEN on the outbox trigger's channel, with a poll as the fallback.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { connect, query, transaction, type Db } from '../core/db.ts';
import { createOutage } from '../core/outage.ts';
import { ident, int, sql } from '../core/sql.ts';
import type { Logger } from './logger.ts';
import type { Queues } from './queues.ts';

const CHANNEL = 'twenty_event_outbox';
// The claim holds row locks and a pooled connection while Redis is asked to enqueue; Redis
// dying mid-call must not hold them for the whole outage. Giving up is safe: the rows stay
// undispatched, and if the enqueue lands later the re-dispatch is ignored (job id = event id).
const ENQUEUE_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface DispatcherOptions {
  db: Db;
  redis: Redis;
  queues: Queues;
  log: Logger;
  pollMs?: number;
  batchSize?: number;
}

export interface Dispatcher {
  /** Resolves once the current batch is committed and the LISTEN connection is released. */
  stop(): Promise<void>;
}

/** Dispatches one batch; returns how many events were enqueued. */
export async function dispatchBatch(db: Db, queues: Queues, batchSize: number): Promise<number> {
  return transaction(db, async (client) => {
    const claimed = await query<{ id: string; workspaceId: string; name: string }>(
      client,
      sql`SELECT "id", "workspaceId", "name" FROM core."eventOutbox" WHERE "dispatchedAt" IS NULL ORDER BY "createdAt" LIMIT ${int(batchSize)} FOR UPDATE SKIP LOCKED`,
    );
    if (claimed.rows.length === 0) return 0;
    const jobs = claimed.rows.map((e) => ({ name: e.name, data: { eventId: e.id, workspaceId: e.workspaceId }, opts: { jobId: e.id } }));
    await withTimeout(queues.events.addBulk(jobs), ENQUEUE_TIMEOUT_MS, 'enqueueing events in Redis');
    const ids = claimed.rows.map((e) => e.id);
    await query(client, sql`UPDATE core."eventOutbox" SET "dispatchedAt" = now(), "attempts" = "attempts" + 1 WHERE "id" = ANY(${ids}::uuid[])`);
    return ids.length;
  });
}

export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, redis, queues } = options;
  const log = options.log.child({ component: 'dispatcher' });
  const pollMs = options.pollMs ?? 2000;
  const batchSize = options.batchSize ?? 200;
  let stopped = false;
  let wake: (() => void) | undefined;
  let listener: pg.PoolClient | undefined;
  // A notification that arrives while a batch runs must not wait for the next poll.
  let signalled = false;
  const notify = () => {
    signalled = true;
    wake?.();
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (signalled || stopped) return resolve();
      const timer = setTimeout(resolve, pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // One line per outage each, however many rounds fail while it lasts.
  const listenOutage = createOutage(log, 'postgres', { connection: 'outbox-listener', effect: `polling every ${pollMs} ms` }, 0);
  const dispatchOutage = createOutage(log, 'event dispatch', { effect: 'events wait in the outbox' });
  const onError = (error: Error) => {
    listenOutage.down(error);
    unlisten(error);
  };
  // Releases the LISTEN connection once (a broken one is destroyed, not pooled).
  const unlisten = (error?: Error) => {
    const client = listener;
    listener = undefined;
    if (!client) return;
    client.off('notification', notify);
    client.off('error', onError);
    client.release(error ?? true);
  };

  // A lost LISTEN connection is replaced on the next round; until then the poll covers.
  const listen = async () => {
    if (listener) return;
    try {
      listener = await connect(db);
      listener.on('notification', notify);
      listener.on('error', onError);
      await query(listener, sql`LISTEN ${ident(CHANNEL)}`);
      listenOutage.up();
    } catch (error) {
      unlisten(error as Error);
      listenOutage.down(error);
    }
  };

  const loop = async () => {
    while (!stopped) {
      await listen();
      let dispatched = 0;
      signalled = false;
      // Without Redis the claim would hold row locks for the whole outage; wait it out instead.
      if (redis.status === 'ready' || redis.status === 'wait') {
        try {
          dispatched = await dispatchBatch(db, queues, batchSize);
          dispatchOutage.up();
          if (dispatched > 0) log.info({ dispatched }, 'events dispatched');
        } catch (error) {
          dispatchOutage.down(error);
        }
      }
      if (dispatched < batchSize && !stopped) await sleep();
    }
  };

  const running = loop();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
      unlisten();
    },
  };
}
