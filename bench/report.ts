// The bench report: per operation × concurrency, each peer's median figures with min–max, the
// ratios twenty/PostGraphile and twenty/raw, and the issue's targets with where we stand.
import type { DatasetSize, SeedReport } from './dataset.ts';
import type { Extras } from './extras.ts';
import type { Measurement } from './load.ts';
import type { PeerName } from './peers/process.ts';
import type { QueryId } from './queries.ts';

export interface PeerCell {
  runs: Measurement[];
  statementsPerRequest: number;
}

export interface Cell {
  query: QueryId;
  title: string;
  write: boolean;
  connections: number;
  peers: Partial<Record<PeerName, PeerCell>>;
}

export interface BenchResult {
  startedAt: string;
  options: { scale: number; durationS: number; warmupS: number; connections: number[]; runs: number; poolSize: number };
  machine: { cpus: number; node: string; postgres: string; pinned: boolean };
  dataset: { size: DatasetSize; seed: SeedReport };
  peers: { name: PeerName; readyMs: number }[];
  notes: string[];
  /** What the check before timing saw: records per response and statements per request. */
  checks: { query: QueryId; peer: PeerName; records: number; statementsPerRequest: number }[];
  cells: Cell[];
  extras?: Extras;
}

const PEERS: PeerName[] = ['twenty', 'postgraphile', 'raw'];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function med(cell: PeerCell, pick: (m: Measurement) => number | null): number | null {
  const values = cell.runs.map(pick).filter((v): v is number => v !== null);
  return values.length ? median(values) : null;
}

export function rps(cell: PeerCell | undefined): number | null {
  return cell ? med(cell, (m) => m.requestsPerSecond) : null;
}

/** (max − min) / median of requests/s: PERF.md asks to repeat runs spread over 15%. */
export function spread(cell: PeerCell): number {
  const values = cell.runs.map((m) => m.requestsPerSecond);
  const mid = median(values);
  return mid > 0 ? (Math.max(...values) - Math.min(...values)) / mid : 0;
}

