// Redis for tests: a unique BullMQ key prefix per test file, its keys deleted afterwards.
import type { RedisClient } from '../../src/core/redis.ts';
import { after } from 'node:test';
import { createRedis } from '../../src/core/redis.ts';
import { TEST_REDIS_URL, uniqueName } from './services.ts';

export interface TestRedis {
  prefix: string;
  /** A connection owned by the helper, closed after the file's tests. */
  redis: RedisClient;
  /** A new connection for code that takes ownership (startWorker quits it on close). */
  connect(): RedisClient;
}

export function createTestRedis(): TestRedis {
  const prefix = uniqueName('twenty_test');
  const redis = createRedis(TEST_REDIS_URL);
  after(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });
  return { prefix, redis, connect: () => createRedis(TEST_REDIS_URL) };
}
