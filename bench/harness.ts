// The whole bench run: setup through the CLI, dataset through the product's seeding path, a
// counting instance of each peer (rows compared, statements counted), then the timed
// instances measured one at a time, round-robin, and the extra figures.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createDb, one, query, type Db } from '../src/core/db.ts';
import { ident, sql } from '../src/core/sql.ts';
import { loadWorkspaceModel } from '../src/metadata/store.ts';
import { generateDataset, seedDataset } from './dataset.ts';
import { coldStart, metadataApply, schemaFigures } from './extras.ts';
import { measure } from './load.ts';
import { startPostgraphile } from './peers/postgraphile.ts';
import type { PeerName, RunningPeer } from './peers/process.ts';
import { startRaw } from './peers/raw.ts';
import { rateLimitOverrides, startTwenty, type PeerOptions } from './peers/twenty.ts';
import { pinSelfToLastCpu } from './proc.ts';
import { CREATED_NAME, QUERIES, type QueryContext, type QueryId } from './queries.ts';
import type { BenchResult, Cell } from './report.ts';
import { createBenchSetup, type BenchSetup } from './setup.ts';
import { startStatementCounter } from './statement-counter.ts';
import { assertSameRows, inspectPeer, type PeerInspections } from './verify.ts';

export interface BenchOptions {
  scale: number;
  durationS: number;
  warmupS: number;
  connections: number[];
  runs: number;
  /** Operations to time; every operation is still checked on every peer. */
  only?: QueryId[];
  keep: boolean;
  adminPgUrl: string;
  redisUrl: string;
  /** Workspaces for the schema-cache memory figure (1,000 for the target). */
  cachedWorkspaces: number;
  extras: boolean;
  log: (line: string) => void;
}

const POOL_SIZE = 10;

type StartPeer = (setup: BenchSetup, options: PeerOptions) => Promise<RunningPeer>;
const STARTERS: StartPeer[] = [
  (setup, options) => startTwenty(setup.home, options),
  (setup, options) => startPostgraphile(setup.schema, options),
  (setup, options) => startRaw(setup.schema, options),
];

/** Rows made by write operations go, so every run sees the same tables. */
async function removeWrites(db: Db, schema: string): Promise<void> {
  await query(db, sql`DELETE FROM ${ident(schema, 'company')} WHERE "name" = ${CREATED_NAME}`);
  await query(db, sql`VACUUM ANALYZE ${ident(schema, 'company')}`);
}

function notes(seedInsert: string): string[] {
  const raised = Object.keys(rateLimitOverrides());
  return [
    `Dataset inserted with ${seedInsert}.`,
    'SQL statements per request are counted at the wire (Query + Execute messages through a proxy in front of Postgres) on a separate instance of each peer; BEGIN/COMMIT count as statements. pg_stat_statements is not needed.',
    'twenty runs as shipped: API-key auth and role/permission lookup on every request, request logging at info to a file, schema/document caches; ' +
      (raised.length ? `rate limits raised via ${raised.join(', ')}.` : 'it has no rate-limit settings yet, so nothing was raised.'),
    'PostGraphile runs `-P postgraphile/presets/amber` with no auth; its schema can only filter and sort on indexed columns, so it does not filter soft-deleted rows (all rows are live) and has no bulk create (M3 = 50 aliased createCompany fields). It writes no position/actor columns.',
    'The raw baseline (node:http + pg) runs one hand-written statement per request with twenty\'s semantics (live rows, id tie-breaker, position before the first record, actor stamps).',
    'CPU ms/request from /proc (utime+stime, 10 ms ticks); Postgres CPU sums the backends of the bench database.',
  ];
}

async function inspectAll(setup: BenchSetup, ctx: QueryContext, logDir: string, log: (line: string) => void): Promise<Map<string, PeerInspections>> {
  const inspections = new Map<string, PeerInspections>();
  for (const start of STARTERS) {
    const counter = await startStatementCounter(setup.pgUrl);
    const peer = await start(setup, { pgUrl: counter.url, poolSize: POOL_SIZE, logDir, tag: 'count' });
    try {
      inspections.set(peer.name, await inspectPeer(peer, QUERIES, ctx, counter));
      log(`checked ${peer.name}: ${[...inspections.get(peer.name)!].map(([id, x]) => `${id} ${x.ids.length} ids, ${x.statementsPerRequest} stmt`).join('; ')}`);
    } finally {
      await peer.stop();
      await counter.close();
      // The next peer must read the seeded rows only.
      await removeWrites(setup.db, setup.schema);
    }
  }
  assertSameRows(QUERIES, inspections);
  return inspections;
}

