import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFindMany } from '../../src/api/query/find.ts';
import { decodeCursor } from '../../src/api/query/cursor.ts';
import type { ConnectionQuery, OrderDirection, OrderTerm } from '../../src/api/query/ir.ts';
import { runCompiled } from '../../src/api/query/run.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { buildModel, connectionQuery, createWorkspaceSchema, insertRow, listQuery } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();
const model: WorkspaceModel = buildModel('workspace_pagination');
const ROWS = 37;

/** Deterministic pseudo-random numbers (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

before(async () => {
  await createWorkspaceSchema(db, model);
  const next = random(42);
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
  for (let i = 0; i < ROWS; i++) {
    await insertRow(db, model, 'company', {
      name: pick([null, 'a', 'b', 'B', 'c']),
      employees: pick([null, 1, 2, 2, 3]),
      createdAt: pick(['2024-01-01T00:00:00.000001Z', '2024-01-01T00:00:00.000002Z', '2024-01-01T00:00:00.000002Z']),
      annualRecurringRevenueAmountMicros: pick([null, '1', '10', '1.5']),
    });
  }
});

interface Page {
  edges: { node: { id: string }; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(q: ConnectionQuery): Promise<Page> {
  return (await runCompiled(db, compileFindMany(model, q))) as Page;
}

async function walkForward(orderBy: OrderTerm[], limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const p = await page(connectionQuery('company', { orderBy, limit, after: after === null ? undefined : decodeCursor(after) }));
    ids.push(...p.edges.map((e) => e.node.id));
    assert.equal(p.pageInfo.hasPreviousPage, false);
    assert.equal(p.pageInfo.endCursor, p.edges.at(-1)?.cursor ?? null);
    if (!p.pageInfo.hasNextPage) return ids;
    assert.equal(p.edges.length, limit);
    after = p.pageInfo.endCursor;
  }
}

async function walkBackward(orderBy: OrderTerm[], limit: number): Promise<string[]> {
  let ids: string[] = [];
  let before: string | null = null;
  for (;;) {
    const p = await page(connectionQuery('company', { orderBy, limit, direction: 'backward', before: before === null ? undefined : decodeCursor(before) }));
    ids = [...p.edges.map((e) => e.node.id), ...ids];
    assert.equal(p.pageInfo.hasNextPage, false);
    assert.equal(p.pageInfo.startCursor, p.edges[0]?.cursor ?? null);
    if (!p.pageInfo.hasPreviousPage) return ids;
    assert.equal(p.edges.length, limit);
    before = p.pageInfo.startCursor;
  }
}

const DIRECTIONS: OrderDirection[] = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'];
const ORDERS: OrderTerm[][] = [
  ...DIRECTIONS.map((direction) => [{ field: 'employees', direction }]),
  ...DIRECTIONS.map((direction, i) => [{ field: 'name', direction }, { field: 'employees', direction: DIRECTIONS[3 - i] }]),
  [{ field: 'createdAt', direction: 'DescNullsLast' }],
  [{ field: 'annualRecurringRevenue', subField: 'amountMicros', direction: 'AscNullsLast' }, { field: 'createdAt', direction: 'AscNullsFirst' }],
];

for (const orderBy of ORDERS) {
  const label = orderBy.map((t) => `${t.field}${t.subField ? `.${t.subField}` : ''} ${t.direction}`).join(', ');
  test(`walking pages of 1..7 forward and backward by ${label} visits every row once, in order`, async () => {
    const all = ((await runCompiled(db, compileFindMany(model, listQuery('company', { orderBy })))) as { id: string }[]).map((r) => r.id);
    assert.equal(all.length, ROWS);
    for (let limit = 1; limit <= 7; limit++) {
      assert.deepEqual(await walkForward(orderBy, limit), all, `forward, pages of ${limit}`);
      assert.deepEqual(await walkBackward(orderBy, limit), all, `backward, pages of ${limit}`);
    }
  });
}

test('a list shape walked backward from a cursor comes back in ascending order', async () => {
  const orderBy: OrderTerm[] = [{ field: 'employees', direction: 'AscNullsLast' }];
  const all = ((await runCompiled(db, compileFindMany(model, connectionQuery('company', { orderBy, limit: ROWS })))) as Page).edges;
  const before = decodeCursor(all[10].cursor);
  const rows = (await runCompiled(db, compileFindMany(model, listQuery('company', { orderBy, direction: 'backward', limit: 4, before })))) as { id: string }[];
  assert.deepEqual(rows.map((r) => r.id), all.slice(6, 10).map((e) => e.node.id));
});
