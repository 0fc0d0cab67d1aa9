// The real app (src/server/app.ts createApp) on port 0 with test limits, for the security
// tests: CORS → body parser → per-class rate limits → authentication with permissions →
// /graphql, /rest, /metadata → error renderer.
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Db } from '../../src/core/db.ts';
import type { EndpointClass, RateLimitRule } from '../../src/auth/rate-limit.ts';
import { createApp } from '../../src/server/app.ts';
import { APP_SECRET } from './secured-workspace.ts';

export interface SecuredAppOptions {
  db: Db;
  redis: Redis;
  prefix: string;
  rules?: Partial<Record<'graphql' | 'rest' | 'metadata' | 'login', RateLimitRule>>;
  corsOrigins?: string[];
  bodyLimitBytes?: number;
}

const LIMITS = { maxRecords: 60, maxRecordsFromRelation: 60, maxAffected: 100, maxDepth: 8, maxRootFields: 20 };
const BIG = { limit: 1_000_000, windowMs: 60_000 };

export async function startSecuredApp(options: SecuredAppOptions): Promise<string> {
  const rule = (name: EndpointClass) => [options.rules?.[name] ?? { name, ...BIG }];
  const app = createApp({
    db: options.db,
    redis: options.redis,
    log: pino({ level: 'silent' }),
    appSecret: APP_SECRET,
    limits: { ...LIMITS, defaultLimit: 60, bodyLimitBytes: options.bodyLimitBytes ?? 100_000 },
    rateLimits: { graphql: rule('graphql'), rest: rule('rest'), metadata: rule('metadata'), login: rule('login') },
    rateLimitPrefix: options.prefix,
    corsOrigins: options.corsOrigins ?? [],
  });
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
