// A private ("managed") PostgreSQL cluster inside the instance's home: initdb once, then pg_ctl
// start/stop on demand. It listens on 127.0.0.1 only, with its unix socket inside the data dir,
// and password (scram-sha-256) authentication for every connection, local ones included.
//
// Postgres refuses to run as root. When we are root, the data dir belongs to the `postgres`
// system user and initdb/pg_ctl run through `runuser -u postgres --`. That user must be able to
// traverse every directory above the data dir; a home under /root (mode 0700) is not. We do not
// loosen system directories on the user's behalf: init detects the blocking directory and fails
// with a sentence naming it and the two fixes (`chmod o+x`, or a home such as /var/lib/twenty).
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import { assertPortFree } from './free-port.ts';
import { findExecutable, isExecutable, isServerPid, run, runSync, tailFile, type RunResult } from './process.ts';

export interface PostgresBinaries {
  bindir: string;
  version: number;
}

export interface ManagedPostgresStatus {
  running: boolean;
  pid?: number;
  port?: number;
}

const DEBIAN_PG_ROOT = '/usr/lib/postgresql';
const LOG_FILE = 'postgres.log';
const START_TIMEOUT_S = '60';

function binariesIn(bindir: string): PostgresBinaries | undefined {
  const pgCtl = join(bindir, 'pg_ctl');
  if (!isExecutable(join(bindir, 'initdb')) || !isExecutable(pgCtl)) return undefined;
  // "pg_ctl (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const major = /\(PostgreSQL\)\s+(\d+)/.exec(runSync(pgCtl, ['--version']) ?? '')?.[1];
  return major ? { bindir, version: Number(major) } : undefined;
}

function debianBindirs(): string[] {
  let versions: string[];
  try {
    versions = readdirSync(DEBIAN_PG_ROOT).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return versions.sort((a, b) => Number(b) - Number(a)).map((v) => join(DEBIAN_PG_ROOT, v, 'bin'));
}

function pathBindir(): string | undefined {
  const initdb = findExecutable('initdb');
  // pg_ctl finds `postgres` next to its real path, so a symlink on PATH stands for its target dir.
  return initdb ? dirname(realpathSync(initdb)) : undefined;
}

/**
 * The initdb/pg_ctl to use: `pg_config --bindir`, else the newest /usr/lib/postgresql/<v>/bin,
 * else the ones on PATH. `preferVersion` picks a matching major first (an existing cluster can
 * only be run by the major that created it; Debian installs several side by side).
 */
export function findPostgresBinaries(options: { preferVersion?: number } = {}): PostgresBinaries | undefined {
  const pgConfig = findExecutable('pg_config');
  const dirs = [pgConfig ? runSync(pgConfig, ['--bindir']) : undefined, ...debianBindirs(), pathBindir()];
  const found: PostgresBinaries[] = [];
  for (const dir of new Set(dirs.filter((d): d is string => Boolean(d)))) {
    const binaries = binariesIn(dir);
    if (binaries) found.push(binaries);
  }
  return found.find((b) => b.version === options.preferVersion) ?? found[0];
}

function missingBinaries(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', 'No PostgreSQL server programs (initdb, pg_ctl) were found on this machine.', {
    hint: 'Install Debian\'s "postgresql" package (`apt-get install postgresql`), or use an existing server by setting PG_DATABASE_URL.',
  });
}

interface ServerUser {
  uid: number;
  gid: number;
  runuser: string;
}

/** The account that runs Postgres: ourselves, or the `postgres` system user when we are root. */
function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = runSync('id', ['-u', 'postgres']);
  const gid = runSync('id', ['-g', 'postgres']);
  if (!uid || !gid) {
    throw new AppError('SERVICE_UNAVAILABLE', 'PostgreSQL refuses to run as root, and there is no "postgres" system user to run it as.', {
      hint: 'Install Debian\'s "postgresql" package (it creates the user), create one with `useradd --system postgres`, or run twenty as a regular user.',
    });
  }
  const runuser = findExecutable('runuser', ['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  if (!runuser) {
    throw new AppError('SERVICE_UNAVAILABLE', 'PostgreSQL refuses to run as root, and `runuser` (util-linux) is missing to run it as "postgres".', {
      hint: 'Install util-linux, or run twenty as a regular user.',
    });
  }
  return { uid: Number(uid), gid: Number(gid), runuser };
}

