// /rest/metadata/apiKeys[/:id], read-only: same guard as the GraphQL apiKeys query; keys are
// listed without tokens (apiKeyView).
import type { Router } from 'express';
import { AppError } from '../../../core/errors.ts';
import { apiKeyView, listApiKeys } from '../../../auth/api-keys.ts';
import type { RestKit } from '../rest-kit.ts';

export function apiKeyRoutes(router: Router, kit: RestKit): void {
  const { route, list, idParam, db } = kit;
  const keys = kit.guarded('API_KEYS_AND_WEBHOOKS');
  router.get('/apiKeys', list(async (req, res) => (await listApiKeys(db, await keys(req, res))).map(apiKeyView)));
  router.get('/apiKeys/:id', route(200, async (req, res) => {
    const id = idParam(req);
    const key = (await listApiKeys(db, await keys(req, res))).find((k) => k.id === id);
    if (!key) throw new AppError('NOT_FOUND', `API key "${id}" does not exist in this workspace.`);
    return apiKeyView(key);
  }));
  kit.allow(router, '/apiKeys', 'GET');
  kit.allow(router, '/apiKeys/:id', 'GET');
}
