// GET /rest/webhooks and GET /rest/apiKeys: deprecated. Webhooks and API keys were workspace
// objects before Twenty 2.x made them core metadata; 2.43 still answers these two paths with a
// plain JSON array for old integrations. Same guard as /metadata and /rest/metadata: the
// API_KEYS_AND_WEBHOOKS flag. Secrets (webhook signing secrets) and tokens are never listed.
// New clients use /rest/metadata/webhooks and /rest/metadata/apiKeys, which page.
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../core/errors.ts';
import type { DbClient } from '../../core/db.ts';
import { apiKeyView, listApiKeys } from '../../auth/api-keys.ts';
import { requireFlag, type Permissions } from '../../auth/permissions.ts';
import { listWebhooks } from '../../jobs/webhooks-store.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { webhookView } from '../metadata/webhooks/resolvers.ts';

type ResolveContext = (req: Request) => Promise<{ db: DbClient; model: WorkspaceModel; permissions: Permissions }>;

/** The whole list in one array: these routes take no parameters but the playground `token`. */
function checkNoParameters(req: Request, replacement: string): void {
  const unknown = Object.keys(req.query).find((name) => name !== 'token');
  if (unknown === undefined) return;
  throw new AppError('BAD_USER_INPUT', `Query parameter '${unknown}' is not accepted by this deprecated route, which returns the whole list. Use ${replacement} (limit, starting_after, ending_before).`, {
    details: { parameter: unknown },
  });
}

function deprecatedList(resolveContext: ResolveContext, replacement: string, list: (db: DbClient, workspaceId: string) => Promise<unknown[]>): RequestHandler {
  return async (req, res) => {
    const { db, model, permissions } = await resolveContext(req);
    requireFlag(permissions, 'API_KEYS_AND_WEBHOOKS');
    checkNoParameters(req, replacement);
    res.setHeader('Deprecation', 'true');
    res.setHeader('Link', `<${replacement}>; rel="successor-version"`);
    res.json(await list(db, model.workspaceId));
  };
}

export const deprecatedWebhooksHandler = (resolveContext: ResolveContext): RequestHandler =>
  deprecatedList(resolveContext, '/rest/metadata/webhooks', async (db, workspaceId) => (await listWebhooks(db, workspaceId)).map(webhookView));

export const deprecatedApiKeysHandler = (resolveContext: ResolveContext): RequestHandler =>
  deprecatedList(resolveContext, '/rest/metadata/apiKeys', async (db, workspaceId) => (await listApiKeys(db, workspaceId)).map(apiKeyView));
