// Workspaces, API keys, migrations and doctor through the real CLI and server.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, serve, tempHome } from '../helpers/cli.ts';
import { query, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';

const { url, db } = await createTestDatabase();
const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home });

before(async () => {
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

test('db migrate run twice at once: both succeed, nothing applied twice', async () => {
  const [a, b] = await Promise.all([runCli(['db', 'migrate', '--json'], env), runCli(['db', 'migrate', '--json'], env)]);
  assert.equal(a.code, 0, a.stdout + a.stderr);
  assert.equal(b.code, 0, b.stdout + b.stderr);
  const status = await runCli(['db', 'status', '--json'], env);
  assert.equal(status.json?.data?.pending, 0);
});

test('workspace create makes the schema, tables and columns; list shows it; delete removes it', async () => {
  const created = await runCli(['workspace', 'create', 'Globex', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  const schema = created.json?.data?.schemaName as string;
  const tables = await rows<{ t: string }>(db, sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${schema}`);
  assert.equal(tables.length, 11);
  const cols = await rows<{ c: string }>(db, sql`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = 'company'`);
  assert.ok(cols.some((c) => c.c === 'domainNamePrimaryLinkUrl'));

  const list = await runCli(['workspace', 'list', '--json'], env);
  assert.ok(list.json?.data?.workspaces.some((w: { displayName: string }) => w.displayName === 'Globex'));

  const dup = await runCli(['workspace', 'create', 'globex', '--json'], env);
  assert.equal(dup.code, 6);
  assert.equal(dup.json?.error?.code, 'ALREADY_EXISTS');

  const refused = await runCli(['workspace', 'delete', 'Globex', '--json'], env);
  assert.equal(refused.code, 2, 'no prompt without a TTY and no --yes');
  assert.equal(refused.json?.error?.code, 'CONFIRMATION_REQUIRED');

  const deleted = await runCli(['workspace', 'delete', 'Globex', '--yes', '--json'], env);
  assert.equal(deleted.code, 0);
  const left = await rows(db, sql`SELECT 1 FROM information_schema.schemata WHERE schema_name = ${schema}`);
  assert.equal(left.length, 0);
});

test('workspace create with an invalid id is refused and creates nothing', async () => {
  const r = await runCli(['workspace', 'create', 'Bad', '--id', 'not-a-uuid', '--json'], env);
  assert.equal(r.code, 1);
  assert.equal(r.json?.error?.code, 'BAD_USER_INPUT');
  const list = await runCli(['workspace', 'list', '--json'], env);
  assert.ok(!list.json?.data?.workspaces.some((w: { displayName: string }) => w.displayName === 'Bad'));
});

test('an API key works on the server until it is revoked, then fails on the next request', async () => {
  const created = await runCli(['workspace', 'create', 'Keys Inc', '--json'], env);
  const key = await runCli(['apikey', 'create', '-w', 'Keys Inc', '--name', 'ci', '--json'], env);
  assert.equal(key.code, 0, key.stderr);
  const token = key.json?.data?.token as string;
  const server = await serve(env);
  try {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const ok = await fetch(`${server.url}/rest/companies`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const listed = await runCli(['apikey', 'list', '-w', 'Keys Inc', '--json'], env);
    assert.equal(listed.json?.data?.apiKeys.length, 1);
    assert.ok(!JSON.stringify(listed.json).includes(token), 'list never shows tokens');
    const revoked = await runCli(['apikey', 'revoke', key.json?.data?.id, '-w', 'Keys Inc', '--json'], env);
    assert.equal(revoked.code, 0);
    const denied = await fetch(`${server.url}/rest/companies`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(denied.status, 403);
    assert.equal((await denied.json()).messages[0], 'This API Key is revoked');
  } finally {
    assert.equal(await server.stop(), 0, 'SIGTERM exits cleanly');
  }
  assert.ok(created.json?.data?.id);
});

test('doctor detects a column dropped behind its back', async () => {
  const created = await runCli(['workspace', 'create', 'Drifty', '--json'], env);
  const schema = created.json?.data?.schemaName as string;
  await query(db, sql`ALTER TABLE ${ident(schema, 'person')} DROP COLUMN "jobTitle"`);
  const r = await runCli(['doctor', '--json'], env);
  assert.equal(r.code, 1);
  assert.equal(r.json?.ok, false);
  const check = r.json?.data?.checks.find((c: { name: string }) => c.name.includes('Drifty'));
  assert.match(check.detail, /jobTitle/);
  assert.ok(check.hint);
});

test('doctor warns when the configured servers and workers would open more connections than max_connections', async () => {
  const fits = await runCli(['doctor', '--json'], env);
  const budget = (r: typeof fits) => r.json?.data?.checks.find((c: { name: string }) => c.name === 'connection budget');
  assert.equal(budget(fits).ok, true, budget(fits).detail);
  const r = await runCli(['doctor', '--json'], { ...env, SERVER_INSTANCES: '400', WORKER_INSTANCES: '10' });
  assert.equal(r.code, 1);
  assert.equal(budget(r).ok, false);
  assert.match(budget(r).detail, /max_connections/);
  assert.ok(budget(r).hint);
});