function runAs(user: ServerUser | undefined, program: string, args: readonly string[]): Promise<RunResult> {
  // cwd "/" because the postgres user may not be allowed into our working directory.
  // Longer than pg_ctl's own -t wait, so pg_ctl reports the timeout rather than being killed.
  const timeoutMs = 120_000;
  if (user) return run(user.runuser, ['-u', 'postgres', '--', program, ...args], { cwd: '/', timeoutMs });
  return run(program, args, { timeoutMs });
}

/** Ancestors of dir from the root down: /, /a, /a/b, ..., dir. */
function ancestors(dir: string): string[] {
  const parent = dirname(dir);
  return parent === dir ? [dir] : [...ancestors(parent), dir];
}

async function assertReachable(user: ServerUser, dir: string, dataDir: string): Promise<void> {
  // `test -x` as the postgres user, top-down: the first failure is the directory that blocks it.
  const script = 'for d do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done';
  const result = await run(user.runuser, ['-u', 'postgres', '--', 'sh', '-c', script, 'sh', ...ancestors(dir)], { cwd: '/' });
  if (result.code === 0) return;
  const blocking = result.stdout || dir;
  throw new AppError('SERVICE_UNAVAILABLE', `The "postgres" user cannot reach the data directory "${dataDir}": it may not enter "${blocking}".`, {
    hint: `PostgreSQL runs as "postgres" because we are root. Run \`chmod o+x ${blocking}\` (lets other users pass through without listing it), or set TWENTY_HOME to a directory outside it, such as /var/lib/twenty.`,
    details: { dataDir, blocking },
  });
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function confQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function commandFailed(message: string, result: RunResult, hint: string, extra: Record<string, unknown> = {}): AppError {
  const output = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-8).join('\n');
  return new AppError('SERVICE_UNAVAILABLE', message, { hint, details: { exitCode: result.code, output, ...extra } });
}

function assertEmptyDataDir(dataDir: string): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new AppError('ALREADY_EXISTS', `A PostgreSQL cluster already exists in "${dataDir}".`, {
      hint: 'Start it instead; to start over, stop it and remove the directory (its data is lost).',
      details: { dataDir },
    });
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new AppError('ALREADY_EXISTS', `The directory "${dataDir}" is not empty, so no PostgreSQL cluster can be created in it.`, {
      hint: 'Choose an empty or new directory.',
      details: { dataDir },
    });
  }
}

/**
 * Creates the cluster: superuser "postgres" with the given password, scram-sha-256 for every
 * connection, UTF8 with the C.UTF-8 locale, and a postgresql.conf that keeps it on 127.0.0.1 even
 * when someone starts it by hand with plain pg_ctl.
 */
export async function initManagedPostgres(opts: { dataDir: string; port: number; password: string }): Promise<void> {
  const dataDir = resolve(opts.dataDir);
  if (!opts.password || /[\r\n]/.test(opts.password)) {
    throw new AppError('BAD_USER_INPUT', 'The managed PostgreSQL password must be non-empty and on one line.');
  }
  const binaries = findPostgresBinaries();
  if (!binaries) throw missingBinaries();
  assertEmptyDataDir(dataDir);
  const user = serverUser();
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (user) await assertReachable(user, parent, dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The password file sits beside the data dir (known reachable; initdb wants the data dir empty).
  const pwfile = join(parent, `.${basename(dataDir)}.pwfile`);
  writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
  try {
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    const args = ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8'];
    const result = await runAs(user, join(binaries.bindir, 'initdb'), args);
    if (result.code !== 0) {
      throw commandFailed(`initdb could not create a PostgreSQL cluster in "${dataDir}".`, result, 'Read the output in the error details; check free disk space and that the C.UTF-8 locale exists.', { dataDir });
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      '',
      '# Written by twenty: a private cluster reachable only from this machine.',
      "listen_addresses = '127.0.0.1'",
      `port = ${opts.port}`,
      `unix_socket_directories = ${confQuote(dataDir)}`,
      '',
    ].join('\n'),
  );
}

function clusterVersion(dataDir: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8'), 10);
  } catch {
    return undefined;
  }
}

