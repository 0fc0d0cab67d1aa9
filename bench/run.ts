// `npm run bench -- [flags]`: runs the benchmark, prints the markdown report (or JSON with
// --json) and writes both to bench/results/<date>.{md,json}. Progress goes to stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, type BenchOptions } from './harness.ts';
import { QUERIES, type QueryId } from './queries.ts';
import { renderMarkdown } from './report.ts';
import { REPO } from './setup.ts';

const USAGE = `Usage: npm run bench -- [options]
  --scale <f>          dataset size; 1 = 100k companies, 500k people, 50k opportunities (default 0.02)
  --duration <s>       seconds per measured run (default 10)
  --warmup <s>         seconds of warm-up per peer before the runs (default 3)
  --connections <list> concurrency levels, e.g. 8,32 (default 8,32)
  --runs <n>           measured runs per peer, round-robin (default 3)
  --only <list>        operations to time, e.g. q1,q2 (all are still checked)
  --workspaces <n>     workspaces for the schema-cache memory figure (default 1000)
  --no-extras          skip cold start, schema and metadata figures
  --pg-url <url>       admin Postgres URL (default PG_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --redis-url <url>    Redis URL (default REDIS_URL or redis://127.0.0.1:6379)
  --keep               keep the bench database and home
  --json               print the JSON result instead of markdown`;

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${text}".`);
  return n;
}

export function parseBenchArgs(argv: string[], log: (line: string) => void): BenchOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '0.02' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '8,32' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      workspaces: { type: 'string', default: '1000' },
      'no-extras': { type: 'boolean', default: false },
      'pg-url': { type: 'string', default: process.env.PG_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const known = QUERIES.map((q) => q.id as string);
  const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
  const unknown = only?.filter((id) => !known.includes(id)) ?? [];
  if (unknown.length) throw new Error(`--only: unknown operation(s) ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${known.join(', ')}.`);
  return {
    scale: positive('scale', values.scale),
    durationS: positive('duration', values.duration),
    warmupS: positive('warmup', values.warmup),
    connections: values.connections.split(',').map((c) => Math.round(positive('connections', c))),
    runs: Math.round(positive('runs', values.runs)),
    only: only as QueryId[] | undefined,
    cachedWorkspaces: Math.round(positive('workspaces', values.workspaces)),
    extras: !values['no-extras'],
    adminPgUrl: values['pg-url'],
    redisUrl: values['redis-url'],
    keep: values.keep,
    json: values.json,
    log,
  };
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const options = parseBenchArgs(process.argv.slice(2), log);
  const result = await runBench(options);
  const markdown = renderMarkdown(result);
  const dir = join(REPO, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.slice(0, 16).replace(/:/g, '');
  writeFileSync(join(dir, `${stamp}.md`), markdown);
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote bench/results/${stamp}.md and .json`);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : markdown);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
