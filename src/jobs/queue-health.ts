// Queue depth for /healthz/worker and metrics: counts per queue and the age of the oldest
// waiting job (a growing age means workers are down or too few).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueName } from './queues.ts';

export interface QueueHealth {
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
  oldestWaitingAgeMs: number | null;
}

export async function queueHealth(redis: Redis, prefix: string, now: () => number = Date.now): Promise<Record<QueueName, QueueHealth>> {
  const entries = await Promise.all(
    QUEUE_NAMES.map(async (name): Promise<[QueueName, QueueHealth]> => {
      const queue = new Queue(name, { connection: redis, prefix });
      queue.on('error', () => {});
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
        return [
          name,
          {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            failed: counts.failed ?? 0,
            delayed: counts.delayed ?? 0,
            oldestWaitingAgeMs: oldest ? Math.max(0, now() - oldest.timestamp) : null,
          },
        ];
      } finally {
        await queue.close();
      }
    }),
  );
  return Object.fromEntries(entries) as Record<QueueName, QueueHealth>;
}
