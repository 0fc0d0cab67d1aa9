// A real streaming replica of a test's managed Postgres: `pg_basebackup -R` (as the `postgres`
// user when we are root, like the managed cluster itself) into the test's home, started on a
// free port with the product's own pg_ctl wrapper. Stopped with the home by the caller's hooks.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after } from 'node:test';
import { createDb, type Db } from '../../src/core/db.ts';
import { findPostgresBinaries, startManagedPostgres, stopManagedPostgres } from '../../src/core/provision/managed-postgres.ts';
import { freePort } from '../../src/core/provision/free-port.ts';

const run = promisify(execFile);

export interface PgReplica {
  url: string;
  /** A superuser pool on the replica (pause/resume replay, look at its sessions). */
  db: Db;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startPgReplica(primaryUrl: string): Promise<PgReplica> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error('PostgreSQL server programs are missing (apt-get install postgresql)');
  // A directory of its own (the postgres user may traverse it), removed after the replica stops.
  const home = mkdtempSync(join(tmpdir(), 'twenty-replica-'));
  chmodSync(home, 0o711);
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  let db: Db | undefined;
  after(async () => {
    await db?.end().catch(() => {});
    await stopManagedPostgres(dataDir).catch(() => {});
    rmSync(home, { recursive: true, force: true });
  });
  const primary = new URL(primaryUrl);
  const basebackup = [join(binaries.bindir, 'pg_basebackup'), '-h', primary.hostname, '-p', primary.port, '-U', decodeURIComponent(primary.username), '-D', dataDir, '-R', '-X', 'stream'];
  const env = `PGPASSWORD=${decodeURIComponent(primary.password)}`;
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    chownSync(dataDir, uid, gid);
    await run('runuser', ['-u', 'postgres', '--', 'env', env, ...basebackup], { cwd: '/' });
  } else {
    await run(basebackup[0] as string, basebackup.slice(1), { env: { ...process.env, PGPASSWORD: decodeURIComponent(primary.password) } });
  }
  const port = await freePort();
  const start = () => startManagedPostgres({ dataDir, port });
  await start();
  const url = new URL(primaryUrl);
  url.port = String(port);
  db = createDb(url.toString(), { max: 2, applicationName: 'test-replica' });
  return { url: url.toString(), db, stop: () => stopManagedPostgres(dataDir), start };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['postgres']);
  const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
  return { uid, gid };
}
