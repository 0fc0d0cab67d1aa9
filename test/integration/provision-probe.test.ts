// The probes against the machine's own Postgres and Redis, and against nothing: they never throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../../src/core/provision/free-port.ts';
import { probePostgres, probeRedis, type ProbeFailure } from '../../src/core/provision/probe.ts';
import { ADMIN_PG_URL, TEST_REDIS_URL } from '../helpers/services.ts';

function assertFailure(probe: { ok: boolean } | ProbeFailure, code: string, pattern: RegExp): void {
  assert.equal(probe.ok, false);
  const { error } = probe as ProbeFailure;
  assert.equal(error.code, code);
  assert.match(error.message, pattern);
  assert.ok(error.hint);
}

test('probing the machine Postgres returns its server version', async () => {
  const probe = await probePostgres(ADMIN_PG_URL);
  assert.ok(probe.ok);
  assert.match(probe.version, /^\d+(\.\d+)?/);
});

test('probing Postgres on a closed port reports it unreachable, naming the target', async () => {
  const port = await freePort();
  const probe = await probePostgres(`postgres://postgres:secret-pw@127.0.0.1:${port}/postgres`);
  assertFailure(probe, 'SERVICE_UNAVAILABLE', new RegExp(`Cannot reach PostgreSQL.*127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(JSON.stringify((probe as ProbeFailure).error.details), /secret-pw/);
});

test('probing Postgres with an unknown user reports refused credentials', async () => {
  const url = new URL(ADMIN_PG_URL);
  url.username = 'no_such_twenty_user';
  url.password = 'secret-pw';
  const probe = await probePostgres(url.toString());
  assertFailure(probe, 'SERVICE_UNAVAILABLE', /refused the credentials/);
  assert.doesNotMatch((probe as ProbeFailure).error.message, /secret-pw/);
});

test('probing Postgres for a missing database says the database does not exist', async () => {
  const url = new URL(ADMIN_PG_URL);
  url.pathname = '/no_such_twenty_database';
  assertFailure(await probePostgres(url.toString()), 'SERVICE_UNAVAILABLE', /does not exist/);
});

test('probing a malformed URL fails as invalid configuration instead of throwing', async () => {
  assertFailure(await probePostgres('not a url'), 'CONFIG_INVALID', /not valid/);
  assertFailure(await probeRedis('http://127.0.0.1:6379'), 'CONFIG_INVALID', /not valid/);
});

test('probing the machine Redis returns its version, eviction policy and AOF state', async () => {
  const probe = await probeRedis(TEST_REDIS_URL);
  assert.ok(probe.ok);
  assert.match(probe.version, /^\d+\.\d+/);
  assert.notEqual(probe.maxmemoryPolicy, 'unknown');
  assert.equal(typeof probe.aof, 'boolean');
});

test('probing Redis on a closed port reports the connection refused', async () => {
  const port = await freePort();
  assertFailure(await probeRedis(`redis://127.0.0.1:${port}`), 'SERVICE_UNAVAILABLE', new RegExp(`127\\.0\\.0\\.1:${port}.*connection refused`));
});
