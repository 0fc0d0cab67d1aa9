// A real private Redis in a temp dir: start with a password, check its settings, stop, restart.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { AppError } from '../../src/core/errors.ts';
import { freePort } from '../../src/core/provision/free-port.ts';
import { findRedisServer, managedRedisStatus, startManagedRedis, stopManagedRedis } from '../../src/core/provision/managed-redis.ts';
import { probeRedis } from '../../src/core/provision/probe.ts';

// Quotes and a backslash check that the password survives redis.conf quoting.
const password = `p"w\\${randomBytes(8).toString('hex')}`;
let base: string;
let dataDir: string;
let port: number;

async function withClient<T>(fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

function assertAppError(code: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.notEqual(error.spec.http, 500);
    assert.match(error.message, pattern);
    return true;
  };
}

before(async () => {
  base = mkdtempSync('/tmp/twenty-provision-redis-');
  dataDir = join(base, 'redis');
  port = await freePort();
});

after(async () => {
  await stopManagedRedis(dataDir).catch(() => {});
  rmSync(base, { recursive: true, force: true });
});

describe('managed Redis', () => {
  test('finds the installed redis-server', () => {
    assert.ok(findRedisServer());
  });

  test('starts a private Redis on 127.0.0.1 with AOF on and the noeviction policy', async () => {
    await startManagedRedis({ dataDir, port, password });
    const settings = await withClient(async (client) => ({
      ping: await client.ping(),
      appendonly: await client.config('GET', 'appendonly'),
      policy: await client.config('GET', 'maxmemory-policy'),
      bind: await client.config('GET', 'bind'),
      stored: await client.set('kept', 'survives a restart'),
    }));
    assert.deepEqual(settings, {
      ping: 'PONG',
      appendonly: ['appendonly', 'yes'],
      policy: ['maxmemory-policy', 'noeviction'],
      bind: ['bind', '127.0.0.1'],
      stored: 'OK',
    });
  });

  test('keeps the password off the command line and in a config file only its owner can read', async () => {
    const { pid } = await managedRedisStatus(dataDir);
    assert.ok(pid);
    assert.ok(!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(password));
    assert.equal(statSync(join(dataDir, 'redis.conf')).mode & 0o777, 0o600);
  });

  test('answers the probe with its version, policy and AOF state', async () => {
    const probe = await probeRedis(`redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`);
    assert.ok(probe.ok);
    assert.equal(probe.maxmemoryPolicy, 'noeviction');
    assert.equal(probe.aof, true);
    assert.match(probe.version, /^\d+\.\d+/);
  });

  test('refuses clients with a wrong or missing password, without throwing', async () => {
    const wrong = await probeRedis(`redis://:not-the-password@127.0.0.1:${port}`);
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.code, 'SERVICE_UNAVAILABLE');
    assert.match(wrong.error.message, /refused the credentials/);
    assert.doesNotMatch(`${wrong.error.message} ${wrong.error.hint}`, /not-the-password/);
    const missing = await probeRedis(`redis://127.0.0.1:${port}`);
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /requires a password/);
  });

  test('reports running, and starting again changes nothing', async () => {
    const status = await managedRedisStatus(dataDir);
    assert.equal(status.running, true);
    assert.equal(status.port, port);
    await startManagedRedis({ dataDir, port, password });
    assert.equal((await managedRedisStatus(dataDir)).pid, status.pid);
  });

  test('refuses to start on another port while it runs on one', async () => {
    await assert.rejects(startManagedRedis({ dataDir, port: port + 1, password }), assertAppError('CONFLICT', /already running on port/));
  });

  test('stops, reports stopped, and stopping again changes nothing', async () => {
    await stopManagedRedis(dataDir);
    assert.deepEqual(await managedRedisStatus(dataDir), { running: false });
    await stopManagedRedis(dataDir);
    const probe = await probeRedis(`redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`);
    assert.ok(!probe.ok);
    assert.match(probe.error.message, /connection refused/);
  });

  test('fails clearly when its port is taken by another program', async () => {
    await assert.rejects(startManagedRedis({ dataDir, port: 6379, password }), assertAppError('SERVICE_UNAVAILABLE', /Port 6379 .* taken/));
    assert.equal((await managedRedisStatus(dataDir)).running, false);
  });

  test('restarts with its data intact', async () => {
    await startManagedRedis({ dataDir, port, password });
    assert.equal(await withClient((client) => client.get('kept')), 'survives a restart');
  });
});
