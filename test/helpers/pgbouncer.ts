// A real PgBouncer (Debian's `pgbouncer`) in transaction pool mode in front of a test's
// Postgres, on a free port in a temp dir. Installed with apt when missing and we are root; with
// CI=true a missing binary fails the test instead of skipping it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { freePort } from '../../src/core/provision/free-port.ts';

const BINARY = '/usr/sbin/pgbouncer';

/** The binary, installing it when possible; undefined (skip) only outside CI. */
export function pgbouncerBinary(): string | undefined {
  if (!existsSync(BINARY) && process.getuid?.() === 0) {
    spawnSync('apt-get', ['install', '-y', '-q', 'pgbouncer'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (existsSync(BINARY)) return BINARY;
  if (process.env.CI === 'true') throw new Error('pgbouncer is required in CI: apt-get install pgbouncer');
  return undefined;
}

export interface PgBouncer {
  /** PG_DATABASE_URL through the bouncer. */
  url: string;
  log(): string;
}

export async function startPgBouncer(binary: string, primaryUrl: string): Promise<PgBouncer> {
  const target = new URL(primaryUrl);
  const dir = mkdtempSync(join(tmpdir(), 'twenty-pgbouncer-'));
  const port = await freePort();
  const logFile = join(dir, 'pgbouncer.log');
  writeFileSync(join(dir, 'userlist.txt'), `"${decodeURIComponent(target.username)}" "${decodeURIComponent(target.password)}"\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 20',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${logFile}`,
      'log_connections = 1',
      '',
    ].join('\n'),
  );
  const args = [join(dir, 'pgbouncer.ini')];
  // PgBouncer will not run as root: -u drops to the postgres user, who must read the files.
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o711);
    for (const f of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, f), uidOf('postgres'), gidOf('postgres'));
    args.unshift('-u', 'postgres');
  }
  const child: ChildProcess = spawn(binary, args, { stdio: 'ignore' });
  after(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 100 && !(await accepts(port)); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const url = new URL(primaryUrl);
  url.port = String(port);
  return { url: url.toString(), log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '') };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
