// The real binary over HTTP for API e2e tests: a fresh database, `twenty init`, one workspace,
// an API key, and `twenty serve` on port 0; gql() and rest() send authenticated requests.
import assert from 'node:assert/strict';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './services.ts';
import { cliEnv, runCli, serve, tempHome, type Served } from './cli.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface ApiServer {
  database: TestDatabase;
  env: NodeJS.ProcessEnv;
  token: string;
  workspace: string;
  server: Served;
  gql(query: string, variables?: Record<string, unknown>, init?: { method?: 'GET' | 'POST'; accept?: string; url?: string }): Promise<HttpResult>;
  rest(method: string, path: string, body?: unknown, url?: string): Promise<HttpResult>;
}

/** One HTTP request; the body parsed as JSON when it is JSON. */
export async function send(url: string, init: RequestInit): Promise<HttpResult> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export async function startApiServer(workspace = 'Api Test'): Promise<ApiServer> {
  const database = await createTestDatabase();
  const env = cliEnv({ TWENTY_HOME: tempHome() });
  const init = await runCli(['init', '--yes', '--json', '--pg-url', database.url, '--redis-url', TEST_REDIS_URL], env);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const created = await runCli(['workspace', 'create', workspace, '--json'], env);
  assert.equal(created.code, 0, created.stderr + created.stdout);
  const key = await runCli(['apikey', 'create', '-w', workspace, '--name', 'e2e', '--json'], env);
  assert.equal(key.code, 0, key.stderr + key.stdout);
  const token = key.json?.data?.token as string;
  const server = await serve(env);
  const auth = { authorization: `Bearer ${token}` };
  return {
    database,
    env,
    token,
    workspace,
    server,
    gql(query, variables = {}, options = {}) {
      const base = options.url ?? server.url;
      const headers: Record<string, string> = { ...auth, accept: options.accept ?? 'application/json' };
      if (options.method === 'GET') {
        const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
        return send(`${base}/graphql?${params}`, { headers });
      }
      return send(`${base}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    },
    rest(method, path, body, url) {
      const headers: Record<string, string> = { ...auth };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return send(`${url ?? server.url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
  };
}

/** The data of a GraphQL response that must have succeeded. */
export function gqlData(result: HttpResult): any {
  assert.equal(result.status, 200, result.text);
  assert.equal(result.body?.errors, undefined, result.text);
  return result.body.data;
}

/** A failed request: the expected status (never 500) and no SQL or stack trace in the body. */
export function assertCleanError(result: HttpResult, status: number): void {
  assert.equal(result.status, status, result.text);
  assert.ok(!/\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET|WHERE)\b/.test(result.text), `SQL text in error body: ${result.text}`);
  assert.ok(!/\bat .+\.(ts|js):\d+/.test(result.text), `stack trace in error body: ${result.text}`);
}
