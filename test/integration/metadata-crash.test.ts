// A process killed with SIGKILL in the middle of an apply: Postgres rolls its transaction back,
// so nothing is half-applied, there is no drift, and the same files apply afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { connect, one, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { catalogSnapshot, driftOf, metadataSnapshot, modelFixture, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db, url } = await openMetadataDb();
const ws = await newWorkspace(db, 'Crash');
const CHILD = fileURLToPath(new URL('../helpers/apply-child.ts', import.meta.url));
const MODEL = fileURLToPath(new URL('../fixtures/models/deal.yaml', import.meta.url));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('an apply killed with SIGKILL while blocked mid-transaction leaves nothing behind, and re-applying succeeds', async () => {
  const catalog = await catalogSnapshot(db, ws.schema);
  const metadata = await metadataSnapshot(db, ws.id);
  // Holding company exclusively stops the child at the foreign key of deal.company, after it has
  // created the deal table, its metadata rows and the first relation columns.
  const holder = await connect(db);
  await holder.query('BEGIN');
  await query(holder, sql`LOCK TABLE ${ident(ws.schema, 'company')} IN ACCESS EXCLUSIVE MODE`);
  const child = spawn(process.execPath, [CHILD, url, ws.id, MODEL], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const blocked = await waitFor('the child to wait for the company lock', async () => {
    const row = await one<{ pid: number }>(db, sql`SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT l.granted AND n.nspname = ${ws.schema} AND c.relname = 'company'`);
    return row?.pid;
  });
  assert.match(output, /add relation "deal.company"/, 'the child is in the middle of its plan');
  assert.doesNotMatch(output, /done/);
  child.kill('SIGKILL');
  const [code, signal] = await once(child, 'exit');
  assert.equal(signal, 'SIGKILL', `exit ${code}`);
  await holder.query('ROLLBACK');
  holder.release();
  // The orphaned backend notices its client is gone once it gets the lock, and aborts.
  await waitFor('the killed backend to end', async () => {
    const row = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${blocked}`);
    return row?.n === 0 ? true : undefined;
  });
  assert.deepEqual(await driftOf(db, ws.id), []);
  assert.deepEqual(await metadataSnapshot(db, ws.id), metadata, 'no metadata row of the killed apply');
  assert.deepEqual(await catalogSnapshot(db, ws.schema), catalog, 'no table, column, type or index of the killed apply');

  const spec = modelFixture('deal.yaml');
  const result = await applyModel(db, ws.id, spec);
  assert.equal(result.applied, true);
  assert.deepEqual(await driftOf(db, ws.id), []);
  assert.equal((await applyModel(db, ws.id, spec)).plan.steps.length, 0);
});
