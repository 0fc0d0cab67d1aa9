// /rest/metadata/{objects,fields,webhooks,apiKeys}[/:id] (API keys read-only): the same operations as
// /metadata, in Twenty 2.x's REST shapes: lists as `{data:[…], pageInfo, totalCount}` (one helper,
// metadataListEnvelope), single items as bare objects; errors go to the mount's REST renderer.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/errors.ts';
import { metadataListEnvelope } from '../rest/envelope.ts';
import { isUuid } from '../../core/uuid.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';
import { paginate, type CursorPaging } from './connection.ts';
import type { MetadataHandlerDeps } from './handler.ts';
import { requireFlag } from '../../auth/permissions.ts';
import { apiKeyView, listApiKeys } from '../../auth/api-keys.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from '../../jobs/webhooks-store.ts';
import { webhookInput, webhookView } from './webhooks/resolvers.ts';
import { allFields, fieldById, objectById, type FieldRef, type ObjectRef } from './data-model/lookup.ts';
import { createField, createObject, deleteField, deleteObject, updateField, updateObject, type MetadataTarget } from './data-model/operations.ts';
import { restField, restObject } from './data-model/shape.ts';

const LIST_PARAMS = ['limit', 'starting_after', 'ending_before'];

function pagingFrom(query: Request['query']): CursorPaging {
  for (const key of Object.keys(query)) {
    if (!LIST_PARAMS.includes(key)) throw new AppError('INVALID_QUERY_INPUT', `Unknown query parameter "${key}".${didYouMeanSuffix(key, LIST_PARAMS)}`, { hint: `Parameters: ${LIST_PARAMS.join(', ')}.` });
  }
  const single = (key: string): string | undefined => {
    const value = query[key];
    if (value !== undefined && typeof value !== 'string') throw new AppError('INVALID_QUERY_INPUT', `"${key}" must be given once.`);
    return value;
  };
  const limitText = single('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new AppError('INVALID_QUERY_INPUT', `"limit" must be a whole number of 0 or more; got "${limitText}".`);
  const before = single('ending_before');
  return before ? { last: limit, before } : { first: limit, after: single('starting_after') };
}

function idParam(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new AppError('BAD_USER_INPUT', `'${id}' is not a valid UUID.`);
  return id;
}

const objectBody = (ref: ObjectRef) => restObject(ref.model, ref.object);
const fieldBody = (ref: FieldRef) => restField(ref.model, ref.object, ref.field);

export function metadataRestRouter(deps: MetadataHandlerDeps): Router {
  const router = express.Router();
  const workspace = async (req: Request, res: Response) => {
    const { auth, model } = await deps.workspaceContext(req, res);
    return { model, auth };
  };
  /** The workspace to change: the data model needs DATA_MODEL. */
  const writable = async (req: Request, res: Response): Promise<MetadataTarget> => {
    const { auth } = await workspace(req, res);
    requireFlag(auth.permissions, 'DATA_MODEL');
    return { db: deps.db, workspaceId: auth.workspaceId };
  };
  /** Webhooks need API_KEYS_AND_WEBHOOKS; returns the workspace id. */
  const hooks = async (req: Request, res: Response): Promise<string> => {
    const { auth } = await workspace(req, res);
    requireFlag(auth.permissions, 'API_KEYS_AND_WEBHOOKS');
    return auth.workspaceId;
  };
  type Handler = (req: Request, res: Response) => Promise<unknown>;
  // Errors go to next(): the server renders them in the REST shape of this mount.
  const route = (status: number, handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await handler(req, res);
      res.status(status).json(body);
    } catch (thrown) {
      next(thrown);
    }
  };

  /** Every list route: paging checked first, then the items, in the one metadata page envelope. */
  const list = (items: (req: Request, res: Response) => Promise<unknown[]>) => route(200, async (req, res) => {
    const paging = pagingFrom(req.query);
    return metadataListEnvelope(paginate(await items(req, res), paging));
  });

  router.get('/objects', list(async (req, res) => {
    const { model } = await workspace(req, res);
    return model.objects.map((object) => restObject(model, object));
  }));
  router.get('/objects/:id', route(200, async (req, res) => objectBody(objectById((await workspace(req, res)).model, idParam(req)))));
  router.post('/objects', route(201, async (req, res) => objectBody(await createObject(await writable(req, res), req.body))));
  router.patch('/objects/:id', route(200, async (req, res) => objectBody(await updateObject(await writable(req, res), idParam(req), req.body))));
  router.delete('/objects/:id', route(200, async (req, res) => objectBody(await deleteObject(await writable(req, res), idParam(req)))));

  router.get('/fields', list(async (req, res) => allFields((await workspace(req, res)).model).map(fieldBody)));
  router.get('/fields/:id', route(200, async (req, res) => fieldBody(fieldById((await workspace(req, res)).model, idParam(req)))));
  router.post('/fields', route(201, async (req, res) => fieldBody(await createField(await writable(req, res), req.body))));
  router.patch('/fields/:id', route(200, async (req, res) => fieldBody(await updateField(await writable(req, res), idParam(req), req.body))));
  router.delete('/fields/:id', route(200, async (req, res) => fieldBody(await deleteField(await writable(req, res), idParam(req)))));

  router.get('/webhooks', list(async (req, res) => (await listWebhooks(deps.db, await hooks(req, res))).map((w) => webhookView(w))));
  router.get('/webhooks/:id', route(200, async (req, res) => webhookView(await getWebhook(deps.db, await hooks(req, res), idParam(req)))));
  router.post('/webhooks', route(201, async (req, res) => webhookView(await createWebhook(deps.db, await hooks(req, res), webhookInput(req.body)))));
  router.patch('/webhooks/:id', route(200, async (req, res) => webhookView(await updateWebhook(deps.db, await hooks(req, res), idParam(req), webhookInput(req.body, true)))));
  router.delete('/webhooks/:id', route(200, async (req, res) => webhookView(await deleteWebhook(deps.db, await hooks(req, res), idParam(req)))));

  // Same guard as the GraphQL apiKeys query; keys are listed without tokens (apiKeyView).
  router.get('/apiKeys', list(async (req, res) => (await listApiKeys(deps.db, await hooks(req, res))).map(apiKeyView)));
  router.get('/apiKeys/:id', route(200, async (req, res) => {
    const id = idParam(req);
    const key = (await listApiKeys(deps.db, await hooks(req, res))).find((k) => k.id === id);
    if (!key) throw new AppError('NOT_FOUND', `API key "${id}" does not exist in this workspace.`);
    return apiKeyView(key);
  }));

  for (const [path, allow] of [['/objects', 'GET, POST'], ['/fields', 'GET, POST'], ['/webhooks', 'GET, POST'], ['/apiKeys', 'GET'], ['/apiKeys/:id', 'GET'], ['/objects/:id', 'GET, PATCH, DELETE'], ['/fields/:id', 'GET, PATCH, DELETE'], ['/webhooks/:id', 'GET, PATCH, DELETE']]) {
    router.all(path, route(405, async (req, res) => {
      res.setHeader('Allow', allow);
      throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on /rest/metadata${req.path}; use ${allow}.`);
    }));
  }
  router.use(route(404, async (req) => {
    throw new AppError('NOT_FOUND', `Cannot ${req.method} /rest/metadata${req.path}.`, { hint: 'Metadata routes are /rest/metadata/objects[/:id], /rest/metadata/fields[/:id], /rest/metadata/webhooks[/:id] and /rest/metadata/apiKeys[/:id].' });
  }));
  return router;
}
