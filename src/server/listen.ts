// Starts the HTTP server from config and stops it gracefully: on SIGTERM the server stops
// accepting connections, closes idle keep-alive connections, answers in-flight requests (with
// `Connection: close`), then closes the pools: as soon as that is done, at most after the
// grace period (graceful.ts).
import type { AddressInfo } from 'node:net';
import { boolValue, intValue, listValue, requireValue, type Config } from '../core/config.ts';
import { rateLimitRules } from '../auth/rate-limit.ts';
import { parseCorsOrigins } from '../auth/cors.ts';
import { createDb } from '../core/db.ts';
import { createReplicas } from '../core/replicas.ts';
import { createRedis } from '../core/redis.ts';
import { queuePrefixOf } from '../core/redis-url.ts';
import { createLogger } from '../core/log.ts';
import { assertMigrated } from '../core/migrate.ts';
import { createApp } from './app.ts';
import { startAuthCache } from './auth-cache.ts';
import { fileStorage } from '../core/storage/open-storage.ts';
import { queueHealth, workerLiveness } from '../jobs/queue-health.ts';
import { createGracefulServer } from './graceful.ts';
import { redisPins } from './read-routing.ts';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(requireValue(config, 'LOG_LEVEL'), { service: 'server' });
  const preparedStatements = boolValue(config, 'PG_PREPARED_STATEMENTS');
  const db = createDb(requireValue(config, 'PG_DATABASE_URL'), { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), applicationName: 'twenty-server', statementTimeoutMs: 30_000, log, preparedStatements });
  await assertMigrated(db);
  // Requests must not queue behind a Redis outage: commands fail at once while disconnected
  // (rate limits fall back to memory, health says down) and ioredis reconnects with backoff.
  const redis = createRedis(requireValue(config, 'REDIS_URL'), { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: 'twenty-server', log });
  await redis.connect().catch(() => {});
  const prefix = queuePrefixOf(config);
  const replicaUrls = listValue(config, 'PG_DATABASE_REPLICA_URL');
  // With several servers, a caller's write is recorded in Redis so every server routes its reads.
  const shared = intValue(config, 'SERVER_INSTANCES') > 1 ? redisPins(redis, prefix) : undefined;
  const replicas = replicaUrls.length > 0
    ? createReplicas(db, replicaUrls, { max: intValue(config, 'PG_POOL_MAX_CONNECTIONS'), maxLagMs: intValue(config, 'PG_REPLICA_MAX_LAG_MS'), applicationName: 'twenty-server-replica', statementTimeoutMs: 30_000, log, shared })
    : undefined;
  const maxRecords = intValue(config, 'QUERY_MAX_RECORDS');
  // LISTEN needs a session of its own: not through a transaction-mode pooler.
  const authCache = await startAuthCache(config.values.PG_DATABASE_DIRECT_URL ?? requireValue(config, 'PG_DATABASE_URL'), log);
  const livenessSettings = { heartbeatGraceMs: intValue(config, 'WORKER_HEARTBEAT_GRACE_MS'), outboxMaxAgeMs: intValue(config, 'OUTBOX_MAX_AGE_MS') };
  const liveness = () => workerLiveness(db, redis, prefix, livenessSettings);
  const app = createApp({
    db,
    redis,
    workerHealth: async () => ({ ...(await liveness()), queues: await queueHealth(redis, prefix) }),
    queueDepth: () => queueHealth(redis, prefix),
    liveness,
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
    replicas,
    corsOrigins: parseCorsOrigins(listValue(config, 'CORS_ALLOWED_ORIGINS').join(',')),
    log,
    appSecret: requireValue(config, 'APP_SECRET'),
    files: fileStorage(config),
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
  const graceful = createGracefulServer(app, log);
  const server = graceful.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(intValue(config, 'NODE_PORT'), requireValue(config, 'NODE_HOST'), () => resolve());
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
        const started = Date.now();
        log.info({ inFlight: graceful.inFlight(), graceMs }, 'server shutting down');
        const { forced, inFlight } = await graceful.stop(graceMs);
        log.info({ inFlight, forced, ms: Date.now() - started }, 'in-flight requests done');
        redis.disconnect();
        await authCache.close();
        await replicas?.close();
        await db.end();
      })();
      return closing;
    },
  };
}