const fmt = (v: number | null, digits = 0) => (v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

function peerRow(name: PeerName, cell: PeerCell | undefined): string {
  if (!cell) return `| ${name} | n/a | | | | | | | |`;
  const values = cell.runs.map((m) => m.requestsPerSecond);
  const range = values.length > 1 ? ` (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})` : '';
  const flag = spread(cell) > 0.15 ? ' ⚠ spread' : '';
  const errors = cell.runs.reduce((sum, m) => sum + m.errors, 0);
  const rss = Math.max(...cell.runs.map((m) => m.rssMb ?? 0));
  return `| ${name} | ${fmt(rps(cell))}${range}${flag} | ${fmt(med(cell, (m) => m.p50Ms), 1)} | ${fmt(med(cell, (m) => m.p99Ms), 1)} | ${errors} | ${fmt(med(cell, (m) => m.serverCpuMsPerRequest), 3)} | ${fmt(med(cell, (m) => m.postgresCpuMsPerRequest), 3)} | ${fmt(cell.statementsPerRequest, 1)} | ${fmt(rss)} |`;
}

function cellTable(cell: Cell): string {
  const twenty = rps(cell.peers.twenty);
  const vsPgl = ratio(twenty, rps(cell.peers.postgraphile));
  const vsRaw = ratio(twenty, rps(cell.peers.raw));
  return [
    `### ${cell.title} — ${cell.connections} connections`,
    '',
    '| peer | req/s median (min–max) | p50 ms | p99 ms | errors | server CPU ms/req | Postgres CPU ms/req | SQL stmts/req | RSS MB |',
    '|---|---|---|---|---|---|---|---|---|',
    ...PEERS.map((name) => peerRow(name, cell.peers[name])),
    '',
    `twenty/PostGraphile: **${vsPgl === null ? 'n/a' : `${fmt(vsPgl, 2)}×`}** · twenty/raw: **${vsRaw === null ? 'n/a' : `${fmt(vsRaw, 2)}×`}**`,
    '',
  ].join('\n');
}

interface Target {
  target: string;
  standing: string;
  met: boolean | null;
}

function targets(result: BenchResult): Target[] {
  const reads = result.cells.filter((c) => !c.write);
  const writes = result.cells.filter((c) => c.write);
  const ratios = (cells: Cell[], other: PeerName) => cells.map((c) => ({ c, r: ratio(rps(c.peers.twenty), rps(c.peers[other])) })).filter((x) => x.r !== null) as { c: Cell; r: number }[];
  const worst = (list: { c: Cell; r: number }[]) => list.reduce<{ c: Cell; r: number } | undefined>((w, x) => (!w || x.r < w.r ? x : w), undefined);
  const ratioTarget = (label: string, list: { c: Cell; r: number }[], bar: number): Target => {
    const w = worst(list);
    if (!w) return { target: label, standing: 'not measured', met: null };
    const misses = list.filter((x) => x.r < bar).map((x) => `${x.c.query}@${x.c.connections} ${fmt(x.r, 2)}×`);
    return { target: label, standing: misses.length ? `missed: ${misses.join(', ')}` : `met; lowest ${w.c.query}@${w.c.connections} ${fmt(w.r, 2)}×`, met: misses.length === 0 };
  };
  const statements = [...new Set(reads.map((c) => `${c.query} ${fmt(c.peers.twenty?.statementsPerRequest ?? null, 1)}`))];
  const oneStatement = reads.every((c) => (c.peers.twenty?.statementsPerRequest ?? 0) <= 1);
  const x = result.extras;
  const bound = (label: string, value: number | undefined, limit: number, unit: string): Target =>
    value === undefined ? { target: label, standing: 'not measured', met: null } : { target: label, standing: `${fmt(value, unit === 'MB' ? 0 : 1)} ${unit}`, met: value < limit };
  return [
    ratioTarget('reads ≥ 1.5× PostGraphile (req/s)', ratios(reads, 'postgraphile'), 1.5),
    ratioTarget('reads ≥ 0.7× raw (req/s)', ratios(reads, 'raw'), 0.7),
    { target: 'one SQL statement per root field', standing: `statements per request: ${statements.join(', ')}`, met: reads.length ? oneStatement : null },
    ratioTarget('mutations ≥ PostGraphile (req/s)', ratios(writes, 'postgraphile'), 1),
    bound('`twenty --version` < 100 ms', x?.coldStart.versionMs, 100, 'ms'),
    bound('`twenty serve` ready < 1 s', x?.coldStart.serveReadyMs, 1000, 'ms'),
    bound('100-object schema build < 100 ms', x?.schema.build100Ms, 100, 'ms'),
    x && x.schema.workspaces >= 1000
      ? bound('1,000 cached workspaces < 1 GB', x.schema.cachedRssMb, 1024, 'MB')
      : { target: '1,000 cached workspaces < 1 GB', standing: x ? `only ${x.schema.workspaces} measured (${fmt(x.schema.cachedRssMb)} MB)` : 'not measured', met: null },
  ];
}

function extrasSection(x: Extras, seed: SeedReport): string {
  return [
    '## Other figures',
    '',
    '| figure | value |',
    '|---|---|',
    `| \`twenty --version\` (median of 5) | ${fmt(x.coldStart.versionMs)} ms |`,
    `| \`twenty serve\` until /healthz answers (median of 3) | ${fmt(x.coldStart.serveReadyMs)} ms |`,
    `| GraphQL schema build, ${x.schema.objects12} objects | ${fmt(x.schema.build12Ms, 1)} ms |`,
    `| GraphQL schema build, ${x.schema.objects100} objects | ${fmt(x.schema.build100Ms, 1)} ms |`,
    `| ${fmt(x.schema.workspaces)} distinct workspace schemas cached | RSS +${fmt(x.schema.cachedRssMb)} MB, heap +${fmt(x.schema.cachedHeapMb)} MB, built in ${fmt(x.schema.buildAllMs / 1000, 1)} s |`,
    `| metadata apply: ${x.metadataApply.fields} fields on company (${fmt(x.metadataApply.tableRows)} rows) | ${fmt(x.metadataApply.ms)} ms |`,
    `| seeding (${seed.insert}) | ${fmt(seed.rows)} rows in ${fmt(seed.ms / 1000, 1)} s = ${fmt(seed.rowsPerSecond)} rows/s |`,
    '',
  ].join('\n');
}

export function renderMarkdown(result: BenchResult): string {
  const o = result.options;
  const s = result.dataset.size;
  return [
    `# twenty benchmark — ${result.startedAt}`,
    '',
    `Scale ${o.scale}: ${fmt(s.companies)} companies, ${fmt(s.people)} people, ${fmt(s.opportunities)} opportunities, ${fmt(s.notes)} notes, ${fmt(s.tasks)} tasks (+ targets). ` +
      `${o.runs} run(s) of ${o.durationS} s per peer after ${o.warmupS} s warm-up, round-robin; pool ${o.poolSize} per peer. ` +
      `${result.machine.cpus} CPUs, Node ${result.machine.node}, PostgreSQL ${result.machine.postgres}; servers ${result.machine.pinned ? 'pinned to CPU 0, load generator to the last CPU' : 'not pinned'}.`,
    `Peers ready in: ${result.peers.map((p) => `${p.name} ${fmt(p.readyMs)} ms`).join(', ')}.`,
    '',
    '## Targets',
    '',
    '| target | where we stand | |',
    '|---|---|---|',
    ...targets(result).map((t) => `| ${t.target} | ${t.standing} | ${t.met === null ? '—' : t.met ? 'met' : '**MISSED**'} |`),
    '',
    '## Load',
    '',
    ...result.cells.map(cellTable),
    ...(result.extras ? [extrasSection(result.extras, result.dataset.seed)] : []),
    '## Notes',
    '',
    ...result.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}
