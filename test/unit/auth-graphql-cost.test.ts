import assert from 'node:assert/strict';
import { test } from 'node:test';
import { graphqlCost, graphqlRequestCost } from '../../src/auth/graphql-cost.ts';
import { parseCorsOrigins } from '../../src/auth/cors.ts';
import { AppError } from '../../src/core/errors.ts';

test('a GraphQL document costs one unit per root field, aliases included', () => {
  assert.equal(graphqlCost('{ people { totalCount } }'), 1);
  assert.equal(graphqlCost(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: people { id }`).join(' ')} }`), 100);
  assert.equal(graphqlCost('{ __typename people { id } }'), 1, '__typename is free');
});

test('fragments and inline fragments at the root are expanded, and a fragment cycle does not loop', () => {
  assert.equal(graphqlCost('query { ...F ... on Query { b: people { id } } } fragment F on Query { a: people { id } c: companies { id } }'), 3);
  assert.equal(graphqlCost('query { ...F } fragment F on Query { a: people { id } ...F }'), 1);
});

test('only the operation that runs is counted when it is named; otherwise every operation', () => {
  const doc = 'query A { a: people { id } } query B { b: people { id } c: people { id } }';
  assert.equal(graphqlCost(doc, 'A'), 1);
  assert.equal(graphqlCost(doc, 'B'), 2);
  assert.equal(graphqlCost(doc), 3);
});

test('a batched array costs the sum; junk costs 1 and an oversized document is not parsed past the token cap', () => {
  assert.equal(graphqlRequestCost([{ query: '{ a: x b: x }' }, { query: '{ c: x }' }]), 3);
  assert.equal(graphqlRequestCost({ query: '{ not closed' }), 1);
  assert.equal(graphqlRequestCost('nonsense'), 1);
  assert.equal(graphqlCost(`{ ${'a '.repeat(30_000)} }`), 1);
});

test('with names, only those root fields count (login mutations on /metadata)', () => {
  const names = ['getLoginTokenFromCredentials'];
  assert.equal(graphqlRequestCost({ query: 'mutation { a: getLoginTokenFromCredentials(email: "", password: "", origin: "") { loginToken { token } } b: renewToken(appToken: "") { tokens { refreshToken { token } } } }' }, names), 1);
  assert.equal(graphqlRequestCost({ query: '{ getRoles { id } }' }, names), 0);
});

test('CORS origins parse from a comma-separated list and anything that is not an origin is refused', () => {
  assert.deepEqual(parseCorsOrigins(' https://a.example.com, http://localhost:3001 '), ['https://a.example.com', 'http://localhost:3001']);
  assert.deepEqual(parseCorsOrigins(''), []);
  assert.deepEqual(parseCorsOrigins('*'), ['*']);
  for (const bad of ['https://a.example.com/path', 'ftp://x', 'nope']) {
    assert.throws(() => parseCorsOrigins(bad), (e: unknown) => e instanceof AppError && e.code === 'CONFIG_INVALID');
  }
});

test('rate limit rules: each API class has its per-minute limit and Twenty’s burst limit; login only its own', async () => {
  const { DEFAULT_RATE_LIMIT_SETTINGS, rateLimitRules } = await import('../../src/auth/rate-limit.ts');
  const rules = rateLimitRules(DEFAULT_RATE_LIMIT_SETTINGS);
  assert.deepEqual(rules.graphql, [{ name: 'graphql', limit: 100, windowMs: 60_000 }, { name: 'graphql:short', limit: 100, windowMs: 1000 }]);
  assert.deepEqual(rules.rest[0], { name: 'rest', limit: 200, windowMs: 60_000 });
  assert.deepEqual(rules.metadata[0]?.limit, 50);
  assert.deepEqual(rules.login, [{ name: 'login', limit: 20, windowMs: 60_000 }]);
});
