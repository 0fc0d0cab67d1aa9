// pg_dump and pg_restore: found for the server's major version (pg_dump refuses servers newer
// than itself; Debian installs several majors side by side) and run with the password in the
// environment, never on the command line where `ps` would show it.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from './errors.ts';
import { findExecutable, isExecutable, runSync } from './provision/process.ts';

export type PgTool = 'pg_dump' | 'pg_restore';

const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

function candidateDirs(): string[] {
  const pgConfig = findExecutable('pg_config');
  let debian: string[] = [];
  try {
    debian = readdirSync(DEBIAN_PG_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => join(DEBIAN_PG_ROOT, v, 'bin'));
  } catch {
    // Not a Debian layout: PATH only.
  }
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean);
  return [...new Set([pgConfig ? runSync(pgConfig, ['--bindir']) : undefined, ...debian, ...onPath].filter((d): d is string => Boolean(d)))];
}

function majorOf(program: string): number | undefined {
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const major = /\(PostgreSQL\)\s+(\d+)/.exec(runSync(program, ['--version']) ?? '')?.[1];
  return major ? Number(major) : undefined;
}

/** The tool whose major equals the server's, else the oldest newer one. */
export function findPgTool(tool: PgTool, serverMajor: number): string {
  const found = candidateDirs()
    .map((dir) => join(dir, tool))
    .filter(isExecutable)
    .map((path) => ({ path, major: majorOf(path) }))
    .filter((t): t is { path: string; major: number } => t.major !== undefined && t.major >= serverMajor)
    .sort((a, b) => a.major - b.major);
  if (found[0]) return found[0].path;
  throw new AppError('SERVICE_UNAVAILABLE', `No ${tool} for PostgreSQL ${serverMajor} or newer was found on this machine.`, {
    hint: `Install the PostgreSQL client programs (\`apt-get install postgresql-client-${serverMajor}\`, or your platform's equivalent).`,
  });
}

export interface Connection {
  /** The URL without its password (safe to show and to pass as an argument). */
  dbname: string;
  env: NodeJS.ProcessEnv;
}

export function connectionFor(url: string): Connection {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/**
 * Runs a pg tool to completion (against a database when `connection` is given); a non-zero
 * exit becomes an AppError: `failure` followed by the tool's last line.
 */
export function runPgTool(program: string, args: readonly string[], connection: Connection | undefined, failure: string): Promise<string> {
  const fullArgs = connection ? [...args, `--dbname=${connection.dbname}`] : args;
  return new Promise((resolve, reject) => {
    execFile(program, fullArgs, { env: connection?.env ?? process.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const lines = stderr.trim().split('\n');
      // The tools print "pg_dump: error: ..." then the context; the error line says the most.
      const reason = lines.find((l) => /\berror:/i.test(l))?.replace(/^\S+: error: /, '') ?? lines.at(-1) ?? '';
      reject(new AppError('SERVICE_UNAVAILABLE', `${failure} ${reason}`.trim(), { details: { program, output: lines.slice(0, 12).join('\n') } }));
    });
  });
}
