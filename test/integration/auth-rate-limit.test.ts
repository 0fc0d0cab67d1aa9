// A6 and L3 in miniature: limits in Redis are exact across two server instances, aliases and
// batched operations each count, login attempts are limited per IP, every answer carries the
// RateLimit headers and a refusal is 429 with Retry-After. Also the limiter's Redis outage
// policy, and CORS.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createRedis } from '../../src/core/redis.ts';
import { rateLimit } from '../../src/auth/rate-limit.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { createTestRedis } from '../helpers/test-redis.ts';
import { securedWorkspace } from '../helpers/secured-workspace.ts';
import { gql, http, metadata, startSecuredApp } from '../helpers/secured-app.ts';

const { db } = await openMetadataDb();
const { redis, prefix } = createTestRedis();
const ws = await securedWorkspace(db, 'Zeta');
const rule = (name: 'graphql' | 'rest' | 'metadata' | 'login', limit: number) => ({ name, limit, windowMs: 60_000 });

test('at the limit the answer is 429 RATE_LIMITED with Retry-After; every answer has RateLimit headers', async () => {
  const base = await startSecuredApp({ db, redis, prefix: `${prefix}:a`, rules: { rest: rule('rest', 3) } });
  const first = await http(base, 'GET', '/rest/people', { token: ws.adminToken });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('ratelimit-limit'), '3');
  assert.equal(first.headers.get('ratelimit-remaining'), '2');
  assert.ok(Number(first.headers.get('ratelimit-reset')) > 0);
  await http(base, 'GET', '/rest/people', { token: ws.adminToken });
  await http(base, 'GET', '/rest/people', { token: ws.adminToken });
  const refused = await http(base, 'GET', '/rest/people', { token: ws.adminToken });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'RATE_LIMITED');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.equal(refused.headers.get('ratelimit-remaining'), '0');
  const otherCaller = await http(base, 'GET', '/rest/people', { token: ws.apiKeyToken });
  assert.equal(otherCaller.status, 200, 'limits are per API key or user');
});

test('each alias counts: a 100-alias document costs 100 units, and a batched array costs one per operation', async () => {
  const base = await startSecuredApp({ db, redis, prefix: `${prefix}:b`, rules: { graphql: rule('graphql', 50) } });
  const aliases = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: people { totalCount }`).join(' ')} }`;
  const big = await gql(base, ws.adminToken, aliases);
  assert.equal(big.status, 429);
  assert.equal(big.body.errors[0].extensions.code, 'TOO_MANY_REQUESTS');
  const batch = Array.from({ length: 45 }, () => ({ query: '{ people { totalCount } }' }));
  const batched = await http(base, 'POST', '/graphql', { token: ws.adminToken, body: batch });
  assert.equal(batched.status, 400, 'batches are refused by the handler, after being counted');
  assert.equal(batched.headers.get('ratelimit-remaining'), '5');
  const six = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: people { totalCount }`).join(' ')} }`;
  assert.equal((await gql(base, ws.adminToken, six)).status, 429, '6 root fields do not fit in the 5 left');
  assert.equal((await gql(base, ws.adminToken, '{ people { totalCount } }')).status, 200, 'a refused request consumed nothing');
});

test('two instances sharing Redis accept exactly the limit between them under concurrency', async () => {
  const shared = { db, redis, prefix: `${prefix}:c`, rules: { rest: rule('rest', 10) } };
  const second = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  after(() => second.quit());
  const [one, two] = [await startSecuredApp(shared), await startSecuredApp({ ...shared, redis: second })];
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => http(i % 2 ? one : two, 'GET', '/rest/people?limit=1', { token: ws.adminToken })));
  assert.equal(answers.filter((a) => a.status === 200).length, 10);
  assert.equal(answers.filter((a) => a.status === 429).length, 20);
});

test('login attempts are limited per IP, counting only the login mutations of a document', async () => {
  const base = await startSecuredApp({ db, redis, prefix: `${prefix}:d`, rules: { login: rule('login', 4) } });
  const attempt = (n: number) => `mutation { ${Array.from({ length: n }, (_, i) => `l${i}: getLoginTokenFromCredentials(email: "admin@zeta.test", password: "wrong-${i}", origin: "x") { loginToken { token } }`).join(' ')} }`;
  const three = await metadata(base, undefined, attempt(3));
  assert.equal(three.body.errors[0].extensions.code, 'UNAUTHENTICATED');
  assert.equal(three.headers.get('ratelimit-remaining'), '1');
  const notLogin = await metadata(base, ws.adminToken, '{ getRoles { id } }');
  assert.equal(notLogin.status, 200);
  const two = await metadata(base, undefined, attempt(2));
  assert.equal(two.status, 429);
  assert.ok(Number(two.headers.get('retry-after')) >= 1);
  assert.equal((await metadata(base, undefined, attempt(1))).headers.get('ratelimit-remaining'), '0', 'the refused request consumed nothing');
  const right = await metadata(base, undefined, 'mutation { getLoginTokenFromCredentials(email: "admin@zeta.test", password: "admin-password", origin: "x") { loginToken { token } } }');
  assert.equal(right.status, 429, 'the right password does not bypass the limit');
});

async function serveWith(handler: express.RequestHandler): Promise<string> {
  const app = express();
  app.get('/', handler, (_req, res) => { res.json({ ok: true }); });
  app.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => { res.status(503).json({ code: error.code }); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('when Redis does not answer, the limits are counted in memory with one warning per outage, or refused with 503 when the rule fails closed', async () => {
  const dead = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0 });
  const warnings: unknown[] = [];
  const log = { warn: (...args: unknown[]) => { warnings.push(args); }, info: () => {} };
  const options = { redis: dead, prefix: 'x', rules: [rule('rest', 2)], keyOf: () => 'k', log, timeoutMs: 300 };
  const open = await serveWith(rateLimit(options));
  assert.equal((await fetch(open)).status, 200);
  const second = await fetch(open);
  assert.equal(second.status, 200);
  assert.equal(second.headers.get('ratelimit-remaining'), '0', 'the in-memory fallback counts like the Redis limiter');
  const third = await fetch(open);
  assert.equal(third.status, 503, 'over the limit: refused (this test app renders every error as 503)');
  assert.equal(((await third.json()) as { code: string }).code, 'RATE_LIMITED');
  assert.ok(third.headers.get('retry-after'));
  assert.equal(warnings.length, 1, 'one warning for the outage, not one per request');
  const closed = await serveWith(rateLimit({ ...options, failClosed: true }));
  const refused = await fetch(closed);
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { code: string }).code, 'SERVICE_UNAVAILABLE');
  dead.disconnect();
});

test('CORS: a listed origin gets CORS headers and a preflight answer; any other origin gets none', async () => {
  const base = await startSecuredApp({ db, redis, prefix: `${prefix}:e`, corsOrigins: ['https://app.example.com'] });
  const allowed = await http(base, 'GET', '/rest/people', { token: ws.adminToken, headers: { origin: 'https://app.example.com' } });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /RateLimit-Remaining/);
  assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
  const preflight = await http(base, 'OPTIONS', '/graphql', { headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  const other = await http(base, 'GET', '/rest/people', { token: ws.adminToken, headers: { origin: 'https://evil.example.com' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const otherPreflight = await http(base, 'OPTIONS', '/graphql', { headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
  assert.equal(otherPreflight.headers.get('access-control-allow-origin'), null);
});
