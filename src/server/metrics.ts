// Prometheus metrics for `GET /metrics`: HTTP rate and latency by route pattern (never the raw
// path, which would make one series per record id), SQL time, queue depth, job outcomes and
// schema cache counters. Values that live elsewhere (queues, caches) are read at scrape time
// through callbacks, so nothing here polls.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReplicaStats } from '../core/replicas.ts';

export interface QueueCounts {
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
}

export interface CacheCounts {
  size: number;
  hits: number;
  misses: number;
}

export interface LivenessCounts {
  liveWorkers: number;
  undispatched: number;
  oldestUndispatchedAgeMs: number | null;
}

export interface MetricsSources {
  /** Jobs per queue and state, e.g. `() => queueHealth(redis, prefix)` from src/jobs/queue-health.ts. */
  queueDepth?: () => Promise<Record<string, QueueCounts>>;
  /** Cache counters by cache name, e.g. `{ workspaceModel: () => models.stats() }`. */
  caches?: Record<string, () => CacheCounts>;
  /** Live workers and the outbox backlog, e.g. `workerLiveness` from src/jobs/queue-health.ts. */
  liveness?: () => Promise<LivenessCounts>;
  /** Read routing counters and replica state (PG_DATABASE_REPLICA_URL). */
  replicas?: () => ReplicaStats;
  /** Completed file bytes per workspace, e.g. `storedBytesByWorkspace` from src/core/storage/file-records.ts. */
  storedBytes?: () => Promise<{ workspaceId: string; bytes: number }[]>;
  /** Process metrics (CPU, memory, event loop lag); default true. */
  defaultMetrics?: boolean;
}

export type JobOutcome = 'completed' | 'failed' | 'retried';

export interface Metrics {
  registry: Registry;
  /** Mount first: times every request and labels it with its matched route pattern. */
  middleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
  /** One SQL statement took `ms` milliseconds; `ok` false when it failed. */
  observeSql(ms: number, ok?: boolean): void;
  recordJob(queue: string, outcome: JobOutcome): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SQL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * The route pattern that served a request: `/rest/:plural/:id`, `/graphql`, ... Requests no
 * route matched share one label, so a scan of random URLs cannot grow the series count.
 */
export function routeLabel(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath === 'string') {
    const joined = `${req.baseUrl}${routePath === '/' ? '' : routePath}`;
    return joined || '/';
  }
  return req.baseUrl || 'unmatched';
}

function httpMetrics(registry: Registry): RequestHandler {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'twenty_http_requests_total', help: 'HTTP requests by method, route pattern and status.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'twenty_http_request_duration_seconds', help: 'HTTP request latency by method, route pattern and status.', labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    // Read the route when the response is handed over, before routers restore req.baseUrl.
    const finish = () => {
      const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', finish);
    next();
  };
}

function queueGauge(registry: Registry, queueDepth: NonNullable<MetricsSources['queueDepth']>): void {
  new Gauge({
    name: 'twenty_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      // Redis down must not fail the whole scrape: the series are simply absent.
      const depth = await queueDepth().catch(() => ({}) as Record<string, QueueCounts>);
      for (const [queue, counts] of Object.entries(depth)) {
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue, state }, counts[state]);
      }
    },
  });
}

function livenessGauges(registry: Registry, liveness: NonNullable<MetricsSources['liveness']>): void {
  // One read per scrape, shared by the three gauges (prom-client collects them one by one).
  let reading: Promise<LivenessCounts | undefined> | undefined;
  const read = () => {
    reading ??= liveness().catch(() => undefined).finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  const gauge = (name: string, help: string, value: (c: LivenessCounts) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.reset();
        const counts = await read();
        // Postgres or Redis down: the series are absent, which alerting treats as unknown.
        if (counts) this.set(value(counts));
      },
    });
  gauge('twenty_workers_live', 'Workers whose heartbeat was seen within WORKER_HEARTBEAT_GRACE_MS.', (c) => c.liveWorkers);
  gauge('twenty_outbox_undispatched_events', 'Committed events not yet handed to the events queue.', (c) => c.undispatched);
  gauge('twenty_outbox_oldest_undispatched_age_seconds', 'Age of the oldest undispatched outbox event (0 when none).', (c) => (c.oldestUndispatchedAgeMs ?? 0) / 1000);
}

