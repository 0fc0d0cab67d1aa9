import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionBudget } from '../../src/cli/connection-budget.ts';

test('the budget counts each server and worker pool plus its LISTEN connection against max_connections', () => {
  const b = connectionBudget({ servers: 4, workers: 2, pool: 10, pooled: false, maxConnections: 100, reserved: 3 });
  assert.equal(b.needed, 6 * 11 + 4);
  assert.equal(b.ok, true);
  assert.equal(connectionBudget({ servers: 8, workers: 2, pool: 10, pooled: false, maxConnections: 100, reserved: 3 }).ok, false);
});

test('behind PgBouncer only the direct LISTEN connections count against Postgres', () => {
  const b = connectionBudget({ servers: 8, workers: 2, pool: 10, pooled: true, maxConnections: 100, reserved: 3 });
  assert.equal(b.needed, 10 + 4);
  assert.equal(b.ok, true);
});
