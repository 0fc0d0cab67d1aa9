import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor } from '../../src/api/query/cursor.ts';
import { AppError } from '../../src/core/errors.ts';

test('a cursor is base64 of the JSON of the order values and id, and decodes back', () => {
  const values = { 'name.firstName': 'Zoë', employees: null, id: '00000000-0000-4000-8000-000000010001' };
  const cursor = encodeCursor(values);
  assert.equal(Buffer.from(cursor, 'base64').toString('utf8'), JSON.stringify(values));
  assert.deepEqual(decodeCursor(cursor), { values });
});

test('garbage cursors are INVALID_CURSOR errors, never crashes', () => {
  for (const garbage of ['', 'not base64!', 'bm90IGpzb24=', encodeCursor([1] as never), Buffer.from('"text"').toString('base64'), Buffer.from('null').toString('base64')]) {
    assert.throws(
      () => decodeCursor(garbage),
      (error: unknown) => error instanceof AppError && error.code === 'INVALID_CURSOR' && error.spec.http === 400 && error.message.startsWith('Invalid cursor: '),
      garbage,
    );
  }
});
