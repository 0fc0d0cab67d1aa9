import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, ident, int, join, literal, sql } from '../../src/core/sql.ts';

test('values become numbered parameters and fragments keep their own values in order', () => {
  const where = sql`${ident('t', 'name')} = ${'x'}`;
  const q = compile(sql`SELECT * FROM ${ident('ws', 'company')} AS t WHERE ${where} AND ${ident('t', 'n')} > ${3} LIMIT ${int(21)}`);
  assert.equal(q.text, 'SELECT * FROM "ws"."company" AS t WHERE "t"."name" = $1 AND "t"."n" > $2 LIMIT 21');
  assert.deepEqual(q.values, ['x', 3]);
});

test('identifiers with quotes are escaped, never closed early', () => {
  assert.equal(compile(ident('a"b')).text, '"a""b"');
});

test('literals escape single quotes and refuse NUL', () => {
  assert.equal(compile(literal("it's")).text, "'it''s'");
  assert.throws(() => literal('a\u0000b'));
});

test('join puts separators between fragments', () => {
  assert.deepEqual(compile(join([sql`${1}`, sql`${2}`])), { text: '$1, $2', values: [1, 2] });
});

test('sql refuses to be called with a runtime string array', () => {
  assert.throws(() => (sql as unknown as (s: string[]) => unknown)(['DROP TABLE x']));
});
