// Health endpoints as Twenty has them: /healthz and /healthz/{database,redis,worker},
// terminus-style bodies; an unknown indicator is a 400.
import type { Request, Response, Router } from 'express';
import express from 'express';
import type { Db } from '../core/db.ts';
import { query } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import type { Redis } from 'ioredis';

export interface HealthDeps {
  db: Db;
  redis: Redis;
  /**
   * Live workers (heartbeats), the outbox backlog and queue depth; `status: 'down'` with
   * `problems` fails the check.
   */
  workerHealth?: () => Promise<Record<string, unknown>>;
}

type Check = () => Promise<Record<string, unknown>>;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

function checks(deps: HealthDeps): Record<string, Check> {
  return {
    database: async () => {
      await withTimeout(query(deps.db, sql`SELECT 1`), 2000);
      return { status: 'up' };
    },
    redis: async () => {
      await withTimeout(deps.redis.ping(), 2000);
      return { status: 'up' };
    },
    worker: async () => ({ status: 'up', ...(deps.workerHealth ? await withTimeout(deps.workerHealth(), 2000) : {}) }),
  };
}

async function runChecks(selected: Record<string, Check>) {
  const info: Record<string, unknown> = {};
  const error: Record<string, unknown> = {};
  await Promise.all(Object.entries(selected).map(async ([name, check]) => {
    try {
      const result = await check();
      if (result.status === 'down') error[name] = result;
      else info[name] = result;
    } catch (e) {
      error[name] = { status: 'down', message: e instanceof Error ? e.message.replace(/postgres(ql)?:\/\/\S+/g, '[url]') : 'down' };
    }
  }));
  const ok = Object.keys(error).length === 0;
  return { ok, body: { status: ok ? 'ok' : 'error', info, error, details: { ...info, ...error } } };
}

export function healthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  const all = checks(deps);
  router.get('/healthz', async (_req: Request, res: Response) => {
    const { ok, body } = await runChecks({ database: all.database, redis: all.redis });
    res.status(ok ? 200 : 503).json(body);
  });
  router.get('/healthz/:indicator', async (req: Request, res: Response) => {
    const name = String(req.params.indicator);
    const check = all[name];
    if (!check) {
      res.status(400).json({ statusCode: 400, error: 'BadRequestException', messages: [`Health indicator "${name}" does not exist; use one of: ${Object.keys(all).join(', ')}.`] });
      return;
    }
    const { ok, body } = await runChecks({ [name]: check });
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}
