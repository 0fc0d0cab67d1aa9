// Request rate limits kept in Redis, exact across server instances: a fixed window per
// (rule, key), checked and consumed by ONE Lua script, so concurrent requests on any number of
// instances can never accept more than `limit` units per window. A request that does not fit
// consumes nothing. Every answer carries RateLimit-Limit/Remaining/Reset (IETF draft headers);
// a refusal is 429 RATE_LIMITED with Retry-After.
// If Redis does not answer, the limits are counted in this process's memory instead
// (rate-limit-memory.ts: approximate, per instance; an outage of the limiter must not take the
// API down nor turn the limits off), with one warning per outage; unless the rule set asks to
// fail closed (login, where the limit is the brute-force defence): then 503.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { RequestAuth } from './authenticate.ts';
import { createOutage } from '../core/outage.ts';
import { createMemoryRateLimiter } from './rate-limit-memory.ts';

export interface RateLimitRule {
  /** Part of the Redis key, e.g. "graphql" or "login". */
  name: string;
  /** Units per window; a request costs 1 unless `cost` says otherwise. */
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  redis: Redis;
  /** Prefix of every key, e.g. "twenty"; keys are `<prefix>:ratelimit:<rule>:<key>`. */
  prefix: string;
  /** Every rule must admit the request; the headers describe the tightest one. */
  rules: RateLimitRule[];
  /** Who is counted; undefined skips limiting. May authenticate (and throw 401). */
  keyOf: (req: Request, res: Response) => string | undefined | Promise<string | undefined>;
  /** Units this request uses (GraphQL: root fields); 0 skips limiting. */
  cost?: (req: Request) => number;
  log?: Pick<Logger, 'warn' | 'info'>;
  /** Refuse with 503 instead of admitting when Redis does not answer. */
  failClosed?: boolean;
  /** How long to wait for Redis before failing open/closed. */
  timeoutMs?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  windowMs: number;
  remaining: number;
  resetMs: number;
}

// All rules of one request in ONE script, so the check is atomic across rules (a refusal by
// any rule consumes nothing from the others) and costs one round trip.
// KEYS: one counter per rule. ARGV: cost, then limit and windowMs per rule.
// Returns, per rule: allowed (1/0), used after the request, pttl.
const SCRIPT = `
local cost = tonumber(ARGV[1])
local used, ttl, ok = {}, {}, true
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  local u = tonumber(redis.call('GET', key) or '0')
  local t = redis.call('PTTL', key)
  if t < 0 then u = 0; t = window end
  used[i] = u; ttl[i] = t
  if u + cost > limit then ok = false end
end
local out = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  if ok then
    if used[i] == 0 then redis.call('SET', key, cost, 'PX', window) else redis.call('INCRBY', key, cost) end
    used[i] = used[i] + cost
  end
  local allowed = 1
  if used[i] + (ok and 0 or cost) > limit then allowed = 0 end
  table.insert(out, allowed); table.insert(out, used[i]); table.insert(out, ttl[i])
end
return out
`;
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

async function runScript(redis: Redis, keys: string[], args: number[]): Promise<number[]> {
  try {
    return (await redis.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args)) as number[];
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
    return (await redis.eval(SCRIPT, keys.length, ...keys, ...args)) as number[];
  }
}

