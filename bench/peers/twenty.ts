// Peer 1: `twenty serve` as shipped — API-key auth, permissions, request logging at info (to a
// file), schema and document caches — with only its rate limits raised out of the way.
import { join } from 'node:path';
import { CONFIG_KEYS, type KeySpec } from '../../src/core/config.ts';
import { TWENTY_BIN, twentyEnv } from '../setup.ts';
import { startPeerProcess, type RunningPeer } from './process.ts';

export interface PeerOptions {
  pgUrl: string;
  poolSize: number;
  logDir: string;
  /** Suffix for the log file name (the counting instance logs apart). */
  tag: string;
}

/**
 * Every rate-limit ceiling twenty knows (`*RATE_LIMIT*LIMIT` integer keys) set to its maximum
 * so no request is throttled; windows (TTL keys) stay as configured.
 */
export function rateLimitOverrides(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [string, KeySpec][]) {
    if (/RATE_LIMIT/.test(key) && /LIMIT$/.test(key) && spec.kind.type === 'int') out[key] = String(spec.kind.max);
  }
  return out;
}

export function startTwenty(home: string, options: PeerOptions): Promise<RunningPeer> {
  const env = twentyEnv(home, {
    ...rateLimitOverrides(),
    PG_DATABASE_URL: options.pgUrl,
    PG_POOL_MAX_CONNECTIONS: String(options.poolSize),
    LOG_LEVEL: 'info',
  });
  return startPeerProcess({
    name: 'twenty',
    command: TWENTY_BIN,
    args: ['serve', '--port', '0'],
    env,
    logFile: join(options.logDir, `twenty-${options.tag}.log`),
    readyStream: 'stderr',
    ready: /listening on (http:\/\/\S+)/,
    probe: async (url) => (await fetch(`${url}/healthz`)).ok,
  });
}
