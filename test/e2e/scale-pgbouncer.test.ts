// Issue #22, PgBouncer: init, workspace create, metadata apply, serve and worker all through a
// real PgBouncer in transaction pool mode (PG_PREPARED_STATEMENTS=false), with LISTEN/NOTIFY and
// the migration lock on PG_DATABASE_DIRECT_URL: REST and GraphQL CRUD work, a revoked key is
// refused on the next request (the auth-cache NOTIFY arrived), and a webhook is delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';
import { pgbouncerBinary, startPgBouncer } from '../helpers/pgbouncer.ts';
import { cliEnv, runCli, startProcess } from '../helpers/cli.ts';

const binary = pgbouncerBinary();

test('init, workspace create, metadata apply, serve and worker run through PgBouncer in transaction mode', { skip: binary ? false : 'pgbouncer is not installed' }, async () => {
  const receiver = await startDedupingReceiver();
  const stack = await startFaultStack({ receiver, operations: 'company.created' });
  const base = JSON.parse(readFileSync(join(stack.home, 'config.json'), 'utf8')) as Record<string, string>;
  await query(stack.db, sql`CREATE DATABASE ${ident('bounced')}`);
  const direct = new URL(base.PG_DATABASE_URL as string);
  direct.pathname = '/bounced';
  const bouncer = await startPgBouncer(binary as string, direct.toString());
  const home = mkdtempSync(join(tmpdir(), 'twenty-bounced-'));
  after(() => rmSync(home, { recursive: true, force: true }));
  const env = cliEnv({
    TWENTY_HOME: home,
    PG_DATABASE_URL: bouncer.url,
    PG_DATABASE_DIRECT_URL: direct.toString(),
    PG_PREPARED_STATEMENTS: 'false',
    REDIS_URL: base.REDIS_URL,
    QUEUE_PREFIX: 'bounced',
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  const init = await runCli(['init', '--yes', '--json', '--workspace', 'Bounced'], env, 120_000);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const created = await runCli(['workspace', 'create', 'Second', '--json'], env);
  assert.equal(created.code, 0, created.stderr + created.stdout);
  const applied = await runCli(['metadata', 'apply', join(import.meta.dirname, '..', '..', 'templates', 'example'), '--workspace', 'Second', '--json'], env, 120_000);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  const hook = await runCli(['webhook', 'create', '-w', 'Bounced', '--url', receiver.url(), '--operations', 'company.created', '--json'], env);
  assert.equal(hook.code, 0, hook.stderr + hook.stdout);
  const key = await runCli(['apikey', 'create', '-w', 'Bounced', '--name', 'bounced', '--json'], env);
  assert.equal(key.code, 0, key.stderr);
  const token = key.json?.data?.token as string;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Without the switch, the refusal is detected and named (no stack trace).
  const unswitched = await runCli(['serve', '--port', '0'], { ...env, PG_PREPARED_STATEMENTS: 'true' }, 60_000);
  assert.notEqual(unswitched.code, 0);
  assert.match(unswitched.stderr + unswitched.stdout, /PG_PREPARED_STATEMENTS=false/);
  assert.doesNotMatch(unswitched.stderr, /\n\s+at /);

  const server = await startProcess(['serve', '--port', '0'], env, /listening on (http:\/\/\S+)/, 60_000);
  const worker = await startProcess(['worker'], env, /worker started/, 60_000);
  try {
    const post = await fetch(`${server.url}/rest/companies`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Through the bouncer' }) });
    assert.equal(post.status, 201, await post.clone().text());
    const id = ((await post.json()) as { data: { createCompany: { id: string } } }).data.createCompany.id;
    const patch = await fetch(`${server.url}/rest/companies/${id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ name: 'Renamed' }) });
    assert.equal(patch.status, 200);
    const gql = await fetch(`${server.url}/graphql`, { method: 'POST', headers: auth, body: JSON.stringify({ query: `{ companies(filter: { id: { eq: "${id}" } }) { edges { node { name } } } }` }) });
    assert.equal(((await gql.json()) as { data: { companies: { edges: { node: { name: string } }[] } } }).data.companies.edges[0]?.node.name, 'Renamed');
    const del = await fetch(`${server.url}/rest/companies/${id}`, { method: 'DELETE', headers: auth });
    assert.equal(del.status, 200);

    // The webhook of the create is delivered by the worker (outbox LISTEN on the direct URL).
    await waitUntil(() => receiver.processed.size >= 1, 30_000, () => 'the company.created webhook was not delivered');

    // Cached authentication is dropped on revoke: the NOTIFY reached the listener.
    assert.equal((await fetch(`${server.url}/rest/companies`, { headers: auth })).status, 200);
    const revoked = await runCli(['apikey', 'revoke', key.json?.data?.id, '-w', 'Bounced', '--json'], env);
    assert.equal(revoked.code, 0);
    await waitUntil(async () => (await fetch(`${server.url}/rest/companies`, { headers: auth })).status === 403, 5_000, () => 'the revoked key still works');
    assert.match(bouncer.log(), /login attempt: db=bounced/, 'the traffic went through PgBouncer');
  } finally {
    assert.equal(await server.stop(), 0);
    assert.equal(await worker.stop(), 0);
  }
});
