// The worker side for /healthz/worker, `twenty status` and metrics: queue depth (counts per
// queue and the age of the oldest waiting job), the outbox backlog (events not yet jobs) and
// the workers seen by their heartbeat.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { one, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { liveWorkers, type LiveWorkers } from './worker-heartbeat.ts';
import { QUEUE_NAMES, type QueueName } from './queues.ts';

export interface QueueHealth {
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
  oldestWaitingAgeMs: number | null;
}

export async function queueHealth(redis: Redis, prefix: string, now: () => number = Date.now): Promise<Record<QueueName, QueueHealth>> {
  const entries = await Promise.all(
    QUEUE_NAMES.map(async (name): Promise<[QueueName, QueueHealth]> => {
      const queue = new Queue(name, { connection: redis, prefix });
      queue.on('error', () => {});
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
        return [
          name,
          {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            failed: counts.failed ?? 0,
            delayed: counts.delayed ?? 0,
            oldestWaitingAgeMs: oldest ? Math.max(0, now() - oldest.timestamp) : null,
          },
        ];
      } finally {
        await queue.close();
      }
    }),
  );
  return Object.fromEntries(entries) as Record<QueueName, QueueHealth>;
}

export interface OutboxBacklog {
  /** Committed events not yet handed to the events queue. */
  undispatched: number;
  oldestUndispatchedAgeMs: number | null;
}

/** Undispatched events are not jobs yet: only the outbox shows work waiting for a dispatcher. */
export async function outboxBacklog(db: DbClient): Promise<OutboxBacklog> {
  const row = await one<{ undispatched: number; ageMs: number | null }>(
    db,
    sql`SELECT count(*)::int AS "undispatched", (extract(epoch FROM clock_timestamp() - min("createdAt")) * 1000)::float8 AS "ageMs"
FROM core."eventOutbox" WHERE "dispatchedAt" IS NULL`,
  );
  return { undispatched: row?.undispatched ?? 0, oldestUndispatchedAgeMs: row?.ageMs == null ? null : Math.max(0, Math.round(row.ageMs)) };
}

export interface LivenessSettings {
  /** No heartbeat for this long: no worker is running. */
  heartbeatGraceMs: number;
  /** An undispatched event older than this: the dispatcher is stuck or gone. */
  outboxMaxAgeMs: number;
}

export interface WorkerLiveness extends OutboxBacklog {
  status: 'up' | 'down';
  /** Why the status is down, in sentences an operator can act on. */
  problems: string[];
  liveWorkers: number;
  workers: LiveWorkers['live'];
  lastHeartbeatAgeMs: number | null;
}

/** The worker side of the instance as health checks, `twenty status` and /metrics report it. */
export async function workerLiveness(db: DbClient, redis: Redis, prefix: string, settings: LivenessSettings): Promise<WorkerLiveness> {
  const [workers, backlog] = await Promise.all([liveWorkers(redis, prefix, settings.heartbeatGraceMs), outboxBacklog(db)]);
  const problems: string[] = [];
  if (workers.live.length === 0) {
    const seen = workers.lastSeenAgeMs === null ? 'never' : `${Math.round(workers.lastSeenAgeMs / 1000)} s ago`;
    problems.push(`No worker heartbeat within ${settings.heartbeatGraceMs} ms (last seen: ${seen}); start \`twenty worker\`.`);
  }
  if (backlog.oldestUndispatchedAgeMs !== null && backlog.oldestUndispatchedAgeMs > settings.outboxMaxAgeMs) {
    problems.push(`The oldest of ${backlog.undispatched} undispatched events is ${Math.round(backlog.oldestUndispatchedAgeMs / 1000)} s old (limit ${settings.outboxMaxAgeMs} ms).`);
  }
  return {
    status: problems.length ? 'down' : 'up',
    problems,
    liveWorkers: workers.live.length,
    workers: workers.live,
    lastHeartbeatAgeMs: workers.lastSeenAgeMs,
    ...backlog,
  };
}
