// The Express app: middleware order and mounting only. Every request gets an id, a JSON
// access log line and, on /graphql, /rest and /metadata, an authenticated workspace context.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { RedisClient } from '../core/redis.ts';
import type { Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { AppError } from '../core/errors.ts';
import { authenticateRequest, type RequestAuth } from '../auth/authenticate.ts';
import type { Permissions } from '../auth/permissions.ts';
import type { WorkspaceModel } from '../metadata/model.ts';
import { createModelCache, type ModelCache } from './model-cache.ts';
import type { AuthCache } from './auth-cache.ts';
import { healthRouter } from './health.ts';
import { createRestRouter } from '../api/rest/router.ts';
import { graphqlHandler } from './graphql-route.ts';
import { errorHandler } from './errors.ts';
import { jsonBody } from './json-body.ts';
import { renderGraphqlError, renderRestError } from '../api/error-response.ts';
import { createMetrics, type MetricsSources } from './metrics.ts';
import { createMetadataApi } from '../api/metadata/metadata-api.ts';
import { observeQueries, onPrimary } from '../core/db.ts';
import type { Replicas } from '../core/replicas.ts';
import { noteCaller, readRouting } from './read-routing.ts';
import { actorRateKey, ipRateKey, rateLimit, type EndpointClass, type RateLimitRule } from '../auth/rate-limit.ts';
import { graphqlRequestCost } from '../auth/graphql-cost.ts';
import { cors } from '../auth/cors.ts';
import { LOGIN_MUTATIONS } from '../api/metadata/auth/resolvers.ts';
import type { WorkspaceLimits } from '../api/graphql/prepare-operation.ts';
import { filesRouter, type FilesRouterDeps } from '../api/files/files-router.ts';
import { storedBytesByWorkspace } from '../core/storage/file-records.ts';

export interface AppLimits extends WorkspaceLimits {
  defaultLimit: number;
  bodyLimitBytes: number;
}

export interface AppDeps {
  db: Db;
  redis: RedisClient;
  log: Logger;
  appSecret: string;
  limits: AppLimits;
  models?: ModelCache;
  workerHealth?: () => Promise<Record<string, unknown>>;
  queueDepth?: MetricsSources['queueDepth'];
  liveness?: MetricsSources['liveness'];
  /** Per endpoint class; counted in Redis so the limits hold across instances. */
  rateLimits: Record<EndpointClass, RateLimitRule[]>;
  rateLimitPrefix: string;
  corsOrigins: string[];
  /** Authentication results kept until Postgres says they changed (absent: every request). */
  authCache?: AuthCache;
  /** Read replicas for read-only requests (absent: everything on the primary). */
  replicas?: Replicas;
  /** File storage: the /metadata file mutations, and for `local` the signed `/files/…` routes. */
  files?: FilesRouterDeps;
}

export interface WorkspaceContext {
  auth: RequestAuth;
  model: WorkspaceModel;
  permissions: Permissions;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const models = deps.models ?? createModelCache();
  const metrics = createMetrics({ queueDepth: deps.queueDepth, liveness: deps.liveness, caches: { workspaceModel: () => models.stats() }, replicas: deps.replicas && (() => (deps.replicas as Replicas).stats()), storedBytes: () => storedBytesByWorkspace(deps.db) });
  observeQueries(metrics.observeSql);
  app.disable('x-powered-by');
  // API responses are not cacheable; hashing every body for an ETag cost CPU on each request.
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(metrics.middleware);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.log.info({
        requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        workspaceId: (res.locals.workspace as WorkspaceContext | undefined)?.auth.workspaceId,
      }, 'request');
    });
    next();
  });

  app.use(healthRouter({ db: deps.db, redis: deps.redis, workerHealth: deps.workerHealth }));
  app.get('/metrics', metrics.handler);
  app.use(cors({ origins: deps.corsOrigins }));
  if (deps.replicas) app.use(['/graphql', '/rest', '/metadata'], readRouting(deps.db, deps.replicas));

  /** Authenticates once per request and loads the workspace model for its metadata version. */
  async function workspaceContext(req: Request, res: Response): Promise<WorkspaceContext> {
    const cached = res.locals.workspace as WorkspaceContext | undefined;
    if (cached) return cached;
    const header = req.get('authorization');
    // On the primary even in a read-only request: a revoked key or a new field is never missed
    // because a replica lags.
    const ctx = await onPrimary(async () => {
      let auth = header ? deps.authCache?.get(header) : undefined;
      if (!auth) {
        auth = await authenticateRequest(deps.db, deps.appSecret, header);
        if (header) deps.authCache?.set(header, auth);
      }
      const model = await models.get(deps.db, auth.workspaceId, auth.metadataVersion);
      // Read with the authentication: a role change applies to the very next request.
      return { auth, model, permissions: auth.permissions };
    });
    res.locals.workspace = ctx;
    await noteCaller(actorRateKey(ctx.auth), req, res);
    return ctx;
  }

  // Rate limits are keyed by the authenticated caller (workspace + key or user), so they run
  // after authentication; aliases and batched operations each count on /graphql.
  const limit = (rules: RateLimitRule[], cost?: (req: Request) => number) =>
    rateLimit({ redis: deps.redis, prefix: deps.rateLimitPrefix, rules, cost, log: deps.log, keyOf: async (req, res) => actorRateKey((await workspaceContext(req, res)).auth) });
  const onlyWithToken = (handler: express.RequestHandler): express.RequestHandler => (req, res, next) => (req.get('authorization') ? handler(req, res, next) : next());
  const isPublic = (req: Request) => req.path.startsWith('/open-api');

  // Each mount parses its own body and renders its own errors: GraphQL mounts answer in GraphQL's
  // shape (unknown sub-paths included), the others in REST's.
  const json = jsonBody(deps.limits.bodyLimitBytes);
  const notFound: express.RequestHandler = (req, _res, next) => next(new AppError('NOT_FOUND', `Cannot ${req.method} ${req.originalUrl.split('?')[0]}.`));
  const graphqlErrors = errorHandler(deps.log, renderGraphqlError);
  const restErrors = errorHandler(deps.log, renderRestError);
  // The local driver's signed upload/download routes; the body is the file, streamed untouched.
  if (deps.files?.storage.type === 'local') app.use('/files', filesRouter(deps.files), notFound, restErrors);

  app.use('/graphql', json, limit(deps.rateLimits.graphql, (req) => graphqlRequestCost(req.method === 'GET' ? req.query : req.body)), graphqlHandler({ ...deps, workspaceContext }), notFound, graphqlErrors);
  const metadataApi = createMetadataApi({ db: deps.db, workspaceContext, log: deps.log, appSecret: deps.appSecret, files: deps.files });
  app.use(
    '/metadata',
    json,
    // Login is limited per IP and fails closed: the limit is the brute-force defence.
    rateLimit({ redis: deps.redis, prefix: deps.rateLimitPrefix, rules: deps.rateLimits.login, keyOf: ipRateKey, cost: (req) => graphqlRequestCost(req.body, LOGIN_MUTATIONS), failClosed: true, log: deps.log }),
    onlyWithToken(limit(deps.rateLimits.metadata)),
    metadataApi.graphql,
    notFound,
    graphqlErrors,
  );
  app.use('/rest/metadata', json, limit(deps.rateLimits.metadata), metadataApi.rest, restErrors);
  const restLimit = limit(deps.rateLimits.rest);
  app.use(
    '/rest',
    json,
    (req: Request, res: Response, next: NextFunction) => (isPublic(req) ? next() : restLimit(req, res, next)),
    createRestRouter({
      resolveContext: async (req) => {
        const res = req.res as Response;
        const { auth, model, permissions } = await workspaceContext(req, res);
        return { db: deps.db, model, actor: auth.actor, permissions };
      },
      limits: { defaultLimit: deps.limits.defaultLimit, maxLimit: deps.limits.maxRecords, maxRecordsFromRelation: deps.limits.maxRecordsFromRelation, maxAffected: deps.limits.maxAffected },
    }),
    restErrors,
  );

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `Cannot ${req.method} ${req.path}.`));
  });
  app.use(restErrors);
  return app;
}
