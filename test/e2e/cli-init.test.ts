// `twenty init` against existing services (env and flags), on an initialised home, and with
// unreachable services: each run through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';
import { freePort } from '../../src/core/provision/free-port.ts';

test('init --yes with PG_DATABASE_URL and REDIS_URL in the environment sets everything up', async () => {
  const { url } = await createTestDatabase();
  const home = tempHome();
  const env = cliEnv({ TWENTY_HOME: home, PG_DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL });
  const r = await runCli(['init', '--yes', '--json', '--workspace', 'Acme', '--admin-email', 'ada@acme.com'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.json?.ok, true);
  assert.equal(r.json?.data?.workspace.displayName, 'Acme');
  assert.match(r.json?.data?.apiKey.token, /^eyJ/);
  assert.ok(r.json?.data?.admin.password, 'a generated password is shown once');
  const file = join(home, 'config.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);

  const again = await runCli(['init', '--yes', '--json'], cliEnv({ TWENTY_HOME: home }));
  assert.equal(again.code, 6);
  assert.equal(again.json?.error?.code, 'ALREADY_EXISTS');

  const doctor = await runCli(['doctor', '--json'], cliEnv({ TWENTY_HOME: home }));
  assert.equal(doctor.code, 0, doctor.stdout);
  assert.equal(doctor.json?.ok, true);
});

test('init --yes takes the service URLs as flags too', async () => {
  const { url } = await createTestDatabase();
  const home = tempHome();
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], cliEnv({ TWENTY_HOME: home }));
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const ws = await runCli(['workspace', 'list', '--json'], cliEnv({ TWENTY_HOME: home }));
  assert.equal(ws.json?.data?.workspaces.length, 1);
});

test('init with an unreachable Postgres fails clearly and writes no config', async () => {
  const home = tempHome();
  const port = await freePort();
  const r = await runCli(['init', '--yes', '--json', '--pg-url', `postgres://postgres@127.0.0.1:${port}/postgres`, '--redis-url', TEST_REDIS_URL], cliEnv({ TWENTY_HOME: home }));
  assert.equal(r.code, 1);
  assert.equal(r.json?.error?.code, 'SERVICE_UNAVAILABLE');
  assert.ok(r.json?.error?.hint);
  assert.equal(existsSync(join(home, 'config.json')), false);
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
});

test('init with a Postgres user that does not exist fails clearly', async () => {
  const home = tempHome();
  const r = await runCli(['init', '--yes', '--json', '--pg-url', 'postgres://nobody_here:pw@127.0.0.1:5432/postgres', '--redis-url', TEST_REDIS_URL], cliEnv({ TWENTY_HOME: home }));
  assert.equal(r.code, 1);
  assert.equal(r.json?.error?.code, 'SERVICE_UNAVAILABLE');
  assert.equal(existsSync(join(home, 'config.json')), false);
});

test('init with an unreachable Redis fails clearly', async () => {
  const { url } = await createTestDatabase();
  const home = tempHome();
  const port = await freePort();
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', `redis://127.0.0.1:${port}`], cliEnv({ TWENTY_HOME: home }));
  assert.equal(r.code, 1);
  assert.equal(r.json?.error?.code, 'SERVICE_UNAVAILABLE');
});

test('an invalid config value is named with its source', async () => {
  const home = tempHome();
  const r = await runCli(['config', 'show', '--json'], cliEnv({ TWENTY_HOME: home, NODE_PORT: 'eighty' }));
  assert.equal(r.code, 1);
  assert.equal(r.json?.error?.code, 'CONFIG_INVALID');
  assert.match(r.json?.error?.message ?? '', /NODE_PORT.*env/);
});
