// Issue #22, Postgres replicas: a real streaming replica (pg_basebackup -R) of the test's managed
// primary; `twenty serve` with PG_DATABASE_REPLICA_URL reads plain reads there, a caller reads
// its own writes even while the replica's replay is paused, a lagging replica is skipped, and a
// killed replica leaves every read answered by the primary (one log line, a metric).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { one, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { startDedupingReceiver, waitUntil } from '../helpers/durability-webhooks.ts';
import { startFaultStack } from '../helpers/fault-stack.ts';
import { startPgReplica } from '../helpers/pg-replica.ts';

const receiver = await startDedupingReceiver();
const stack = await startFaultStack({ receiver, operations: 'company.created' });
const primaryUrl = (JSON.parse(readFileSync(join(stack.home, 'config.json'), 'utf8')) as Record<string, string>).PG_DATABASE_URL as string;
const replica = await startPgReplica(primaryUrl);
const companies = ident(stack.schemaName, 'company');

async function replicaCaughtUp(): Promise<boolean> {
  const p = await one<{ lsn: string }>(stack.db, sql`SELECT pg_current_wal_lsn()::text AS lsn`);
  const r = await one<{ ok: boolean }>(replica.db, sql`SELECT pg_last_wal_replay_lsn() >= ${p?.lsn}::pg_lsn AS ok`);
  return r?.ok === true;
}

async function metric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(line.exec(text)?.[1] ?? 0);
}

async function nameOf(server: Parameters<typeof stack.rest>[0], id: string): Promise<{ status: number; name?: string }> {
  const r = await stack.rest(server, 'GET', `/companies/${id}`);
  const body = (await r.json()) as { data?: { company?: { name?: string } } };
  return { status: r.status, name: body.data?.company?.name };
}

test('reads go to the replica, a caller reads its own writes on every server while replay is paused, and a killed replica leaves reads on the primary', async () => {
  // Two servers: read-your-writes holds across them (SERVER_INSTANCES > 1 shares pins in Redis).
  const replicated = { PG_DATABASE_REPLICA_URL: replica.url, PG_REPLICA_MAX_LAG_MS: '600000', SERVER_INSTANCES: '2' };
  const server = await stack.serve(replicated);
  const other = await stack.serve(replicated);
  const created = await stack.rest(server, 'POST', '/companies', { name: 'Before' });
  assert.equal(created.status, 201);
  const id = ((await created.json()) as { data: { createCompany: { id: string } } }).data.createCompany.id;
  await waitUntil(replicaCaughtUp, 20_000, () => 'the replica did not replay the first write');

  // A write the API did not see (straight to the primary) while replay is paused: a read that
  // still returns the old name was served by the replica.
  await query(replica.db, sql`SELECT pg_wal_replay_pause()`);
  await query(stack.db, sql`UPDATE ${companies} SET "name" = 'Written behind the API' WHERE "id" = ${id}`);
  await waitUntil(async () => (await nameOf(server, id)).name === 'Before', 20_000, () => 'reads never came from the replica');
  const sessions = await one<{ n: number }>(replica.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'twenty-server-replica'`);
  assert.ok((sessions?.n ?? 0) > 0, 'the server holds connections to the replica');

  // The caller's own write is read back at once, by REST and GraphQL, replay still paused.
  const patched = await stack.rest(server, 'PATCH', `/companies/${id}`, { name: 'Mine' });
  assert.equal(patched.status, 200);
  assert.deepEqual(await nameOf(server, id), { status: 200, name: 'Mine' });
  assert.deepEqual(await nameOf(other, id), { status: 200, name: 'Mine' }, 'the other server also reads the caller\'s write');
  const gql = await stack.graphql(server, `{ company(filter: { id: { eq: "${id}" } }) { name } }`);
  assert.equal(((await gql.json()) as { data: { company: { name: string } } }).data.company.name, 'Mine');
  const replicaReads = await metric(server.url, /twenty_db_reads_total\{target="replica"\} (\d+)/);
  const pinnedReads = await metric(server.url, /twenty_db_reads_total\{target="read-your-writes"\} (\d+)/);
  assert.ok(replicaReads > 0 && pinnedReads > 0, `replica reads ${replicaReads}, read-your-writes reads ${pinnedReads}`);

  // Another server with a tight lag limit skips the paused (lagging) replica.
  const strict = await stack.serve({ PG_DATABASE_REPLICA_URL: replica.url, PG_REPLICA_MAX_LAG_MS: '100' });
  await waitUntil(async () => (await metric(strict.url, /twenty_db_replica_lag_seconds\{replica="[^"]+"\} ([\d.e+-]+)/)) > 0.1, 20_000, () => 'the replica lag was not measured');
  assert.deepEqual(await nameOf(strict, id), { status: 200, name: 'Mine' });
  assert.equal(await metric(strict.url, /twenty_db_replica_up\{replica="[^"]+"\} (\d+)/), 0, 'the lagging replica is not used');
  assert.ok((await metric(strict.url, /twenty_db_reads_total\{target="no-replica"\} (\d+)/)) > 0, 'its reads went to the primary');
  strict.child.kill('SIGTERM');
  await query(replica.db, sql`SELECT pg_wal_replay_resume()`);
  await waitUntil(replicaCaughtUp, 20_000, () => 'the replica did not catch up after resume');
  other.child.kill('SIGTERM');

  // Replica read share of a read-only burst once the replica has caught up (pins released).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const reasons = ['replica', 'read-your-writes', 'no-replica', 'replica-failed'];
  const counts = async () => Promise.all(reasons.map((r) => metric(server.url, new RegExp(`twenty_db_reads_total\\{target="${r}"\\} (\\d+)`))));
  const before = await counts();
  for (let i = 0; i < 50; i += 1) assert.equal((await nameOf(server, id)).status, 200);
  const delta = (await counts()).map((n, i) => n - (before[i] as number));
  const share = (delta[0] as number) / delta.reduce((a, b) => a + b, 0);
  assert.ok(share > 0.9, `replica share of reads ${share} (${delta.join('/')})`);

  // Kill the replica under reads: every read answered (by the primary), one log line.
  const outcomes: string[] = [];
  let reading = true;
  let slowestMs = 0;
  const reader = (async () => {
    while (reading) {
      const started = performance.now();
      const r = await nameOf(server, id);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      if (r.status !== 200 || r.name !== 'Mine') outcomes.push(JSON.stringify(r));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const killedAt = performance.now();
  await replica.stop();
  await waitUntil(async () => (await metric(server.url, /twenty_db_replica_up\{replica="[^"]+"\} (\d+)/)) === 0, 20_000, () => 'the dead replica was not marked down');
  const detectMs = performance.now() - killedAt;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  reading = false;
  await reader;
  assert.deepEqual(outcomes, [], 'every read during the replica kill was answered with the latest data');
  assert.equal(server.lines(/postgres replica unavailable/).length, 1, 'one log line for the replica outage');
  console.log(`replica share of a read burst ${Math.round(share * 100)}% (${delta.join('/')} replica/read-your-writes/no-replica/failed); replica kill: detected in ${Math.round(detectMs)} ms, slowest read ${Math.round(slowestMs)} ms, 0 failed reads`);

  // It comes back by itself.
  await replica.start();
  await waitUntil(async () => (await metric(server.url, /twenty_db_replica_up\{replica="[^"]+"\} (\d+)/)) === 1, 20_000, () => 'the replica was not used again after it came back');
  assert.equal(server.lines(/postgres replica available again/).length, 1);
  server.child.kill('SIGTERM');
});
