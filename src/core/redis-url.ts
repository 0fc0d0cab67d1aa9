// REDIS_URL, parsed once for every Redis user (queues, workers, rate limits, heartbeats, status).
// Three forms:
//   redis[s]://[[user]:password@]host:port[/db]                          one node (ioredis parses it)
//   redis+sentinel://[[user]:password@]host:26379[,host:26379…]/master[/db][?sentinelPassword=…]
//   redis+cluster://[[user]:password@]host:7000[,host:7001…]             seed nodes of a Cluster
// The WHATWG URL parser refuses a host list, hence this small parser of our own. No library
// covers these schemes (ioredis itself only takes option objects for Sentinel and Cluster).
import { AppError } from './errors.ts';
import type { Config } from './config.ts';

export interface RedisNode {
  host: string;
  port: number;
}

export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string; db: number; username?: string; password?: string; sentinelPassword?: string }
  | { kind: 'cluster'; nodes: RedisNode[]; username?: string; password?: string };

export const REDIS_URL_FORMS = [
  'redis://[:password@]host:6379[/db]',
  'redis+sentinel://[:password@]host1:26379,host2:26379/mastername[/db]',
  'redis+cluster://[:password@]host1:7000,host2:7001,host3:7002',
];

const SHAPE = /^([a-z+]+):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?$/i;

function invalid(key: string, why: string): AppError {
  return new AppError('CONFIG_INVALID', `Config key "${key}" ${why}.`, {
    hint: `Use one of: ${REDIS_URL_FORMS.join(' | ')}.`,
    details: { key, why },
  });
}

function parseNodes(key: string, list: string, defaultPort: number): RedisNode[] {
  return list.split(',').map((entry) => {
    const match = /^(\[[0-9a-f:.]+\]|[^:\s]+)(?::(\d+))?$/i.exec(entry.trim());
    if (!match) throw invalid(key, `has an invalid host "${entry}" (expected host:port)`);
    const port = match[2] === undefined ? defaultPort : Number(match[2]);
    if (port < 1 || port > 65535) throw invalid(key, `has an invalid port in "${entry}"`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

function parseCredentials(auth: string | undefined): { username?: string; password?: string } {
  if (auth === undefined || auth === '') return {};
  const colon = auth.indexOf(':');
  const user = colon < 0 ? auth : auth.slice(0, colon);
  const pass = colon < 0 ? '' : auth.slice(colon + 1);
  return { username: user ? decodeURIComponent(user) : undefined, password: pass ? decodeURIComponent(pass) : undefined };
}

function parseDb(key: string, raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 15) throw invalid(key, `has an invalid database number "${raw}" (0-15)`);
  return Number(raw);
}

/** Parses a REDIS_URL; throws CONFIG_INVALID naming `key` and the forms accepted. */
export function parseRedisUrl(raw: string, key = 'REDIS_URL'): RedisTarget {
  const match = SHAPE.exec(raw.trim());
  if (!match) throw invalid(key, 'is not a Redis URL');
  const [, scheme, auth, hosts, path = '', query = ''] = match;
  const protocol = scheme.toLowerCase();
  if (protocol === 'redis' || protocol === 'rediss') {
    if (hosts.includes(',')) throw invalid(key, `lists several hosts; use redis+sentinel:// or redis+cluster:// for those`);
    try {
      new URL(raw);
    } catch {
      throw invalid(key, 'is not a valid URL');
    }
    return { kind: 'single', url: raw };
  }
  const credentials = parseCredentials(auth);
  const params = new URLSearchParams(query);
  if (protocol === 'redis+sentinel') {
    const segments = path.split('/').filter(Boolean);
    if (segments.length === 0) throw invalid(key, 'names no master (redis+sentinel://host:26379/mastername)');
    if (segments.length > 2) throw invalid(key, `has an unexpected path "${path}" (expected /mastername[/db])`);
    const sentinelPassword = params.get('sentinelPassword') ?? undefined;
    return {
      kind: 'sentinel',
      sentinels: parseNodes(key, hosts, 26379),
      name: decodeURIComponent(segments[0]),
      db: parseDb(key, segments[1]),
      ...credentials,
      ...(sentinelPassword ? { sentinelPassword } : {}),
    };
  }
  if (protocol === 'redis+cluster') {
    if (path !== '' && path !== '/') throw invalid(key, `has a path "${path}", but a Redis Cluster has only database 0`);
    return { kind: 'cluster', nodes: parseNodes(key, hosts, 6379), ...credentials };
  }
  throw invalid(key, `has an unknown scheme "${scheme}://" (expected redis://, rediss://, redis+sentinel:// or redis+cluster://)`);
}

/** Whether `prefix` holds a Redis Cluster hash tag (a non-empty `{…}`), which decides its slot. */
export function hasHashTag(prefix: string): boolean {
  return /\{[^}]+\}/.test(prefix);
}

/**
 * The BullMQ queue prefix to use. On a Cluster every key of one queue must share a slot, so a
 * prefix without a hash tag is wrapped in one: "twenty" becomes "{twenty}". Elsewhere it is kept.
 */
export function queuePrefixFor(redisUrl: string, prefix: string): string {
  if (parseRedisUrl(redisUrl).kind !== 'cluster' || hasHashTag(prefix)) return prefix;
  return `{${prefix}}`;
}

/** The target for logs and errors: hosts only, never credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'single') {
    const url = new URL(target.url);
    return `${url.hostname}:${url.port || '6379'}`;
  }
  const nodes = target.kind === 'sentinel' ? target.sentinels : target.nodes;
  const list = nodes.map((n) => `${n.host}:${n.port}`).join(',');
  return target.kind === 'sentinel' ? `sentinel ${list} master ${target.name}` : `cluster ${list}`;
}

/** QUEUE_PREFIX as BullMQ, heartbeats and `twenty status` must use it (hash-tagged on a Cluster). */
export function queuePrefixOf(config: Config): string {
  // Values only (config.ts validates them and imports this module for that).
  const prefix = config.values.QUEUE_PREFIX ?? 'twenty';
  return config.values.REDIS_URL ? queuePrefixFor(config.values.REDIS_URL, prefix) : prefix;
}
