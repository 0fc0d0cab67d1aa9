import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { createMetrics, type Metrics } from '../../src/server/metrics.ts';

describe('GET /metrics', () => {
  let base = '';
  let metrics: Metrics;
  let close: () => void = () => {};

  before(async () => {
    let hits = 0;
    const bump = () => {
      hits += 5;
      return hits;
    };
    metrics = createMetrics({
      defaultMetrics: false,
      queueDepth: async () => ({ events: { waiting: 3, active: 1, failed: 0, delayed: 2 } }),
      caches: { workspaceModel: () => ({ size: 2, hits: bump(), misses: 1 }) },
    });
    const app = express();
    app.use(metrics.middleware);
    app.get('/metrics', metrics.handler);
    const rest = express.Router();
    rest.get('/:plural/:id', (_req, res) => { res.json({ ok: true }); });
    app.use('/rest', rest);
    app.use('/graphql', (_req, res) => { res.json({ data: null }); });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    return res.text();
  };

  test('labels requests with the route pattern, never the raw path', async () => {
    await fetch(`${base}/rest/companies/1`);
    await fetch(`${base}/rest/people/2`);
    await fetch(`${base}/graphql`, { method: 'POST' });
    await fetch(`${base}/no/such/page`);
    const text = await scrape();
    assert.match(text, /twenty_http_requests_total\{method="GET",route="\/rest\/:plural\/:id",status="200"\} 2/);
    assert.match(text, /twenty_http_requests_total\{method="POST",route="\/graphql",status="200"\} 1/);
    assert.match(text, /twenty_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    assert.match(text, /twenty_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/rest\/:plural\/:id",status="200"\}/);
    assert.doesNotMatch(text, /companies/);
  });

  test('reads queue depth and cache counters at scrape time', async () => {
    const first = await scrape();
    assert.match(first, /twenty_queue_jobs\{queue="events",state="waiting"\} 3/);
    assert.match(first, /twenty_queue_jobs\{queue="events",state="delayed"\} 2/);
    assert.match(first, /twenty_cache_entries\{cache="workspaceModel"\} 2/);
    const hits = (text: string) => Number(/twenty_cache_hits_total\{cache="workspaceModel"\} (\d+)/.exec(text)?.[1]);
    const second = await scrape();
    assert.ok(hits(second) > hits(first), 'hits grow between scrapes');
  });

  test('counts SQL time and job outcomes reported through its hooks', async () => {
    metrics.observeSql(3);
    metrics.observeSql(40, false);
    metrics.recordJob('webhooks', 'failed');
    metrics.recordJob('webhooks', 'completed');
    metrics.recordJob('webhooks', 'completed');
    const text = await scrape();
    assert.match(text, /twenty_sql_query_duration_seconds_count\{outcome="ok"\} 1/);
    assert.match(text, /twenty_sql_query_duration_seconds_count\{outcome="error"\} 1/);
    assert.match(text, /twenty_jobs_total\{queue="webhooks",outcome="completed"\} 2/);
    assert.match(text, /twenty_jobs_total\{queue="webhooks",outcome="failed"\} 1/);
  });

  test('still answers when the queue source fails', async () => {
    const failing = createMetrics({ defaultMetrics: false, queueDepth: async () => { throw new Error('redis down'); } });
    const text = await failing.registry.metrics();
    assert.match(text, /# TYPE twenty_queue_jobs gauge/);
    assert.doesNotMatch(text, /twenty_queue_jobs\{/);
  });
});
