// The BullMQ queues, their job data (ids only: records and secrets stay in Postgres, so a Redis
// dump holds no webhook secret) and default job options that keep Redis flat.
import { Queue, type BackoffStrategy, type DefaultJobOptions } from 'bullmq';
import { awaitReplica, type RedisClient } from '../core/redis.ts';
import { errorFields, silentLogger, type Logger } from './logger.ts';

export const QUEUE_NAMES = ['events', 'webhooks', 'timeline', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const DEFAULT_QUEUE_PREFIX = 'twenty';

export interface EventJobData {
  eventId: string;
  workspaceId: string;
}
export interface WebhookJobData {
  deliveryId: string;
  eventId: string;
  webhookId: string;
  workspaceId: string;
}
export type TimelineJobData = EventJobData;
export interface MaintenanceJobData {
  task: 'purgeSoftDeleted' | 'pruneEventLog' | 'cleanupFiles';
}

/** Exponential backoff with jitter: delay n is base·2^(n-1), minus up to `jitter` of it. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  jitter: number;
}

// 13 attempts from 30 s doubling: the last retry comes 17-34 h after the first failure (W4).
export const DEFAULT_WEBHOOK_RETRY: RetryPolicy = { attempts: 13, baseDelayMs: 30_000, jitter: 0.2 };
export const DEFAULT_JOB_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, jitter: 0.5 };

export interface Queues {
  prefix: string;
  /** The connection the queues share (BullMQ reuses a passed one): WAIT on it covers their writes. */
  redis: RedisClient;
  webhookRetry: RetryPolicy;
  events: Queue<EventJobData>;
  webhooks: Queue<WebhookJobData>;
  timeline: Queue<TimelineJobData>;
  maintenance: Queue<MaintenanceJobData>;
}

export interface CreateQueuesOptions {
  prefix?: string;
  webhookRetry?: Partial<RetryPolicy>;
  jobRetry?: Partial<RetryPolicy>;
  log?: Logger;
}

// Completed jobs only matter for dedupe by jobId (the delivery log lives in Postgres); failed
// ones are kept a week for inspection. Both are capped by count too.
const KEEP = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} satisfies DefaultJobOptions;

export const WEBHOOK_BACKOFF_TYPE = 'webhook';

export function retryDelayMs(attemptsMade: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const full = policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(full * (1 - policy.jitter * random()));
}

/** An error that asks for the next attempt after exactly `delayMs` (already recorded as nextAttemptAt). */
export function retryLater(message: string, delayMs: number): Error {
  return Object.assign(new Error(message), { retryDelayMs: delayMs });
}

/** The webhooks Worker's backoff: the delay the processor chose, else the policy's own. */
export function webhookBackoff(policy: RetryPolicy): BackoffStrategy {
  return (attemptsMade, _type, error) => {
    const chosen = (error as { retryDelayMs?: unknown } | undefined)?.retryDelayMs;
    return typeof chosen === 'number' ? chosen : retryDelayMs(attemptsMade, policy);
  };
}

/** BullMQ job ids may not contain ":"; a dot keeps the pair readable and unique. */
export function webhookJobId(eventId: string, webhookId: string): string {
  return `${eventId}.${webhookId}`;
}

export function createQueues(redis: RedisClient, options: CreateQueuesOptions = {}): Queues {
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const log = options.log ?? silentLogger;
  const webhookRetry = { ...DEFAULT_WEBHOOK_RETRY, ...options.webhookRetry };
  const jobRetry = { ...DEFAULT_JOB_RETRY, ...options.jobRetry };
  const standard: DefaultJobOptions = {
    ...KEEP,
    attempts: jobRetry.attempts,
    backoff: { type: 'exponential', delay: jobRetry.baseDelayMs, jitter: jobRetry.jitter },
  };
  const open = <T>(name: QueueName, defaultJobOptions: DefaultJobOptions): Queue<T> => {
    const queue = new Queue<T>(name, { connection: redis, prefix, defaultJobOptions });
    queue.on('error', (error) => log.warn({ queue: name, ...errorFields(error) }, 'queue connection error'));
    return queue;
  };
  return {
    prefix,
    redis,
    webhookRetry,
    events: open<EventJobData>('events', standard),
    webhooks: open<WebhookJobData>('webhooks', { ...KEEP, attempts: webhookRetry.attempts, backoff: { type: WEBHOOK_BACKOFF_TYPE } }),
    timeline: open<TimelineJobData>('timeline', standard),
    maintenance: open<MaintenanceJobData>('maintenance', { ...KEEP, attempts: 1 }),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all([queues.events.close(), queues.webhooks.close(), queues.timeline.close(), queues.maintenance.close()]);
}

/**
 * Resolves once the jobs just added are safe from a Sentinel failover (a replica has them);
 * callers that record elsewhere that a job exists call it first. SERVICE_UNAVAILABLE otherwise.
 */
export function confirmEnqueued(queues: Queues): Promise<void> {
  return awaitReplica(queues.redis, REPLICA_WAIT_MS);
}

const REPLICA_WAIT_MS = 2000;
