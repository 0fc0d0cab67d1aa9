// Worker liveness: every worker process writes a heartbeat into one Redis sorted set per queue
// prefix (member = worker id, score = Redis server time in ms, so clocks of other hosts do not
// matter). Health checks count the workers seen within a grace period. A killed worker simply
// stops beating; a stopped one removes itself at once.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export function heartbeatKey(prefix: string): string {
  return `${prefix}:workers:heartbeat`;
}

// ZADD with the server's clock; members silent for an hour are dropped on the way.
const BEAT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
return now
`;

// Members seen within ARGV[1] ms, with their age, and the age of the freshest one at all.
const READ = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf', 'WITHSCORES')
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local out = { now, newest[2] or -1 }
for i = 1, #live, 2 do table.insert(out, live[i]); table.insert(out, live[i + 1]) end
return out
`;

export interface Heartbeat {
  id: string;
  stop(): Promise<void>;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Beats now and every `everyMs`; a failed beat (Redis down) is retried on the next tick. */
export function startHeartbeat(redis: Redis, prefix: string, everyMs: number, log: Logger, id = newWorkerId()): Heartbeat {
  const key = heartbeatKey(prefix);
  const beat = () => redis.eval(BEAT, 1, key, id).catch(() => {});
  void beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  log.info({ workerId: id, everyMs }, 'worker heartbeat started');
  return {
    id,
    async stop() {
      clearInterval(timer);
      await redis.zrem(key, id).catch(() => {});
    },
  };
}

export interface LiveWorkers {
  /** Workers that beat within the grace period, with the age of their last beat. */
  live: { id: string; lastSeenAgeMs: number }[];
  /** Age of the most recent beat of any worker; null when none was ever recorded (or pruned). */
  lastSeenAgeMs: number | null;
}

export async function liveWorkers(redis: Redis, prefix: string, graceMs: number): Promise<LiveWorkers> {
  const out = (await redis.eval(READ, 1, heartbeatKey(prefix), graceMs)) as (string | number)[];
  const now = Number(out[0]);
  const newest = Number(out[1]);
  const live: LiveWorkers['live'] = [];
  for (let i = 2; i < out.length; i += 2) live.push({ id: String(out[i]), lastSeenAgeMs: Math.max(0, now - Number(out[i + 1])) });
  return { live, lastSeenAgeMs: newest < 0 ? null : Math.max(0, now - newest) };
}
