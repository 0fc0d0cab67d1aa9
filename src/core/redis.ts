// Redis connections. Lazy (nothing connects until first use), reconnecting forever with a
// capped backoff, and with an error listener so an outage is logged instead of crashing the
// process (an EventEmitter 'error' without a listener throws).
import { Redis } from 'ioredis';
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

// 50 ms, 100 ms, ... capped at 2 s: quick to come back after a restart, gentle during a long outage.
export function redisRetryDelay(times: number): number {
  return Math.min(times * 50, 2000);
}

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    keyPrefix: options.keyPrefix,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    connectionName: options.connectionName ?? 'twenty',
    retryStrategy: redisRetryDelay,
    enableReadyCheck: true,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
  });
  const outage = createOutage(options.log, 'redis', { connection: options.connectionName ?? 'twenty' });
  redis.on('error', (error: Error) => {
    outage.down(error);
    options.onError?.(error);
  });
  redis.on('ready', () => outage.up());
  return redis;
}
