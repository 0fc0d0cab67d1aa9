// Which requests may read from a replica (PG_DATABASE_REPLICA_URL): GraphQL queries and REST
// GETs (records and metadata). Everything else (mutations, /metadata with its logins, REST
// writes) stays on the primary and pins its caller there until a replica has replayed it.
// Authentication and the workspace model are always read on the primary (app.ts), so a
// revoked key or a new field is never missed because of replica lag.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { getOperationAST, parse } from 'graphql';
import { currentReadRoute, withReadRoute, type Db } from '../core/db.ts';
import type { RedisClient } from '../core/redis.ts';
import type { Replicas, SharedPins } from '../core/replicas.ts';

export function isReadOnlyRequest(req: Request): boolean {
  const path = req.originalUrl.split('?')[0] ?? '';
  if (path === '/metadata' || path.startsWith('/metadata/')) return false;
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  if (req.method !== 'POST' || !(path === '/graphql' || path.startsWith('/graphql/'))) return false;
  const body = req.body as { query?: unknown; operationName?: unknown } | undefined;
  if (typeof body?.query !== 'string') return false;
  try {
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    return getOperationAST(parse(body.query), operationName)?.operation === 'query';
  } catch {
    return false; // the GraphQL route reports the syntax error
  }
}

export function readRouting(primary: Db, replicas: Replicas): RequestHandler {
  // Whether the request is read-only is decided once it is authenticated (noteCaller), when a
  // GraphQL body has been parsed by its route; until then everything reads on the primary.
  return (_req: Request, _res: Response, next: NextFunction) => withReadRoute({ primary, replicas, read: false }, next);
}

/** The caller of the current request is known: reads follow it; a write request pins it. */
export async function noteCaller(caller: string, req: Request, res: Response): Promise<void> {
  const route = currentReadRoute();
  if (!route) return;
  route.caller = caller;
  route.read = isReadOnlyRequest(req);
  if (route.read) {
    route.minLsn = await route.replicas.sharedLsn(caller);
    return;
  }
  const end = await route.replicas.beginWrite(caller);
  res.once('finish', end);
  res.once('close', end);
}

/**
 * Callers' last write positions in Redis, for read-your-writes across servers (enabled when
 * SERVER_INSTANCES > 1): one GET per read request and two SETs per write request.
 */
export function redisPins(redis: RedisClient, prefix: string): SharedPins {
  const key = (caller: string) => `${prefix}:rw:${caller}`;
  return {
    async set(caller, lsn, ttlMs) {
      await redis.set(key(caller), lsn.toString(), 'PX', ttlMs);
    },
    async get(caller) {
      const value = await redis.get(key(caller));
      return value === null ? undefined : BigInt(value);
    },
  };
}
