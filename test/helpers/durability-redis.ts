// A private Redis (the managed one: AOF on, noeviction) on a free port, for tests that stop and
// restart it without disturbing anyone else's queues. Stopped and removed after the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { freePort } from '../../src/core/provision/free-port.ts';
import { startManagedRedis, stopManagedRedis } from '../../src/core/provision/managed-redis.ts';

export interface PrivateRedis {
  url: string;
  dataDir: string;
  /** SIGTERM, which Redis treats as SHUTDOWN: the AOF is fsynced first. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (the AOF is replayed). */
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twenty-redis-'));
  const port = await freePort();
  const start = () => startManagedRedis({ dataDir, port });
  const stop = () => stopManagedRedis(dataDir);
  // One hook, in this order: the pidfile that stop() needs lives in the directory.
  after(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await start();
  return { url: `redis://127.0.0.1:${port}`, dataDir, stop, start };
}
