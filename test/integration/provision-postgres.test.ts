// A real private Postgres cluster in a temp dir: init, start, connect, stop, restart.
// As root (our CI), the cluster belongs to the postgres user, so the temp dir must be traversable.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { AppError } from '../../src/core/errors.ts';
import { freePort } from '../../src/core/provision/free-port.ts';
import {
  findPostgresBinaries,
  initManagedPostgres,
  managedPostgresStatus,
  startManagedPostgres,
  stopManagedPostgres,
} from '../../src/core/provision/managed-postgres.ts';
import { probePostgres } from '../../src/core/provision/probe.ts';

const isRoot = process.getuid?.() === 0;
const password = randomBytes(12).toString('base64url');
let base: string;
let dataDir: string;
let port: number;

function url(pw = password): string {
  return `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`;
}

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function assertAppError(code: string, pattern?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.notEqual(error.spec.http, 500);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

before(async () => {
  base = mkdtempSync('/tmp/twenty-provision-pg-');
  chmodSync(base, 0o711);
  dataDir = join(base, 'home', 'postgres');
  port = await freePort();
});

after(async () => {
  await stopManagedPostgres(dataDir).catch(() => {});
  rmSync(base, { recursive: true, force: true });
});

describe('managed PostgreSQL', () => {
  test('finds the installed PostgreSQL server programs and their major version', () => {
    const binaries = findPostgresBinaries();
    assert.ok(binaries, 'expected initdb and pg_ctl on this machine');
    assert.ok(existsSync(join(binaries.bindir, 'initdb')));
    assert.ok(binaries.version >= 13);
  });

  test('initialises a cluster in a new directory and removes the password file afterwards', async () => {
    await initManagedPostgres({ dataDir, port, password });
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
    assert.deepEqual(readdirSync(join(base, 'home')), ['postgres']);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    if (isRoot) {
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      assert.equal(statSync(dataDir).uid, postgresUid);
    }
  });

  test('refuses to initialise a directory that already holds a cluster', async () => {
    await assert.rejects(initManagedPostgres({ dataDir, port, password }), assertAppError('ALREADY_EXISTS', /already exists/));
  });

  test('starts the cluster and accepts the superuser password on 127.0.0.1', async () => {
    await startManagedPostgres({ dataDir, port });
    const settings = await withClient(async (client) => {
      await client.query('CREATE TABLE kept (note text)');
      await client.query("INSERT INTO kept VALUES ('survives a restart')");
      const result = await client.query(
        "SELECT current_user AS who, current_setting('server_encoding') AS encoding, current_setting('lc_collate') AS collate, current_setting('password_encryption') AS encryption",
      );
      return result.rows[0];
    });
    assert.deepEqual(settings, { who: 'postgres', encoding: 'UTF8', collate: 'C.UTF-8', encryption: 'scram-sha-256' });
  });

  test('refuses a wrong password with a clear credentials error', async () => {
    const client = new pg.Client({ connectionString: url('wrong-password'), connectionTimeoutMillis: 5000 });
    await assert.rejects(client.connect(), (error: { code?: string }) => error.code === '28P01');
    await client.end().catch(() => {});
    const probe = await probePostgres(url('wrong-password'));
    assert.equal(probe.ok, false);
    if (!probe.ok) {
      assert.equal(probe.error.code, 'SERVICE_UNAVAILABLE');
      assert.match(probe.error.message, /refused the credentials/);
      assert.doesNotMatch(JSON.stringify({ m: probe.error.message, h: probe.error.hint, d: probe.error.details }), /wrong-password/);
    }
  });

  test('listens only on 127.0.0.1, with its unix socket inside the data directory', async () => {
    const listen = await withClient(async (client) => (await client.query('SHOW listen_addresses')).rows[0].listen_addresses);
    assert.equal(listen, '127.0.0.1');
    assert.ok(existsSync(join(dataDir, `.s.PGSQL.${port}`)));
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      const probe = await probePostgres(`postgres://postgres:${password}@${external.address}:${port}/postgres`, { timeoutMs: 2000 });
      assert.equal(probe.ok, false);
    }
  });

  test('reports running with its pid and port, and starting again changes nothing', async () => {
    const status = await managedPostgresStatus(dataDir);
    assert.equal(status.running, true);
    assert.equal(status.port, port);
    assert.ok(status.pid && status.pid > 0);
    await startManagedPostgres({ dataDir, port });
    assert.equal((await managedPostgresStatus(dataDir)).pid, status.pid);
  });

  test('refuses to start on another port while it runs on one', async () => {
    await assert.rejects(startManagedPostgres({ dataDir, port: port + 1 }), assertAppError('CONFLICT', /already running on port/));
  });

  test('stops, reports stopped, and stopping again changes nothing', async () => {
    await stopManagedPostgres(dataDir);
    assert.deepEqual(await managedPostgresStatus(dataDir), { running: false });
    await stopManagedPostgres(dataDir);
    const probe = await probePostgres(url(), { timeoutMs: 2000 });
    assert.equal(probe.ok, false);
  });

  test('fails clearly when its port is taken by another program', async () => {
    await assert.rejects(startManagedPostgres({ dataDir, port: 5432 }), assertAppError('SERVICE_UNAVAILABLE', /Port 5432 .* taken/));
    assert.equal((await managedPostgresStatus(dataDir)).running, false);
  });

  test('restarts with its data intact', async () => {
    await startManagedPostgres({ dataDir, port });
    const notes = await withClient(async (client) => (await client.query('SELECT note FROM kept')).rows);
    assert.deepEqual(notes, [{ note: 'survives a restart' }]);
    const probe = await probePostgres(url());
    assert.ok(probe.ok && /^\d+/.test(probe.version));
  });

  test('fails with NOT_FOUND when asked to start a directory without a cluster', async () => {
    await assert.rejects(startManagedPostgres({ dataDir: join(base, 'nothing-here'), port }), assertAppError('NOT_FOUND', /no PostgreSQL cluster/));
  });

  test('explains which directory the postgres user cannot enter when run as root', { skip: !isRoot && 'only root hands the cluster to the postgres user' }, async () => {
    const closed = mkdtempSync('/tmp/twenty-provision-closed-');
    try {
      await assert.rejects(
        initManagedPostgres({ dataDir: join(closed, 'home', 'postgres'), port, password }),
        assertAppError('SERVICE_UNAVAILABLE', new RegExp(`may not enter "${closed}"`)),
      );
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