function cacheMetrics(registry: Registry, caches: NonNullable<MetricsSources['caches']>): void {
  const read = (key: keyof CacheCounts) => function (this: Counter<'cache'> | Gauge<'cache'>) {
    this.reset();
    for (const [cache, stats] of Object.entries(caches)) this.inc({ cache }, stats()[key]);
  };
  new Counter({ name: 'twenty_cache_hits_total', help: 'Cache hits (workspace models, GraphQL schemas) since start.', labelNames: ['cache'], registers: [registry], collect: read('hits') });
  new Counter({ name: 'twenty_cache_misses_total', help: 'Cache misses since start.', labelNames: ['cache'], registers: [registry], collect: read('misses') });
  new Gauge({ name: 'twenty_cache_entries', help: 'Entries held per cache.', labelNames: ['cache'], registers: [registry], collect: read('size') });
}

function replicaMetrics(registry: Registry, stats: () => ReplicaStats): void {
  new Counter({
    name: 'twenty_db_reads_total',
    help: 'Plain reads of read-only requests by where they went: replica, or the primary and why (read-your-writes, no-replica usable, replica-failed).',
    labelNames: ['target'],
    registers: [registry],
    collect(this: Counter<'target'>) {
      this.reset();
      for (const [target, n] of Object.entries(stats().reads)) this.inc({ target }, n);
    },
  });
  new Gauge({
    name: 'twenty_db_replica_up',
    help: 'Whether a replica is used for reads (reachable and within PG_REPLICA_MAX_LAG_MS).',
    labelNames: ['replica'],
    registers: [registry],
    collect(this: Gauge<'replica'>) {
      this.reset();
      for (const r of stats().replicas) this.set({ replica: r.name }, r.up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'twenty_db_replica_lag_seconds',
    help: 'Replay lag of each replica at its last poll.',
    labelNames: ['replica'],
    registers: [registry],
    collect(this: Gauge<'replica'>) {
      this.reset();
      for (const r of stats().replicas) this.set({ replica: r.name }, r.lagMs / 1000);
    },
  });
}

function storedBytesGauge(registry: Registry, storedBytes: NonNullable<MetricsSources['storedBytes']>): void {
  new Gauge({
    name: 'twenty_storage_stored_bytes',
    help: 'Bytes of completed files stored per workspace, read at scrape time.',
    labelNames: ['workspace'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { workspaceId, bytes } of await storedBytes().catch(() => [])) this.set({ workspace: workspaceId }, bytes);
    },
  });
}

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  if (sources.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'twenty_' });
  const middleware = httpMetrics(registry);
  const sqlDuration = new Histogram({ name: 'twenty_sql_query_duration_seconds', help: 'SQL statement time by outcome.', labelNames: ['outcome'], buckets: SQL_BUCKETS, registers: [registry] });
  const jobs = new Counter({ name: 'twenty_jobs_total', help: 'Finished job attempts by queue and outcome.', labelNames: ['queue', 'outcome'], registers: [registry] });
  if (sources.queueDepth) queueGauge(registry, sources.queueDepth);
  if (sources.caches) cacheMetrics(registry, sources.caches);
  if (sources.liveness) livenessGauges(registry, sources.liveness);
  if (sources.replicas) replicaMetrics(registry, sources.replicas);
  if (sources.storedBytes) storedBytesGauge(registry, sources.storedBytes);
  return {
    registry,
    middleware,
    handler: async (_req: Request, res: Response, next: NextFunction) => {
      try {
        const body = await registry.metrics();
        res.setHeader('content-type', registry.contentType);
        res.end(body);
      } catch (error) {
        next(error);
      }
    },
    observeSql: (ms, ok = true) => sqlDuration.observe({ outcome: ok ? 'ok' : 'error' }, ms / 1000),
    recordJob: (queue, outcome) => jobs.inc({ queue, outcome }),
  };
}