/** Running state from postmaster.pid (line 1 pid, line 4 port); readable without becoming postgres. */
export async function managedPostgresStatus(dataDir: string): Promise<ManagedPostgresStatus> {
  let lines: string[];
  try {
    lines = readFileSync(join(resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return { running: false };
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isServerPid(pid, 'postgres')) return { running: false };
  return Number.isInteger(port) ? { running: true, pid, port } : { running: true, pid };
}

/** Starts the cluster on port; already running on that port is success. */
export async function startManagedPostgres(opts: { dataDir: string; port: number }): Promise<void> {
  const dataDir = resolve(opts.dataDir);
  const version = clusterVersion(dataDir);
  if (version === undefined) {
    throw new AppError('NOT_FOUND', `There is no PostgreSQL cluster in "${dataDir}".`, {
      hint: 'Create it with `twenty init`, or set PG_DATABASE_URL to use an existing server.',
      details: { dataDir },
    });
  }
  const status = await managedPostgresStatus(dataDir);
  if (status.running) {
    if (status.port === undefined || status.port === opts.port) return;
    throw new AppError('CONFLICT', `The managed PostgreSQL in "${dataDir}" is already running on port ${status.port}, not ${opts.port}.`, {
      hint: 'Stop it first, or use the port it runs on.',
      details: { dataDir, runningPort: status.port, wantedPort: opts.port },
    });
  }
  const binaries = findPostgresBinaries({ preferVersion: version });
  if (!binaries) throw missingBinaries();
  if (binaries.version !== version) {
    throw new AppError('SERVICE_UNAVAILABLE', `The cluster in "${dataDir}" was created by PostgreSQL ${version}, but PostgreSQL ${binaries.version} is installed.`, {
      hint: `Install PostgreSQL ${version} (Debian: postgresql-${version}) alongside, or upgrade the cluster with pg_upgrade.`,
      details: { dataDir, clusterVersion: version, installedVersion: binaries.version },
    });
  }
  await assertPortFree(opts.port, 'managed PostgreSQL');
  const log = join(dataDir, LOG_FILE);
  const serverOptions = `-p ${opts.port} -k ${shellQuote(dataDir)} -c listen_addresses=127.0.0.1`;
  const result = await runAs(serverUser(), join(binaries.bindir, 'pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', START_TIMEOUT_S, '-o', serverOptions, 'start']);
  if (result.code !== 0) {
    const logTail = tailFile(log);
    const hint = /already in use/i.test(logTail)
      ? `Port ${opts.port} is taken by another program; choose another port for the managed PostgreSQL.`
      : `Read the server log at "${log}".`;
    throw commandFailed(`The managed PostgreSQL in "${dataDir}" did not start.`, result, hint, { dataDir, port: opts.port, logTail });
  }
}

/** Stops the cluster (fast shutdown: open sessions are ended, committed data is safe); not running is success. */
export async function stopManagedPostgres(dataDir: string): Promise<void> {
  const dir = resolve(dataDir);
  if (!(await managedPostgresStatus(dir)).running) return;
  const binaries = findPostgresBinaries({ preferVersion: clusterVersion(dir) });
  if (!binaries) throw missingBinaries();
  const result = await runAs(serverUser(), join(binaries.bindir, 'pg_ctl'), ['-D', dir, '-m', 'fast', '-w', '-t', START_TIMEOUT_S, 'stop']);
  if (result.code !== 0) {
    throw commandFailed(`The managed PostgreSQL in "${dir}" did not stop.`, result, `Read the server log at "${join(dir, LOG_FILE)}".`, { dataDir: dir });
  }
}
