// A test server for the metadata API mounted as the server mounts it (JSON body, the router,
// the mount's error renderer), with a workspaceContext
// stub where the bearer token IS the workspace id (authentication is tested elsewhere).
import { ADMIN_PERMISSIONS } from '../../src/auth/permissions.ts';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import express from 'express';
import type { Db } from '../../src/core/db.ts';
import { AppError } from '../../src/core/errors.ts';
import { createLogger } from '../../src/core/log.ts';
import { migrate } from '../../src/core/migrate.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { createMetadataApi } from '../../src/api/metadata/metadata-api.ts';
import { renderGraphqlError, renderRestError } from '../../src/api/error-response.ts';
import { errorHandler } from '../../src/server/errors.ts';
import { jsonBody } from '../../src/server/json-body.ts';
import { createTestDatabase } from './services.ts';

export interface Reply {
  status: number;
  body: any;
}

export interface MetadataServer {
  db: Db;
  base: string;
  newWorkspace(name: string): Promise<string>;
  gql(workspaceId: string, query: string, variables?: Record<string, unknown>): Promise<Reply>;
  rest(workspaceId: string, method: string, path: string, body?: unknown): Promise<Reply>;
}

export async function startMetadataServer(): Promise<MetadataServer> {
  const { db } = await createTestDatabase();
  await migrate(db);
  const api = createMetadataApi({
    db,
    log: createLogger('silent'),
    appSecret: 'metadata-api-test-secret',
    workspaceContext: async (req) => {
      const workspaceId = req.get('authorization')?.replace(/^Bearer /, '');
      if (!workspaceId) throw new AppError('UNAUTHENTICATED', 'Missing bearer token.');
      const model = await loadWorkspaceModel(db, workspaceId);
      const auth = { workspaceId, schemaName: model.schema, metadataVersion: model.version, kind: 'apiKey' as const, apiKeyId: null, userId: null, workspaceMemberId: null, actor: { source: 'API' as const, workspaceMemberId: null, name: 'Test' }, permissions: ADMIN_PERMISSIONS, expiresAt: new Date(Date.now() + 3_600_000) };
      return { auth, model };
    },
  });
  const app = express();
  const log = createLogger('silent');
  app.use('/metadata', jsonBody(1_000_000), api.graphql, errorHandler(log, renderGraphqlError));
  app.use('/rest/metadata', jsonBody(1_000_000), api.rest, errorHandler(log, renderRestError));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(workspaceId: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (workspaceId) headers.authorization = `Bearer ${workspaceId}`;
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }
  return {
    db,
    base,
    newWorkspace: async (name) => (await createWorkspace(db, { displayName: name })).id,
    gql: (workspaceId, query, variables) => call(workspaceId, 'POST', '/metadata', { query, variables }),
    rest: (workspaceId, method, path, body) => call(workspaceId, method, `/rest/metadata${path}`, body),
  };
}
