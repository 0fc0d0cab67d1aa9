// The real app (createApp) on port 0 serving the local driver's signed /files routes, over a
// temporary storage folder; closed and removed when the test file ends.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createDb, type Db } from '../../src/core/db.ts';
import { createLocalDriver } from '../../src/core/storage/local-driver.ts';
import type { LocalUrlSigner } from '../../src/core/storage/local-url.ts';
import type { StorageDriver } from '../../src/core/storage/storage-driver.ts';
import { createApp } from '../../src/server/app.ts';
import { ADMIN_PG_URL, TEST_REDIS_URL } from './services.ts';

export interface FilesServer {
  root: string;
  signer: LocalUrlSigner;
  storage: StorageDriver;
  maxBytes: number;
}

export async function startFilesServer(maxBytes: number, db: Db = createDb(ADMIN_PG_URL, { max: 1 })): Promise<FilesServer> {
  const root = mkdtempSync(join(tmpdir(), 'twenty-files-http-'));
  const signer = { serverUrl: 'http://127.0.0.1', appSecret: `files-secret-${randomUUID()}` };
  const storage = createLocalDriver({ root, maxBytes, signer });
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  const big = { limit: 1_000_000, windowMs: 60_000 };
  const app = createApp({
    db,
    redis,
    log: pino({ level: 'silent' }),
    appSecret: signer.appSecret,
    limits: { maxRecords: 60, maxRecordsFromRelation: 60, maxAffected: 100, maxDepth: 8, maxRootFields: 20, defaultLimit: 60, bodyLimitBytes: 100_000 },
    rateLimits: { graphql: [{ name: 'graphql', ...big }], rest: [{ name: 'rest', ...big }], metadata: [{ name: 'metadata', ...big }], login: [{ name: 'login', ...big }] },
    rateLimitPrefix: `files-http-${randomUUID()}`,
    corsOrigins: [],
    files: { storage, signer, maxBytes },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  // The signer is shared with the driver: URLs it makes from now on name the real port.
  signer.serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    redis.disconnect();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, signer, storage, maxBytes };
}
