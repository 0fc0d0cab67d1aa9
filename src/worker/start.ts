// The worker process: one in-process BullMQ Worker per queue (no sandboxed processors: they
// fork, which re-runs the single binary), the outbox dispatcher and the maintenance schedules.
// The worker takes over `redis` (a createRedis() connection: no keyPrefix, BullMQ refuses it)
// and quits it on close(); `db` stays the caller's.
import { DelayedError, Worker, type Job, type WorkerOptions as BullWorkerOptions } from 'bullmq';
import type { RedisClient } from '../core/redis.ts';
import type { Db } from '../core/db.ts';
import { isAppError } from '../core/errors.ts';
import { createOutage, reconnectDelayMs } from '../core/outage.ts';
import { startHeartbeat } from '../jobs/worker-heartbeat.ts';
import { startDispatcher } from '../jobs/dispatcher.ts';
import { fanOutEvent } from '../jobs/event-fanout.ts';
import { errorFields, type Logger } from '../jobs/logger.ts';
import { closeQueues, createQueues, DEFAULT_QUEUE_PREFIX, webhookBackoff, type QueueName, type Queues, type RetryPolicy } from '../jobs/queues.ts';
import type { StorageDriver } from '../core/storage/storage-driver.ts';
import { DEFAULT_MAINTENANCE, registerSchedules, runMaintenance, type MaintenanceSettings } from '../jobs/schedules.ts';
import { writeTimelineActivity } from '../jobs/timeline.ts';
import { deliverWebhook } from '../jobs/webhook-delivery.ts';

export interface StartWorkerOptions {
  db: Db;
  /** The LISTEN connection's pool when `db` goes through a transaction-mode pooler. */
  listenDb?: Db;
  redis: RedisClient;
  log: Logger;
  prefix?: string;
  concurrency?: number;
  /** How long close() lets in-flight jobs finish before releasing them to be re-run elsewhere. */
  shutdownTimeoutMs?: number;
  webhookTimeoutMs?: number;
  /** Outbound allow-list for receivers on internal addresses (hostnames, IPs or CIDRs). */
  allowedHosts?: readonly string[];
  pollMs?: number;
  webhookRetry?: Partial<RetryPolicy>;
  jobRetry?: Partial<RetryPolicy>;
  maintenance?: Partial<MaintenanceSettings>;
  /** File storage, for the clean-up schedule (absent: that task does nothing). */
  storage?: StorageDriver;
  /** A job whose lock is not renewed for this long (a killed worker) is re-run (RELIABILITY W3). */
  lockDurationMs?: number;
  /** How often the liveness heartbeat is written (default 10 s). */
  heartbeatEveryMs?: number;
}

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection is closed|Stream isn't writeable|MaxRetriesPerRequest/i;

/** Redis unreachable (one outage), as opposed to a job-level error such as a lost lock. */
function isConnectionError(error: Error): boolean {
  return CONNECTION_ERROR.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);
}

/** Postgres unreachable: not the job's fault, so it must not use up the job's attempts. */
function isOutage(error: unknown): boolean {
  return isAppError(error) && error.code === 'SERVICE_UNAVAILABLE';
}

export interface RunningWorker {
  queues: Queues;
  close(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { db, redis } = options;
  const log = options.log.child({ component: 'worker' });
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const queues = createQueues(redis, { prefix, webhookRetry: options.webhookRetry, jobRetry: options.jobRetry, log });
  const maintenance = { ...DEFAULT_MAINTENANCE, ...options.maintenance };
  const lockDuration = Math.min(options.lockDurationMs ?? 30_000, 30_000);
  const base: BullWorkerOptions = {
    connection: redis,
    prefix,
    concurrency: options.concurrency ?? 5,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: 1,
  };

  const processors: Record<QueueName, (job: Job) => Promise<unknown>> = {
    events: (job) => fanOutEvent({ db, queues, log }, job),
    webhooks: (job) =>
      deliverWebhook(
        { db, log, policy: { allowedHosts: options.allowedHosts }, timeoutMs: options.webhookTimeoutMs ?? 5000, retry: queues.webhookRetry },
        job,
      ),
    timeline: (job) => writeTimelineActivity({ db, log }, job),
    maintenance: (job) => runMaintenance({ db, log, settings: maintenance, storage: options.storage }, job),
  };

  // Jobs running now, with their lock tokens, so a shutdown that runs out of time can hand
  // them back to the queue instead of leaving them to the stalled-job check.
  const active = new Map<Job, string | undefined>();
  let outageRetries = 0;
  const run = (processor: (job: Job) => Promise<unknown>) => async (job: Job, token?: string) => {
    active.set(job, token);
    try {
      const result = await processor(job);
      outageRetries = 0;
      return result;
    } catch (error) {
      if (!isOutage(error) || !token) throw error;
      // Back off and run it again once Postgres answers, without counting an attempt.
      await job.moveToDelayed(Date.now() + reconnectDelayMs(outageRetries++), token);
      throw new DelayedError();
    } finally {
      active.delete(job);
    }
  };
  // Connection errors arrive once per blocked command and connection: one line per outage.
  const queueOutage = createOutage(log, 'redis', { connection: 'worker' });
  redis.on('ready', () => queueOutage.up());

  const workers = (Object.keys(processors) as QueueName[]).map((name) => {
    const settings = name === 'webhooks' ? { backoffStrategy: webhookBackoff(queues.webhookRetry) } : undefined;
    const worker = new Worker(name, run(processors[name]), { ...base, settings });
    worker.on('failed', (job, error) =>
      log.warn({ queue: name, jobId: job?.id, workspaceId: job?.data?.workspaceId, attemptsMade: job?.attemptsMade, ...errorFields(error) }, 'job failed'),
    );
    worker.on('stalled', (jobId) => log.warn({ queue: name, jobId }, 'job stalled; it will be re-run'));
    worker.on('error', (error) => (isConnectionError(error) ? queueOutage.down(error) : log.warn({ queue: name, ...errorFields(error) }, 'worker error')));
    return worker;
  });

  const dispatcher = startDispatcher({ db, listenDb: options.listenDb, redis, queues, log, pollMs: options.pollMs });
  await registerSchedules(queues, maintenance);
  const heartbeat = startHeartbeat(redis, prefix, options.heartbeatEveryMs ?? 10_000, log);
  log.info({ prefix, concurrency: base.concurrency, workerId: heartbeat.id }, 'worker started');

  return {
    queues,
    async close() {
      await dispatcher.stop();
      const timeoutMs = options.shutdownTimeoutMs ?? 25_000;
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all(workers.map((w) => w.close())).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!drained) {
        // Unfinished jobs go back to waiting now, so another worker runs them at once rather
        // than after the stalled-job check (each step is idempotent; a delivery may repeat).
        log.warn({ timeoutMs, jobs: active.size }, 'in-flight jobs did not finish in time; returning them to the queue');
        await Promise.all([...active].map(([job, token]) => job.moveToWait(token).catch((error) => log.warn({ jobId: job.id, ...errorFields(error) }, 'could not return a job'))));
        // BullMQ's forced close still waits for the graceful one already under way (that is,
        // for the very jobs just handed back); the process exits after this, ending them.
        await Promise.race([Promise.all(workers.map((w) => w.close(true))), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      }
      await heartbeat.stop();
      await closeQueues(queues);
      await redis.quit().catch(() => redis.disconnect());
      log.info({}, 'worker stopped');
    },
  };
}
