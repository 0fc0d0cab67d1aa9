// Auth release gates against the real binary (`twenty serve` on port 0).
// Works today: permissions on /graphql and /rest (an API key without a role is Admin; a user is
// Member), and every bad token is a 401 invalid_token on /graphql, /rest and /metadata.
// NEEDS WIRING (src/server/app.ts, see src/auth/README.md): the tests marked [wiring] need the
// auth mutations merged into /metadata and the rate limiter mounted with the
// API_RATE_LIMITING_* config keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase, TEST_REDIS_URL, uniqueName } from '../helpers/services.ts';
import { cliEnv, runCli, serve, tempHome, type Served } from '../helpers/cli.ts';
import { craftToken } from '../helpers/tokens.ts';

const { url } = await createTestDatabase();
// Its own prefix: the per-IP login counter on the shared Redis is otherwise shared with every
// other run of this file on the machine (all from 127.0.0.1), which made the login tests flaky.
const env = cliEnv({ TWENTY_HOME: tempHome(), QUEUE_PREFIX: uniqueName('twq'), API_RATE_LIMITING_REST_LIMIT: '5', API_RATE_LIMITING_LOGIN_LIMIT: '3' });
// Set up at the top level: serve() registers its own after() hook, which must belong to the file.
const { server, apiKey } = await setUp();

async function setUp(): Promise<{ server: Served; apiKey: string }> {
  const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], env);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  assert.equal((await runCli(['workspace', 'create', 'Omega', '--json'], env)).code, 0);
  const key = await runCli(['apikey', 'create', '-w', 'Omega', '--name', 'e2e', '--json'], env);
  const user = await runCli(['user', 'create', '-w', 'Omega', '--email', 'ada@omega.test', '--password', 'ada-password-1', '--json'], env);
  assert.equal(user.code, 0, user.stderr + user.stdout);
  return { server: await serve(env), apiKey: key.json?.data?.token as string };
}

const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });

test('an API key without a role acts as Admin on /graphql and /rest', async () => {
  const graph = await call('POST', '/graphql', apiKey, { query: '{ companies { totalCount } }' });
  assert.equal(graph.status, 200);
  assert.equal(((await graph.json()) as { data: { companies: { totalCount: number } } }).data.companies.totalCount, 0);
  assert.equal((await call('GET', '/rest/companies', apiKey)).status, 200);
});

const now = Math.floor(Date.now() / 1000);
const badTokens = () => [
  craftToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'x', type: 'API_KEY', workspaceId: '00000000-0000-4000-8000-000000000000', jti: '00000000-0000-4000-8000-000000000001', exp: now + 60 }, 'guess'),
  'a.b',
  `${apiKey.slice(0, -3)}abc`,
];

async function assertAllUnauthorized(method: string, path: string, body?: unknown): Promise<void> {
  for (const token of badTokens()) {
    const answer = await call(method, path, token, body);
    const text = await answer.text();
    assert.equal(answer.status, 401, `${method} ${path}: ${text}`);
    assert.equal(answer.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.ok(!text.includes('eyJ'));
  }
}

test('every bad token is a 401 with WWW-Authenticate invalid_token on /graphql and /rest, never echoing the token', async () => {
  await assertAllUnauthorized('POST', '/graphql', { query: '{ __typename }' });
  await assertAllUnauthorized('GET', '/rest/companies');
});

test('[wiring] a bad token sent to /metadata is a 401 too, whatever the operation (anonymous only without a header)', async () => {
  await assertAllUnauthorized('POST', '/metadata', { query: '{ __typename }' });
});

test('[wiring] a user signs in through /metadata and reads data as a Member', async () => {
  const login = await call('POST', '/metadata', undefined, { query: 'mutation { getLoginTokenFromCredentials(email: "ada@omega.test", password: "ada-password-1", origin: "e2e") { loginToken { token } } }' });
  const loginToken = ((await login.json()) as any).data?.getLoginTokenFromCredentials?.loginToken?.token as string;
  assert.ok(loginToken, 'the auth mutations are merged into /metadata');
  const pair = await call('POST', '/metadata', undefined, { query: `mutation { getAuthTokensFromLoginToken(loginToken: "${loginToken}", origin: "e2e") { tokens { accessOrWorkspaceAgnosticToken { token } } } }` });
  const access = ((await pair.json()) as any).data.getAuthTokensFromLoginToken.tokens.accessOrWorkspaceAgnosticToken.token as string;
  assert.equal((await call('GET', '/rest/companies', access)).status, 200);
  const denied = await call('POST', '/metadata', access, { query: '{ getRoles { id } }' });
  assert.equal(((await denied.json()) as any).errors?.[0]?.extensions?.code, 'FORBIDDEN', 'a Member has no ROLES flag');
});

test('[wiring] REST answers carry RateLimit headers and the request past the limit is a 429 with Retry-After', async () => {
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 7; i += 1) {
    last = await call('GET', '/rest/people', apiKey);
    statuses.push(last.status);
    if (i === 0) assert.equal(last.headers.get('ratelimit-limit'), '5');
  }
  assert.deepEqual(statuses.slice(-2), [429, 429], String(statuses));
  assert.ok(Number(last?.headers.get('retry-after')) >= 1);
});

test('[wiring] login attempts are limited per IP', async () => {
  let status = 0;
  for (let i = 0; i < 4; i += 1) {
    status = (await call('POST', '/metadata', undefined, { query: `mutation { getLoginTokenFromCredentials(email: "ada@omega.test", password: "wrong-${i}", origin: "e2e") { loginToken { token } } }` })).status;
  }
  assert.equal(status, 429);
});
