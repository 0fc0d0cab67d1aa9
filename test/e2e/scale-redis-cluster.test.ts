// Issue 22: `twenty serve` and `twenty worker` on a three-master Redis Cluster
// (redis+cluster://…): the queues live under a hash-tagged prefix, a webhook is delivered end to
// end, and the rate limiter counts in the cluster (its keys of one call share a slot).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { startRedisCluster } from '../helpers/redis-topology.ts';
import { runCli } from '../helpers/cli.ts';
import { startDedupingReceiver, startWebhookStack, waitUntil } from '../helpers/durability-webhooks.ts';

async function keysMatching(cluster: Cluster, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return found;
}

test('serve and worker run on a Redis Cluster: webhooks are delivered and rate limits counted in the cluster', async () => {
  const topology = await startRedisCluster();
  const receiver = await startDedupingReceiver();
  const stack = await startWebhookStack({ redisUrl: topology.url, receiver, operations: 'company.created', env: { QUEUE_PREFIX: 'twq' } });
  const worker = await stack.startWorker();
  const server = await stack.serve();

  const first = await stack.rest(server, 'POST', '/companies', { name: 'Clustered One' });
  assert.equal(first.status, 201, await first.text());
  const second = await stack.rest(server, 'POST', '/companies', { name: 'Clustered Two' });
  assert.equal(second.status, 201, await second.text());
  assert.equal(Number(first.headers.get('ratelimit-remaining')) - Number(second.headers.get('ratelimit-remaining')), 1, 'each request is counted once');

  const expected = await stack.eventIds('company.created');
  assert.equal(expected.length, 2);
  await waitUntil(() => expected.every((id) => receiver.processed.has(id)), 30_000, () => `received ${[...receiver.processed].join(', ')} of ${expected.join(', ')}`);
  await waitUntil(async () => (await stack.deliveryCounts()).delivered === 2, 10_000, async () => JSON.stringify(await stack.deliveryCounts()));

  const cluster = new Cluster(topology.ports.map((port) => ({ host: '127.0.0.1', port })), { lazyConnect: true });
  await cluster.connect();
  try {
    const queueKeys = await keysMatching(cluster, '*twq*');
    assert.ok(queueKeys.some((k) => k.startsWith('{twq}:events:')), `the queues use the hash-tagged prefix: ${queueKeys.slice(0, 5).join(', ')}`);
    assert.deepEqual(queueKeys.filter((k) => !k.startsWith('{twq}:') && !k.startsWith('twq:rate:')), [], 'no queue key outside the tag');
    const rateKeys = await keysMatching(cluster, 'twq:rate:ratelimit:*');
    assert.ok(rateKeys.length > 0, 'the rate limiter counted in the cluster, not in memory');
    assert.ok(rateKeys.every((k) => /:ratelimit:\{[^}]+\}:/.test(k)), `rate-limit keys carry the caller as hash tag: ${rateKeys.join(', ')}`);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200, await health.text());
  } finally {
    cluster.disconnect();
  }
  // `twenty status` reads Redis through the same URL: probe, queue depth, worker heartbeats.
  const status = await runCli(['status', '--json'], stack.env);
  const data = status.json?.data;
  assert.equal(data?.services?.redis?.reachable, true, status.stdout + status.stderr);
  assert.ok(data?.worker?.liveWorkers >= 1, `the worker's heartbeat is seen: ${JSON.stringify(data?.worker)}`);
  assert.equal(data?.queues?.webhooks?.failed, 0);
  assert.equal(await server.stop(), 0);
  assert.equal(await worker.stop(), 0);
});