async function timeAll(setup: BenchSetup, admin: Db, peers: RunningPeer[], inspections: Map<string, PeerInspections>, o: BenchOptions): Promise<Cell[]> {
  const cells: Cell[] = [];
  const timed = QUERIES.filter((q) => !o.only || o.only.includes(q.id));
  for (const q of timed) {
    for (const connections of o.connections) {
      const cell: Cell = { query: q.id, title: q.title, write: q.write, connections, peers: {} };
      const load = { connections, admin, dbName: setup.dbName };
      const active = peers.filter((p) => inspections.get(p.name)?.has(q.id));
      for (const peer of active) {
        const { request, statementsPerRequest } = inspections.get(peer.name)!.get(q.id)!;
        cell.peers[peer.name] = { runs: [], statementsPerRequest };
        await measure(peer, request, { ...load, durationS: o.warmupS });
        if (q.write) await removeWrites(setup.db, setup.schema);
      }
      for (let run = 0; run < o.runs; run++) {
        // Round-robin, rotating who goes first, so drift on the machine spreads evenly.
        for (let k = 0; k < active.length; k++) {
          const peer = active[(k + run) % active.length];
          const m = await measure(peer, inspections.get(peer.name)!.get(q.id)!.request, { ...load, durationS: o.durationS });
          cell.peers[peer.name]!.runs.push(m);
          if (q.write) await removeWrites(setup.db, setup.schema);
          o.log(`${q.id} c=${connections} run ${run + 1} ${peer.name}: ${Math.round(m.requestsPerSecond)} req/s, p99 ${m.p99Ms} ms, ${m.errors} errors`);
        }
      }
      cells.push(cell);
    }
  }
  return cells;
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const setup = await createBenchSetup(o.adminPgUrl, o.redisUrl, o.log);
  const admin = createDb(o.adminPgUrl, { max: 2, applicationName: 'twenty-bench-admin' });
  const logDir = join(setup.home, 'logs');
  mkdirSync(logDir, { recursive: true });
  const peers: RunningPeer[] = [];
  try {
    const model = await loadWorkspaceModel(setup.db, setup.workspaceId);
    const dataset = generateDataset(o.scale);
    const seed = await seedDataset(setup.db, model, dataset, o.log);
    o.log(`seeded ${seed.rows} rows in ${Math.round(seed.ms)} ms (${Math.round(seed.rowsPerSecond)} rows/s) with ${seed.insert}`);
    await query(setup.db, sql`VACUUM ANALYZE`);
    const step = Math.max(1, Math.floor(dataset.companyIds.length / 500));
    const ctx: QueryContext = { token: setup.token, ownerId: dataset.memberIds[0], companyIds: dataset.companyIds.filter((_, i) => i % step === 0) };

    const inspections = await inspectAll(setup, ctx, logDir, o.log);
    for (const start of STARTERS) peers.push(await start(setup, { pgUrl: setup.pgUrl, poolSize: POOL_SIZE, logDir, tag: 'timed' }));
    const pinned = pinSelfToLastCpu();
    const cells = await timeAll(setup, admin, peers, inspections, o);
    const ready = peers.map((p) => ({ name: p.name, readyMs: p.readyMs }));
    await Promise.all(peers.splice(0).map((p) => p.stop()));

    const pg = await one<{ v: string }>(admin, sql`SELECT current_setting('server_version') AS v`);
    const result: BenchResult = {
      startedAt,
      options: { scale: o.scale, durationS: o.durationS, warmupS: o.warmupS, connections: o.connections, runs: o.runs, poolSize: POOL_SIZE },
      machine: { cpus: cpus().length, node: process.versions.node, postgres: pg?.v ?? 'unknown', pinned },
      dataset: { size: dataset.size, seed },
      peers: ready,
      notes: notes(seed.insert),
      checks: [...inspections].flatMap(([peer, found]) => [...found].map(([id, x]) => ({ query: id, peer: peer as PeerName, records: x.ids.length, statementsPerRequest: x.statementsPerRequest }))),
      cells,
    };
    if (o.extras) {
      o.log('extra figures: cold start, schema build and cache memory, metadata apply');
      result.extras = {
        coldStart: await coldStart(setup.env, setup.home, setup.pgUrl, logDir),
        schema: await schemaFigures(o.cachedWorkspaces),
        metadataApply: await metadataApply(setup.db, setup.workspaceId, dataset.size.companies),
      };
    }
    return result;
  } finally {
    await Promise.all(peers.map((p) => p.stop()));
    await admin.end().catch(() => {});
    if (o.keep) o.log(`kept database ${setup.dbName} and home ${setup.home}`);
    await setup.teardown(o.keep);
  }
}
