// A bench run's own database and twenty home, made by the real CLI: `twenty init` against a
// fresh database (migrations, a workspace, an API key), then `twenty metadata apply` for the
// one index the benchmark queries sort on. Dropped at the end unless --keep.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDb, query, type Db } from '../src/core/db.ts';
import { ident, sql } from '../src/core/sql.ts';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
/** The shipped single binary when it was built, else the development entry. */
export const TWENTY_BIN = existsSync(join(REPO, 'dist/twenty')) ? join(REPO, 'dist/twenty') : join(REPO, 'bin/twenty');
export const NODE22 = join(REPO, 'node_modules/.bin/node');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment for twenty children: this run's home, never interactive, no inherited URLs. */
export function twentyEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PG_DATABASE_URL;
  delete env.REDIS_URL;
  return { ...env, TWENTY_HOME: home, CI: 'true', NO_COLOR: '1', ...extra };
}

export function runTwenty(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TWENTY_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
  });
}

async function twentyJson(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, any>> {
  const r = await runTwenty([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`twenty ${args.join(' ')} failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout).data;
}

export interface BenchSetup {
  dbName: string;
  pgUrl: string;
  redisUrl: string;
  home: string;
  env: NodeJS.ProcessEnv;
  workspaceId: string;
  schema: string;
  token: string;
  db: Db;
  /** Closes the pool; drops the database and removes the home unless kept. */
  teardown(keep: boolean): Promise<void>;
}

// The queries sort companies by employees; PostGraphile (as shipped) only orders by indexed
// columns, and every peer should get an index-backed plan.
const BENCH_MODEL = `apiVersion: twenty/v1
objects:
  company:
    extend: true
    indexes:
      - {fields: [employees]}
`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createBenchSetup(adminPgUrl: string, redisUrl: string, log: (line: string) => void): Promise<BenchSetup> {
  const dbName = `twenty_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = createDb(adminPgUrl, { max: 1 });
  await query(admin, sql`CREATE DATABASE ${ident(dbName)}`);
  const pgUrl = withDatabase(adminPgUrl, dbName);
  const home = mkdtempSync(join(tmpdir(), 'twenty-bench-'));
  const env = twentyEnv(home);
  let db: Db | undefined;
  const teardown = async (keep: boolean) => {
    await db?.end().catch(() => {});
    if (!keep) await query(admin, sql`DROP DATABASE IF EXISTS ${ident(dbName)} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    if (!keep) rmSync(home, { recursive: true, force: true });
  };
  try {
    const init = await twentyJson(['init', '--yes', '--pg-url', pgUrl, '--redis-url', redisUrl, '--workspace', 'Bench'], env);
    log(`twenty init: database ${dbName}, workspace ${init.workspace.schemaName}`);
    const modelFile = join(home, 'bench-model.yaml');
    writeFileSync(modelFile, BENCH_MODEL);
    await twentyJson(['metadata', 'apply', modelFile, '-w', 'Bench'], env);
    db = createDb(pgUrl, { max: 4, applicationName: 'twenty-bench' });
    return { dbName, pgUrl, redisUrl, home, env, workspaceId: init.workspace.id, schema: init.workspace.schemaName, token: init.apiKey.token, db, teardown };
  } catch (error) {
    await teardown(false);
    throw error;
  }
}
