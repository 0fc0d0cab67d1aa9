// Redis connections for REDIS_URL (one node, Sentinel or Cluster). Lazy (nothing connects until first use), reconnecting forever with a
// capped backoff, and with an error listener so an outage is logged instead of crashing the
// process (an EventEmitter 'error' without a listener throws).
import { Cluster, Redis, type RedisOptions as RedisClientOptions } from 'ioredis';
import { parseRedisUrl } from './redis-url.ts';
import { AppError } from './errors.ts';
import { createOutage, type OutageLogger } from './outage.ts';

export interface RedisOptions {
  /** Prefix for every key this connection touches. BullMQ refuses it: queues use their own `prefix`. */
  keyPrefix?: string;
  /**
   * null (the default) queues commands through an outage until Redis is back, which BullMQ
   * requires for its blocking connections. A number makes commands fail fast after that many
   * reconnects, for request paths that should answer 503 instead of waiting.
   */
  maxRetriesPerRequest?: number | null;
  connectionName?: string;
  /** false: commands fail at once while disconnected instead of waiting (request paths). */
  enableOfflineQueue?: boolean;
  onError?: (error: Error) => void;
  /** Where the one line per outage (and its recovery) goes. */
  log?: OutageLogger;
}

export type RedisClient = Redis | Cluster;

// 50 ms, 100 ms, ... capped at 2 s: quick to come back after a restart, gentle during a long outage.
export function redisRetryDelay(times: number): number {
  return Math.min(times * 50, 2000);
}

// After a Sentinel failover the old primary turns replica; a connection still on it gets
// READONLY for writes. Reconnecting (ioredis then asks the sentinels again) and resending the
// command (2) makes the failover invisible to the caller.
function reconnectOnReadonly(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

/**
 * A client for REDIS_URL in any of its forms (see redis-url.ts) with these per-connection
 * options; no listeners. createRedis() is what the product uses; probes call this directly.
 */
export function openRedis(url: string, common: RedisClientOptions): RedisClient {
  const target = parseRedisUrl(url);
  if (target.kind === 'single') return new Redis(target.url, common);
  if (target.kind === 'sentinel') {
    return new Redis({
      ...common,
      sentinels: target.sentinels,
      name: target.name,
      db: target.db,
      username: target.username,
      password: target.password,
      sentinelPassword: target.sentinelPassword,
      sentinelRetryStrategy: (times: number) => common.retryStrategy?.(times) ?? null,
      // Subscribes to the sentinels' +switch-master, so a failover is followed at once.
      failoverDetector: true,
      reconnectOnError: reconnectOnReadonly,
    });
  }
  const { lazyConnect, keyPrefix, enableReadyCheck, enableOfflineQueue, retryStrategy, ...node } = common;
  return new Cluster(target.nodes, {
    lazyConnect,
    keyPrefix,
    enableReadyCheck,
    enableOfflineQueue,
    clusterRetryStrategy: (times: number) => retryStrategy?.(times) ?? null,
    // BullMQ reads maxRetriesPerRequest from here for a Cluster.
    redisOptions: { ...node, username: target.username, password: target.password, reconnectOnError: reconnectOnReadonly },
  });
}

/** The product's connection: reconnecting forever, one log line per outage. */
export function createRedis(url: string, options: RedisOptions = {}): RedisClient {
  const connectionName = options.connectionName ?? 'twenty';
  const redis = openRedis(url, {
    lazyConnect: true,
    keyPrefix: options.keyPrefix,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    connectionName,
    retryStrategy: redisRetryDelay,
    enableReadyCheck: true,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
  });
  const outage = createOutage(options.log, 'redis', { connection: connectionName });
  redis.on('error', (error: Error) => {
    outage.down(error);
    options.onError?.(error);
  });
  redis.on('ready', () => outage.up());
  return redis;
}

/**
 * Whether writes must reach a replica before they count as safe: on Sentinel, replication is
 * asynchronous, and writes the old primary acknowledged after the replica's promotion are lost
 * when it is demoted. WAIT 1 closes that window for callers that record a write elsewhere.
 */
export function awaitsReplica(redis: RedisClient): boolean {
  return !(redis instanceof Cluster) && Array.isArray(redis.options.sentinels) && redis.options.sentinels.length > 0;
}

/** Resolves once a replica has every write this connection made; throws when none confirms in time. */
export async function awaitReplica(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (!awaitsReplica(redis)) return;
  const acked = await (redis as Redis).wait(1, timeoutMs);
  if (acked < 1) throw new AppError('SERVICE_UNAVAILABLE', `No Redis replica confirmed the write within ${timeoutMs} ms.`, { hint: 'A Sentinel failover may be under way; check the replicas.' });
}
