// Several workspaces on the same servers for isolation tests: `twenty init`, then one
// `twenty workspace create` and one API key per tenant, and N `twenty serve` instances sharing
// the database. Each tenant's client sends its own key to any of the servers.
import assert from 'node:assert/strict';
import type { Db } from '../../src/core/db.ts';
import { send, type HttpResult } from './api-server.ts';
import { cliEnv, runCli, serve, tempHome, type Served } from './cli.ts';
import { createTestDatabase, TEST_REDIS_URL } from './services.ts';

export interface Tenant {
  name: string;
  workspaceId: string;
  schema: string;
  apiKeyId: string;
  token: string;
  /** Server index `on` (default 0) of the shared servers. */
  gql(query: string, variables?: Record<string, unknown>, on?: number): Promise<HttpResult>;
  rest(method: string, path: string, body?: unknown, on?: number): Promise<HttpResult>;
  metadata(query: string, variables?: Record<string, unknown>, on?: number): Promise<HttpResult>;
}

export interface Tenants {
  env: NodeJS.ProcessEnv;
  db: Db;
  servers: Served[];
  tenants: Tenant[];
  /** Another API key of a tenant, as a client of its own (the same workspace). */
  extraKey(tenant: Tenant, name: string): Promise<Tenant>;
}


function tenantClient(servers: Served[], base: Omit<Tenant, 'gql' | 'rest' | 'metadata'>): Tenant {
  const headers = { authorization: `Bearer ${base.token}`, 'content-type': 'application/json' };
  const graphql = (path: string) => (query: string, variables: Record<string, unknown> = {}, on = 0) =>
    send(`${servers[on].url}${path}`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return {
    ...base,
    gql: graphql('/graphql'),
    metadata: graphql('/metadata'),
    rest: (method, path, body, on = 0) =>
      send(`${servers[on].url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
  };
}

async function createKey(env: NodeJS.ProcessEnv, workspace: string, name: string): Promise<{ id: string; token: string }> {
  const key = await runCli(['apikey', 'create', '-w', workspace, '--name', name, '--json'], env);
  assert.equal(key.code, 0, key.stderr + key.stdout);
  return { id: key.json?.data?.id as string, token: key.json?.data?.token as string };
}

export async function startTenants(names: readonly string[], serverCount = 1): Promise<Tenants> {
  const { url, db } = await createTestDatabase();
  const env = cliEnv({ TWENTY_HOME: tempHome(), LOG_LEVEL: 'warn' });
  const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], env);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const servers: Served[] = [];
  const tenants: Tenant[] = [];
  for (const name of names) {
    const ws = await runCli(['workspace', 'create', name, '--json'], env);
    assert.equal(ws.code, 0, ws.stderr + ws.stdout);
    const key = await createKey(env, name, 'isolation');
    tenants.push(tenantClient(servers, { name, workspaceId: ws.json?.data?.id, schema: ws.json?.data?.schemaName, apiKeyId: key.id, token: key.token }));
  }
  for (let i = 0; i < serverCount; i += 1) servers.push(await serve(env));
  return {
    env,
    db,
    servers,
    tenants,
    async extraKey(tenant, name) {
      const key = await createKey(env, tenant.name, name);
      return tenantClient(servers, { ...tenant, apiKeyId: key.id, token: key.token });
    },
  };
}
