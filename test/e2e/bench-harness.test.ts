// The benchmark harness end to end at a tiny scale: real CLI setup, seeding, all three peers,
// the same-rows check, load, extras and the report. Timings are never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBench } from '../../bench/harness.ts';
import { renderMarkdown } from '../../bench/report.ts';
import { assertSameRows, type PeerInspections } from '../../bench/verify.ts';
import { QUERIES } from '../../bench/queries.ts';
import { ADMIN_PG_URL, TEST_REDIS_URL } from '../helpers/services.ts';

test('the harness seeds a workspace, finds every peer returning the same rows, measures each and reports', { timeout: 180_000 }, async () => {
  const lines: string[] = [];
  const result = await runBench({
    scale: 0.001,
    durationS: 1,
    warmupS: 0.2,
    connections: [4],
    runs: 1,
    only: ['q1', 'q5', 'm1'],
    keep: false,
    adminPgUrl: ADMIN_PG_URL,
    redisUrl: TEST_REDIS_URL,
    cachedWorkspaces: 5,
    extras: true,
    log: (line) => lines.push(line),
  });

  for (const query of QUERIES.filter((q) => !q.write)) {
    const seen = result.checks.filter((c) => c.query === query.id);
    assert.ok(seen.length >= 2, `${query.id} was checked on at least two peers`);
    assert.ok(seen[0].records > 0, `${query.id} returned records`);
    assert.deepEqual(new Set(seen.map((c) => c.records)).size, 1, `${query.id}: same number of records on every peer`);
  }
  assert.ok(!result.checks.some((c) => c.query === 'q5' && c.peer === 'postgraphile'), 'PostGraphile has no REST: q5 is n/a');
  assert.ok(result.checks.every((c) => c.statementsPerRequest >= 1), 'every request ran SQL');

  assert.deepEqual(result.cells.map((c) => c.query), ['q1', 'q5', 'm1']);
  for (const cell of result.cells) {
    for (const [peer, figures] of Object.entries(cell.peers)) {
      const run = figures.runs[0];
      assert.ok(run.requests > 0, `${cell.query} on ${peer} served requests`);
      assert.equal(run.errors, 0, `${cell.query} on ${peer} answered without errors`);
    }
  }
  assert.ok(result.dataset.seed.rows > 0);
  assert.ok(result.extras?.schema.build100Ms);
  assert.equal(result.extras?.metadataApply.fields, 100);

  const markdown = renderMarkdown(result);
  assert.match(markdown, /twenty\/PostGraphile/);
  assert.match(markdown, /## Targets/);
});

test('peers returning different rows stop the run before any timing', () => {
  const inspection = (ids: string[]): PeerInspections => new Map([['q3', { request: { method: 'POST', path: '/', headers: {} }, ids, statementsPerRequest: 1 }]]);
  const inspections = new Map([
    ['twenty', inspection(['a', 'b'])],
    ['raw', inspection(['a', 'c'])],
  ]);
  assert.throws(() => assertSameRows(QUERIES, inspections), /Peers disagree[\s\S]*q3: raw returned 2 ids, twenty 2; first difference at #1: c vs b/);
});
