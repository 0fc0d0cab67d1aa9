// The in-memory fallback of the rate limiter counts like the Redis script: fixed windows, all
// rules or none consumed, a fresh window after the old one ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryRateLimiter } from '../../src/auth/rate-limit-memory.ts';

const long = { name: 'rest', limit: 5, windowMs: 60_000 };
const short = { name: 'rest:short', limit: 2, windowMs: 1000 };

test('admits up to the limit per window, refuses beyond it without consuming, and starts a new window after it ends', () => {
  let now = 1_000_000;
  const limiter = createMemoryRateLimiter(() => now);
  const keys = ['a:long', 'a:short'];
  const first = limiter.consume(keys, [long, short], 1);
  assert.deepEqual(first.map((d) => [d.allowed, d.remaining]), [[true, 4], [true, 1]]);
  limiter.consume(keys, [long, short], 1);
  const refused = limiter.consume(keys, [long, short], 1);
  assert.deepEqual(refused.map((d) => d.allowed), [true, false], 'the short rule refuses');
  assert.equal(refused[1].resetMs, 1000);
  now += 1000;
  const next = limiter.consume(keys, [long, short], 1);
  assert.deepEqual(next.map((d) => [d.allowed, d.remaining]), [[true, 2], [true, 1]], 'the refused request consumed nothing from the long rule');
});

test('callers are counted apart, and a cost above the limit is refused', () => {
  const limiter = createMemoryRateLimiter(() => 0);
  assert.equal(limiter.consume(['a'], [short], 2)[0].allowed, true);
  assert.equal(limiter.consume(['b'], [short], 2)[0].allowed, true);
  assert.equal(limiter.consume(['a'], [short], 1)[0].allowed, false);
  assert.equal(limiter.consume(['c'], [short], 3)[0].allowed, false);
  assert.equal(limiter.size(), 2);
});
