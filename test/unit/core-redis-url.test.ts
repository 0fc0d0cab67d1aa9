// REDIS_URL forms: one node, Sentinel and Cluster, parsed once; bad forms name the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasHashTag, parseRedisUrl, queuePrefixFor } from '../../src/core/redis-url.ts';
import { loadConfig, redactUrl } from '../../src/core/config.ts';
import { AppError } from '../../src/core/errors.ts';
import { rateLimitKeys } from '../../src/auth/rate-limit.ts';

function rejects(url: string, why: RegExp): void {
  assert.throws(
    () => parseRedisUrl(url),
    (error: unknown) => error instanceof AppError && error.code === 'CONFIG_INVALID' && /REDIS_URL/.test(error.message) && why.test(error.message),
  );
}

test('a single-node URL is passed to ioredis as it is', () => {
  assert.deepEqual(parseRedisUrl('redis://:secret@cache:6380/2'), { kind: 'single', url: 'redis://:secret@cache:6380/2' });
  assert.equal(parseRedisUrl('rediss://cache:6379').kind, 'single');
});

test('a sentinel URL gives the sentinels, the master name, the database and the credentials', () => {
  assert.deepEqual(parseRedisUrl('redis+sentinel://:p%40ss@s1:26379,s2:26380,s3/mymaster/3?sentinelPassword=sp'), {
    kind: 'sentinel',
    sentinels: [
      { host: 's1', port: 26379 },
      { host: 's2', port: 26380 },
      { host: 's3', port: 26379 },
    ],
    name: 'mymaster',
    db: 3,
    password: 'p@ss',
    username: undefined,
    sentinelPassword: 'sp',
  });
});

test('a cluster URL gives the seed nodes and the credentials', () => {
  assert.deepEqual(parseRedisUrl('redis+cluster://user:pw@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002'), {
    kind: 'cluster',
    nodes: [
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '::1', port: 7002 },
    ],
    username: 'user',
    password: 'pw',
  });
});

test('bad forms are refused with CONFIG_INVALID naming REDIS_URL and the problem', () => {
  rejects('http://cache:6379', /unknown scheme "http:\/\/"/);
  rejects('cache:6379', /is not a Redis URL/);
  rejects('redis+sentinel://s1:26379,s2:26379', /names no master/);
  rejects('redis+sentinel://s1:26379/mymaster/99', /invalid database number "99"/);
  rejects('redis+sentinel://s1:26379/a/b/c', /unexpected path/);
  rejects('redis+cluster://n1:7000,n2:7001/1', /only database 0/);
  rejects('redis+cluster://n1:99999', /invalid port/);
  rejects('redis+cluster://n1:7000,,n2:7001', /invalid host ""/);
  rejects('redis://a:6379,b:6379', /several hosts/);
});

test('the config refuses a bad REDIS_URL at load and accepts the three forms', () => {
  const home = '/nonexistent-twenty-home';
  for (const url of ['redis://127.0.0.1:6379', 'redis+sentinel://s1:26379/mymaster', 'redis+cluster://n1:7000,n2:7001']) {
    assert.equal(loadConfig({ home, env: { REDIS_URL: url } }).values.REDIS_URL, url);
  }
  assert.throws(
    () => loadConfig({ home, env: { REDIS_URL: 'redis+sentinel://s1:26379' } }),
    (error: unknown) => error instanceof AppError && error.code === 'CONFIG_INVALID' && /Config key "REDIS_URL" \(from env\) names no master/.test(error.message),
  );
});

test('a password in a host-list URL is masked when shown', () => {
  assert.equal(redactUrl('redis+sentinel://:secret@s1:26379,s2:26379/mymaster'), 'redis+sentinel://:****@s1:26379,s2:26379/mymaster');
  assert.equal(redactUrl('redis+cluster://u:secret@n1:7000,n2:7001'), 'redis+cluster://u:****@n1:7000,n2:7001');
});

test('on a cluster the queue prefix gets a hash tag unless it has one; elsewhere it is kept', () => {
  assert.equal(queuePrefixFor('redis+cluster://n1:7000', 'twenty'), '{twenty}');
  assert.equal(queuePrefixFor('redis+cluster://n1:7000', 'prod:{twenty}'), 'prod:{twenty}');
  assert.equal(queuePrefixFor('redis+sentinel://s1:26379/m', 'twenty'), 'twenty');
  assert.equal(queuePrefixFor('redis://127.0.0.1:6379', 'twenty'), 'twenty');
  assert.equal(hasHashTag('{}x'), false);
});

test('the rate-limit keys of one caller share one hash tag, the caller', () => {
  const rules = [
    { name: 'short', limit: 1, windowMs: 1000 },
    { name: 'rest', limit: 1, windowMs: 1000 },
  ];
  assert.deepEqual(rateLimitKeys('{twenty}:rate', 'ws:1:user:2', rules), ['twenty:rate:ratelimit:{ws:1:user:2}:short', 'twenty:rate:ratelimit:{ws:1:user:2}:rest']);
});
