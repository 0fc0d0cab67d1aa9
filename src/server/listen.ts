// Starts the HTTP server from config and stops it gracefully: on SIGTERM the server stops
// accepting connections, finishes in-flight requests (up to the grace period), then closes
// the pools.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { intValue, listValue, requireValue, type Config } from '../core/config.ts';
import { rateLimitRules } from '../auth/rate-limit.ts';
import { parseCorsOrigins } from '../auth/cors.ts';
import { createDb } from '../core/db.ts';
import { createLogger } from '../core/log.ts';
import { assertMigrated } from '../core/migrate.ts';
import { createApp } from './app.ts';
import { startAuthCache } from './auth-cache.ts';
import { queueHealth } from '../jobs/queue-health.ts';
import { localFilesRoute } from '../core/storage/open-storage.ts';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(requireValue(config, 'LOG_LEVEL'), { service: 'server' });
  const db = createDb(requireValue(config, 'PG_DATABASE_URL'), { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), applicationName: 'twenty-server', statementTimeoutMs: 30_000 });
  await assertMigrated(db);
  const redis = new Redis(requireValue(config, 'REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  await redis.connect().catch(() => {});
  const maxRecords = intValue(config, 'QUERY_MAX_RECORDS');
  const prefix = requireValue(config, 'QUEUE_PREFIX');
  const authCache = await startAuthCache(requireValue(config, 'PG_DATABASE_URL'), log);
  const app = createApp({
    db,
    redis,
    workerHealth: async () => ({ queues: await queueHealth(redis, prefix) }),
    queueDepth: () => queueHealth(redis, prefix),
    rateLimits: rateLimitRules({
      shortTtlMs: intValue(config, 'API_RATE_LIMITING_SHORT_TTL_IN_MS'),
      shortLimit: intValue(config, 'API_RATE_LIMITING_SHORT_LIMIT'),
      longTtlMs: intValue(config, 'API_RATE_LIMITING_LONG_TTL_IN_MS'),
      graphqlLimit: intValue(config, 'API_RATE_LIMITING_LONG_LIMIT'),
      restLimit: intValue(config, 'API_RATE_LIMITING_REST_LIMIT'),
      metadataLimit: intValue(config, 'API_RATE_LIMITING_METADATA_LIMIT'),
      loginLimit: intValue(config, 'API_RATE_LIMITING_LOGIN_LIMIT'),
    }),
    rateLimitPrefix: `${prefix}:rate`,
    authCache,
    corsOrigins: parseCorsOrigins(listValue(config, 'CORS_ALLOWED_ORIGINS').join(',')),
    log,
    appSecret: requireValue(config, 'APP_SECRET'),
    serverUrl: requireValue(config, 'SERVER_URL'),
    files: localFilesRoute(config),
    limits: {
      maxRecords,
      defaultLimit: intValue(config, 'QUERY_DEFAULT_LIMIT_RECORDS'),
      maxRecordsFromRelation: intValue(config, 'QUERY_MAX_RECORDS_FROM_RELATION'),
      maxAffected: intValue(config, 'MUTATION_MAXIMUM_AFFECTED_RECORDS'),
      maxDepth: intValue(config, 'GRAPHQL_MAX_DEPTH'),
      maxRootFields: intValue(config, 'GRAPHQL_MAX_ROOT_RESOLVERS'),
      maxFields: intValue(config, 'GRAPHQL_MAX_FIELDS'),
      bodyLimitBytes: intValue(config, 'HTTP_BODY_LIMIT_BYTES'),
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(intValue(config, 'NODE_PORT'), requireValue(config, 'NODE_HOST'), () => resolve(s));
    s.on('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const graceMs = intValue(config, 'SHUTDOWN_TIMEOUT_MS');
  log.info({ port }, 'server listening');
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= (async () => {
        log.info('server shutting down');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { server.closeAllConnections(); resolve(); }, graceMs);
          server.close(() => { clearTimeout(timer); resolve(); });
          server.closeIdleConnections();
        });
        redis.disconnect();
        await authCache.close();
        await db.end();
      })();
      return closing;
    },
  };
}