/** Checks every rule for one caller and consumes `cost` units from each only when all fit. */
export async function consumeRateLimits(redis: Redis, keys: string[], rules: RateLimitRule[], cost = 1): Promise<RateLimitDecision[]> {
  const out = await runScript(redis, keys, [cost, ...rules.flatMap((r) => [r.limit, r.windowMs])]);
  return rules.map((rule, i) => {
    const [allowed, used, ttl] = out.slice(i * 3, i * 3 + 3);
    return { allowed: allowed === 1, limit: rule.limit, windowMs: rule.windowMs, remaining: Math.max(rule.limit - used, 0), resetMs: ttl };
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function setHeaders(res: Response, d: RateLimitDecision): void {
  res.setHeader('RateLimit-Limit', String(d.limit));
  res.setHeader('RateLimit-Remaining', String(d.remaining));
  res.setHeader('RateLimit-Reset', String(Math.ceil(d.resetMs / 1000)));
}

/** The decision to report: a refusal first, else the rule with the fewest units left. */
function tightest(decisions: RateLimitDecision[]): RateLimitDecision {
  return decisions.find((d) => !d.allowed) ?? decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}

export function rateLimit(options: RateLimitOptions): RequestHandler {
  const { redis, prefix, rules, timeoutMs = 1000 } = options;
  const memory = createMemoryRateLimiter();
  const outage = createOutage(options.log, 'redis', {
    rateLimits: rules.map((r) => r.name),
    effect: options.failClosed ? 'refusing with 503' : 'limits counted per instance in memory (approximate)',
  });
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const key = await options.keyOf(req, res);
      const cost = options.cost ? options.cost(req) : 1;
      if (key === undefined || cost <= 0 || rules.length === 0) return next();
      const keys = rules.map((rule) => `${prefix}:ratelimit:${rule.name}:${key}`);
      let decisions: RateLimitDecision[];
      try {
        decisions = await withTimeout(consumeRateLimits(redis, keys, rules, cost), timeoutMs);
        outage.up();
      } catch (error) {
        outage.down(error);
        if (options.failClosed) return next(new AppError('SERVICE_UNAVAILABLE', 'The rate limiter is unavailable; try again shortly.'));
        decisions = memory.consume(keys, rules, cost);
      }
      const shown = tightest(decisions);
      setHeaders(res, shown);
      if (shown.allowed) return next();
      const seconds = Math.max(Math.ceil(shown.resetMs / 1000), 1);
      res.setHeader('Retry-After', String(seconds));
      next(new AppError('RATE_LIMITED', `Too many requests: the limit is ${shown.limit} per ${shown.windowMs / 1000} s. Retry in ${seconds} s.`, {
        details: { limit: shown.limit, retryAfterSeconds: seconds },
      }));
    } catch (error) {
      next(error);
    }
  };
}

/** The counted identity of an authenticated request: its API key or its user, within its workspace. */
export function actorRateKey(auth: RequestAuth): string {
  return auth.kind === 'apiKey' ? `ws:${auth.workspaceId}:key:${auth.apiKeyId}` : `ws:${auth.workspaceId}:user:${auth.userId}`;
}

/** The counted identity of an anonymous request: the peer address (no proxy headers are trusted). */
export function ipRateKey(req: Request): string {
  return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/** The numbers behind the rules; config keys API_RATE_LIMITING_* (see the auth README). */
export interface RateLimitSettings {
  /** Twenty's burst window and limit (API_RATE_LIMITING_SHORT_TTL_IN_MS / _SHORT_LIMIT), per class. */
  shortTtlMs: number;
  shortLimit: number;
  /** Twenty's API_RATE_LIMITING_LONG_TTL_IN_MS: the window of the per-class limits below. */
  longTtlMs: number;
  graphqlLimit: number;
  restLimit: number;
  metadataLimit: number;
  /** Login attempts per IP per long window. */
  loginLimit: number;
}

export const DEFAULT_RATE_LIMIT_SETTINGS: RateLimitSettings = {
  shortTtlMs: 1000,
  shortLimit: 100,
  longTtlMs: 60_000,
  graphqlLimit: 100,
  restLimit: 200,
  metadataLimit: 50,
  loginLimit: 20,
};

export type EndpointClass = 'graphql' | 'rest' | 'metadata' | 'login';

/** The rules of each endpoint class: its per-window limit, plus Twenty's short burst limit for the APIs. */
export function rateLimitRules(settings: RateLimitSettings): Record<EndpointClass, RateLimitRule[]> {
  const rules = (name: EndpointClass, limit: number): RateLimitRule[] => [
    { name, limit, windowMs: settings.longTtlMs },
    ...(name === 'login' ? [] : [{ name: `${name}:short`, limit: settings.shortLimit, windowMs: settings.shortTtlMs }]),
  ];
  return {
    graphql: rules('graphql', settings.graphqlLimit),
    rest: rules('rest', settings.restLimit),
    metadata: rules('metadata', settings.metadataLimit),
    login: rules('login', settings.loginLimit),
  };
}
