// /rest/metadata/webhooks[/:id], guarded by API_KEYS_AND_WEBHOOKS like the GraphQL operations.
import type { Router } from 'express';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from '../../../jobs/webhooks-store.ts';
import type { RestKit } from '../rest-kit.ts';
import { webhookInput, webhookView } from './resolvers.ts';

export function webhookRoutes(router: Router, kit: RestKit): void {
  const { route, list, idParam, db } = kit;
  const hooks = kit.guarded('API_KEYS_AND_WEBHOOKS');
  router.get('/webhooks', list(async (req, res) => (await listWebhooks(db, await hooks(req, res))).map((w) => webhookView(w))));
  router.get('/webhooks/:id', route(200, async (req, res) => webhookView(await getWebhook(db, await hooks(req, res), idParam(req)))));
  router.post('/webhooks', route(201, async (req, res) => webhookView(await createWebhook(db, await hooks(req, res), webhookInput(req.body)))));
  router.patch('/webhooks/:id', route(200, async (req, res) => webhookView(await updateWebhook(db, await hooks(req, res), idParam(req), webhookInput(req.body, true)))));
  router.delete('/webhooks/:id', route(200, async (req, res) => webhookView(await deleteWebhook(db, await hooks(req, res), idParam(req)))));
  kit.allow(router, '/webhooks', 'GET, POST');
  kit.allow(router, '/webhooks/:id', 'GET, PATCH, DELETE');
}
