// Wires config to the worker: connections, logger, and the BullMQ workers of src/worker/start.ts.
import { intValue, listValue, requireValue, type Config } from '../core/config.ts';
import { createDb } from '../core/db.ts';
import { createLogger } from '../core/log.ts';
import { assertMigrated } from '../core/migrate.ts';
import { createRedis } from '../core/redis.ts';
import { openStorage } from '../core/storage/open-storage.ts';
import { startWorker } from './start.ts';

export async function runWorker(config: Config): Promise<{ close(): Promise<void> }> {
  const log = createLogger(requireValue(config, 'LOG_LEVEL'), { service: 'worker' });
  const db = createDb(requireValue(config, 'PG_DATABASE_URL'), { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), applicationName: 'twenty-worker', log });
  await assertMigrated(db);
  const worker = await startWorker({
    db,
    redis: createRedis(requireValue(config, 'REDIS_URL'), { connectionName: 'twenty-worker', log }),
    concurrency: intValue(config, 'WORKER_CONCURRENCY'),
    log,
    shutdownTimeoutMs: intValue(config, 'SHUTDOWN_TIMEOUT_MS'),
    prefix: requireValue(config, 'QUEUE_PREFIX'),
    webhookTimeoutMs: intValue(config, 'WEBHOOK_TIMEOUT_MS'),
    webhookRetry: { baseDelayMs: intValue(config, 'WEBHOOK_RETRY_BASE_DELAY_MS') },
    lockDurationMs: intValue(config, 'WORKER_LOCK_DURATION_MS'),
    heartbeatEveryMs: Math.min(Math.floor(intValue(config, 'WORKER_HEARTBEAT_GRACE_MS') / 3), 10_000),
    allowedHosts: listValue(config, 'OUTBOUND_ALLOWED_HOSTS'),
    storage: openStorage(config),
  });
  return {
    close: async () => {
      await worker.close();
      await db.end();
    },
  };
}
