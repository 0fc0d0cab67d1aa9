// Wires config to the worker: connections, logger, and the BullMQ workers of src/worker/start.ts.
import { boolValue, intValue, listValue, requireValue, type Config } from '../core/config.ts';
import { createDb } from '../core/db.ts';
import { createLogger } from '../core/log.ts';
import { assertMigrated } from '../core/migrate.ts';
import { createRedis } from '../core/redis.ts';
import { queuePrefixOf } from '../core/redis-url.ts';
import { openStorage } from '../core/storage/open-storage.ts';
import { startWorker } from './start.ts';

export async function runWorker(config: Config): Promise<{ close(): Promise<void> }> {
  const log = createLogger(requireValue(config, 'LOG_LEVEL'), { service: 'worker' });
  const db = createDb(requireValue(config, 'PG_DATABASE_URL'), { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), applicationName: 'twenty-worker', log, preparedStatements: boolValue(config, 'PG_PREPARED_STATEMENTS') });
  // The dispatcher's LISTEN holds a session: on the direct connection when one is configured.
  const directUrl = config.values.PG_DATABASE_DIRECT_URL;
  const listenDb = directUrl ? createDb(directUrl, { max: 1, applicationName: 'twenty-worker-listen', log }) : undefined;
  await assertMigrated(db);
  const worker = await startWorker({
    db,
    listenDb,
    redis: createRedis(requireValue(config, 'REDIS_URL'), { connectionName: 'twenty-worker', log }),
    concurrency: intValue(config, 'WORKER_CONCURRENCY'),
    log,
    shutdownTimeoutMs: intValue(config, 'SHUTDOWN_TIMEOUT_MS'),
    prefix: queuePrefixOf(config),
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
      await listenDb?.end();
      await db.end();
    },
  };
}
