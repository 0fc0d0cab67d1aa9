// A test server wired the way src/server/app.ts is meant to wire auth (see the auth report):
// CORS → body parser → per-class rate limits → authenticate + loadPermissions → /graphql,
// /rest and /metadata (auth part) → error renderer. Used by the security tests over HTTP on
// port 0 until the real server is wired; then they can point at `serve()` unchanged.
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import express, { type NextFunction, type Request, type Response } from 'express';
import { graphql } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Db } from '../../src/core/db.ts';
import { AppError, isAppError } from '../../src/core/errors.ts';
import { authenticateRequest, type RequestAuth } from '../../src/auth/authenticate.ts';
import { loadPermissions, type Permissions } from '../../src/auth/permissions.ts';
import { actorRateKey, ipRateKey, rateLimit, type RateLimitRule } from '../../src/auth/rate-limit.ts';
import { graphqlRequestCost } from '../../src/auth/graphql-cost.ts';
import { cors } from '../../src/auth/cors.ts';
import { LOGIN_MUTATIONS, metadataAuthApi } from '../../src/auth/metadata-auth-api.ts';
import { executeWorkspaceOperation } from '../../src/api/graphql/execute.ts';
import { createRestRouter } from '../../src/api/rest/router.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { sendError } from '../../src/server/errors.ts';
import { APP_SECRET } from './secured-workspace.ts';

export interface SecuredAppOptions {
  db: Db;
  redis: Redis;
  prefix: string;
  rules?: Partial<Record<'graphql' | 'rest' | 'metadata' | 'login', RateLimitRule>>;
  corsOrigins?: string[];
  bodyLimitBytes?: number;
}

interface Ctx {
  auth: RequestAuth;
  model: WorkspaceModel;
  permissions: Permissions;
}

const LIMITS = { maxRecords: 60, maxRecordsFromRelation: 60, maxAffected: 100, maxDepth: 8, maxRootFields: 20 };
const BIG = { limit: 1_000_000, windowMs: 60_000 };

export async function startSecuredApp(options: SecuredAppOptions): Promise<string> {
  const { db } = options;
  const log = pino({ level: 'silent' });
  const rule = (name: 'graphql' | 'rest' | 'metadata' | 'login') => [options.rules?.[name] ?? { name, ...BIG }];
  const app = express();
  app.set('query parser', 'simple');
  app.use(cors({ origins: options.corsOrigins ?? [] }));
  app.use(express.json({ limit: options.bodyLimitBytes ?? 100_000 }));

  async function context(req: Request, res: Response): Promise<Ctx> {
    if (res.locals.ctx) return res.locals.ctx as Ctx;
    const auth = await authenticateRequest(db, APP_SECRET, req.get('authorization'));
    const [model, permissions] = await Promise.all([loadWorkspaceModel(db, auth.workspaceId), loadPermissions(db, auth)]);
    res.locals.ctx = { auth, model, permissions };
    return res.locals.ctx as Ctx;
  }
  const limit = (name: 'graphql' | 'rest' | 'metadata', cost?: (req: Request) => number) =>
    rateLimit({ redis: options.redis, prefix: options.prefix, rules: rule(name), cost, log, keyOf: async (req, res) => actorRateKey((await context(req, res)).auth) });
  const gqlCost = (req: Request) => graphqlRequestCost(req.body);

  app.post('/graphql', limit('graphql', gqlCost), async (req, res, next) => {
    try {
      const { auth, model, permissions } = await context(req, res);
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw new AppError('BAD_USER_INPUT', 'The request must be a JSON object with a "query" string.');
      const result = await executeWorkspaceOperation({ db, model, actor: auth.actor, permissions, limits: LIMITS }, req.body);
      res.json(result);
    } catch (error) {
      next(error);
    }
  });

  app.use('/rest', limit('rest'), createRestRouter({
    resolveContext: async (req) => {
      const { auth, model, permissions } = await context(req, req.res as Response);
      return { db, model, actor: auth.actor, permissions };
    },
    limits: { defaultLimit: 60, maxLimit: 200, maxRecordsFromRelation: 60, maxAffected: 100 },
  }));

  const schema = makeExecutableSchema(metadataAuthApi as Parameters<typeof makeExecutableSchema>[0]);
  const loginCost = (req: Request) => graphqlRequestCost(req.body, LOGIN_MUTATIONS);
  app.post(
    '/metadata',
    rateLimit({ redis: options.redis, prefix: options.prefix, rules: rule('login'), cost: loginCost, keyOf: (req) => ipRateKey(req), failClosed: true, log }),
    rateLimit({ redis: options.redis, prefix: options.prefix, rules: rule('metadata'), log, keyOf: async (req, res) => (req.get('authorization') ? actorRateKey((await context(req, res)).auth) : undefined) }),
    async (req, res, next) => {
      try {
        const ctx = req.get('authorization') ? await context(req, res) : undefined;
        const body = req.body as { query?: string; variables?: Record<string, unknown> };
        const result = await graphql({
          schema,
          source: String(body.query ?? ''),
          variableValues: body.variables,
          contextValue: { db, appSecret: APP_SECRET, auth: ctx?.auth, permissions: ctx?.permissions, ip: req.ip ?? '' },
        });
        const errors = result.errors?.map((e) => {
          const original = isAppError(e.originalError) ? e.originalError : undefined;
          const code = original?.spec.graphql ?? (e.extensions.code as string | undefined) ?? (e.originalError ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_VALIDATION_FAILED');
          const message = code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : e.message;
          return { message, path: e.path, extensions: { code, ...(original?.details?.reason ? { subCode: original.details.reason } : {}) } };
        });
        if (errors?.some((e) => e.extensions.code === 'INTERNAL_SERVER_ERROR')) log.error({ errors: result.errors }, 'metadata internal error');
        res.json(errors ? { data: result.data ?? null, errors } : { data: result.data });
      } catch (error) {
        next(error);
      }
    },
  );
  app.use((req: Request, _res: Response, next: NextFunction) => next(new AppError('NOT_FOUND', `Cannot ${req.method} ${req.path}.`)));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendError(req, res, error, log));

  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function http(base: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export const gql = (base: string, token: string | undefined, query: string, variables?: Record<string, unknown>) => http(base, 'POST', '/graphql', { token, body: { query, variables } });
export const metadata = (base: string, token: string | undefined, query: string, variables?: Record<string, unknown>) => http(base, 'POST', '/metadata', { token, body: { query, variables } });
