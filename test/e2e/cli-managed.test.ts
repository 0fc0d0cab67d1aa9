// `twenty init --yes` with nothing given: a private Postgres and Redis in the home, on free
// ports, started on demand by later commands and stopped by `twenty services stop`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, runCli, serve, tempHome } from '../helpers/cli.ts';

const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home });

test('init --yes provisions managed Postgres and Redis, and the instance works end to end', async () => {
  const r = await runCli(['init', '--yes', '--json'], env, 120_000);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.json?.data?.postgres.managed, true);
  assert.equal(r.json?.data?.redis.managed, true);
  assert.match(r.json?.data?.postgres.url, /127\.0\.0\.1:\d+/);
  assert.doesNotMatch(JSON.stringify(r.json), /postgres:\/\/postgres:[^*@]+@/, 'the generated password is redacted');

  const status = await runCli(['services', 'status', '--json'], env);
  assert.deepEqual(status.json?.data?.services.map((s: { running: boolean }) => s.running), [true, true]);

  const doctor = await runCli(['doctor', '--json'], env);
  assert.equal(doctor.code, 0, doctor.stdout);

  const stop = await runCli(['services', 'stop', '--json'], env);
  assert.equal(stop.code, 0);
  assert.deepEqual(stop.json?.data?.services.map((s: { running: boolean }) => s.running), [false, false]);

  // Any command that needs the services starts them again.
  const list = await runCli(['workspace', 'list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.json?.data?.workspaces.length, 1);

  const server = await serve(env);
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(await server.stop(), 0);
  // Stop here, not in an after hook: the home (with the pidfiles) is removed by one.
  assert.equal((await runCli(['services', 'stop'], env)).code, 0);
});
