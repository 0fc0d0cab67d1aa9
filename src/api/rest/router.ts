// The workspace REST API under /rest (spec §2.1): each route parses its path, query string and
// body into the query IR, compiles one statement and wraps the result in Twenty's envelope.
// Errors go to next(); the server's error middleware renders them in the REST shape (api/error-response.ts).
// Not served: GET /:plural/groupBy. Route precedence is documented above createRestRouter.
import express, { type Request, type RequestHandler, type Router } from 'express';
import { AppError } from '../../core/errors.ts';
import type { DbClient } from '../../core/db.ts';
import { findObject, findObjectByPlural, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { rootFieldNames } from '../../metadata/names.ts';
import { compileFindMany, compileFindOne } from '../query/find.ts';
import type { Actor, ConnectionQuery, FilterNode, RecordInput } from '../query/ir.ts';
import { compileCreate, compileDelete, compileUpdate } from '../query/mutate.ts';
import { authorizeCreate, authorizeDelete, authorizeRead, authorizeUpdate } from '../query/authorize.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { runCompiled } from '../query/run.ts';
import { findDuplicatesAction, mergeAction } from './duplicates.ts';
import { dataEnvelope, listEnvelope } from './envelope.ts';
import { filterMentions } from './filter-param.ts';
import { isUuid } from '../../core/uuid.ts';
import { deprecatedApiKeysHandler, deprecatedWebhooksHandler } from './deprecated-aliases.ts';
import { openApiHandler } from './openapi.ts';
import { metadataOpenApiHandler } from './openapi-metadata.ts';
import { parseRestParams, type RestLimits, type RestParams, type RestRoute } from './params.ts';
import { ID_SELECTION, restSelection } from './selection.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';
import { nameUniqueViolation } from '../query/unique-violation.ts';

const didYouMean = (input: string, candidates: Iterable<string>) => didYouMeanSuffix(input, candidates, "'");

export interface RestContext {
  db: DbClient;
  model: WorkspaceModel;
  actor: Actor;
  /** The caller's role (loadPermissions); every IR passes through it before it is compiled. */
  permissions: Permissions;
}

export interface RestRouterDeps {
  /** Authenticates the request and returns its workspace; throws AppError (401/403) otherwise. */
  resolveContext: (req: Request) => Promise<RestContext>;
  limits: RestLimits;
}

interface RestCall {
  ctx: RestContext;
  object: ObjectModel;
  id: string;
  params: RestParams;
  body: unknown;
  limits: RestLimits;
}

interface RestResult {
  status?: number;
  body: unknown;
}

type Action = (call: RestCall) => Promise<RestResult>;

function resolveObject(model: WorkspaceModel, plural: string): ObjectModel {
  const object = findObjectByPlural(model, plural);
  if (object) return object;
  const singular = findObject(model, plural);
  const hint = singular
    ? ` Did you mean '${singular.namePlural}'?`
    : didYouMean(plural, model.objects.map((o) => o.namePlural)) || ` eg: ${model.objects[0]?.namePlural ?? 'companies'}`;
  throw new AppError('BAD_USER_INPUT', `object '${plural}' not found.${hint}`, { details: { object: plural } });
}

function idFilter(id: string): FilterNode {
  return { kind: 'compare', field: 'id', op: 'eq', value: id };
}

function recordBody(body: unknown): RecordInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_USER_INPUT', 'The request body must be a JSON object of field values, sent with Content-Type: application/json.');
  }
  return body as RecordInput;
}

function recordsBody(body: unknown, maxRecords: number): RecordInput[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new AppError('BAD_USER_INPUT', 'The request body of a batch must be a non-empty JSON array of records.');
  }
  if (body.length > maxRecords) {
    throw new AppError('BAD_USER_INPUT', `A batch may create at most ${maxRecords} records; got ${body.length}. Split it into several requests.`);
  }
  return body.map(recordBody);
}

function requireFilter(params: RestParams, operation: string): FilterNode {
  if (params.filter) return params.filter;
  throw new AppError(
    'BAD_USER_INPUT',
    `Filters are mandatory for bulk ${operation} operations. Please provide at least one filter to prevent accidental ${operation === 'update' || operation === 'restore' ? 'changes to' : 'deletion of'} all records.`,
  );
}

function one(records: unknown): unknown {
  const first = Array.isArray(records) ? records[0] : records;
  if (first === undefined || first === null) throw new AppError('NOT_FOUND', 'Record not found');
  return first;
}

function selectionOf(call: RestCall) {
  return restSelection(call.ctx.model, call.object, {
    depth: call.params.depth,
    fields: call.params.fields,
    maxRecordsFromRelation: call.limits.maxRecordsFromRelation,
  });
}

const run = (call: RestCall, statement: Parameters<typeof runCompiled>[1]) =>
  runCompiled(call.ctx.db, statement).catch((error: unknown) => {
    throw nameUniqueViolation(call.ctx.model, error);
  });
// REST selections are implicit (every field to `depth`), so denied fields are left out, not refused.
const STRIP = { deniedSelection: 'strip' } as const;
const names = (call: RestCall) => rootFieldNames(call.object);

const findMany: Action = async (call) => {
  const { params, object } = call;
  const query: ConnectionQuery = {
    object: object.nameSingular,
    orderBy: params.orderBy,
    direction: params.endingBefore ? 'backward' : 'forward',
    limit: params.limit,
    withDeleted: filterMentions(params.filter, 'deletedAt'),
    selection: selectionOf(call),
    shape: 'connection',
    want: { edges: true, cursor: true, pageInfo: true, totalCount: true, aggregates: [] },
  };
  if (params.filter) query.filter = params.filter;
  if (params.startingAfter) query.after = params.startingAfter;
  if (params.endingBefore) query.before = params.endingBefore;
  const allowed = authorizeRead(call.ctx.permissions, call.ctx.model, query, STRIP);
  return { body: listEnvelope(object, await run(call, compileFindMany(call.ctx.model, allowed))) };
};

const findOne: Action = async (call) => {
  const query = { object: call.object.nameSingular, filter: idFilter(call.id), withDeleted: false, selection: selectionOf(call) };
  const allowed = authorizeRead(call.ctx.permissions, call.ctx.model, query, STRIP);
  return { body: dataEnvelope(names(call).findOne, one(await run(call, compileFindOne(call.ctx.model, allowed)))) };
};

async function create(call: RestCall, records: RecordInput[]): Promise<unknown> {
  const query = { object: call.object.nameSingular, records, upsert: call.params.upsert, actor: call.ctx.actor, selection: selectionOf(call) };
  return run(call, compileCreate(call.ctx.model, authorizeCreate(call.ctx.permissions, call.ctx.model, query, STRIP)));
}

const createOne: Action = async (call) => ({
  status: 201,
  body: dataEnvelope(names(call).createOne, one(await create(call, [recordBody(call.body)]))),
});

const createMany: Action = async (call) => ({
  status: 201,
  body: dataEnvelope(names(call).createMany, await create(call, recordsBody(call.body, call.limits.maxAffected))),
});

async function update(call: RestCall, filter: FilterNode, maxAffected: number): Promise<unknown> {
  const query = { object: call.object.nameSingular, filter, data: recordBody(call.body), actor: call.ctx.actor, selection: selectionOf(call), maxAffected };
  return run(call, compileUpdate(call.ctx.model, authorizeUpdate(call.ctx.permissions, call.ctx.model, query, STRIP)));
}

const updateOne: Action = async (call) => ({ body: dataEnvelope(names(call).updateOne, one(await update(call, idFilter(call.id), 1))) });

const updateMany: Action = async (call) => ({
  body: dataEnvelope(names(call).updateMany, await update(call, requireFilter(call.params, 'update'), call.limits.maxAffected)),
});

async function remove(call: RestCall, mode: 'soft' | 'destroy' | 'restore', filter: FilterNode, maxAffected: number): Promise<unknown> {
  const selection = mode === 'restore' ? selectionOf(call) : ID_SELECTION;
  const query = authorizeDelete(call.ctx.permissions, call.ctx.model, { object: call.object.nameSingular, mode, filter, selection, maxAffected, actor: call.ctx.actor }, STRIP);
  return run(call, compileDelete(call.ctx.model, query));
}

const deleteMode = (call: RestCall) => (call.params.softDelete ? 'soft' : 'destroy');

// Twenty answers both soft and hard deletes under the `delete…` key.
const deleteOne: Action = async (call) => ({
  body: dataEnvelope(names(call).deleteOne, one(await remove(call, deleteMode(call), idFilter(call.id), 1))),
});

const deleteMany: Action = async (call) => {
  const mode = deleteMode(call);
  const filter = requireFilter(call.params, mode === 'soft' ? 'delete' : 'destroy');
  return { body: dataEnvelope(names(call).deleteMany, await remove(call, mode, filter, call.limits.maxAffected)) };
};

const restoreOne: Action = async (call) => ({
  body: dataEnvelope(names(call).restoreOne, one(await remove(call, 'restore', idFilter(call.id), 1))),
});

const restoreMany: Action = async (call) => ({
  body: dataEnvelope(names(call).restoreMany, await remove(call, 'restore', requireFilter(call.params, 'restore'), call.limits.maxAffected)),
});

function handle(deps: RestRouterDeps, route: RestRoute, action: Action): RequestHandler {
  return async (req, res) => {
    const ctx = await deps.resolveContext(req);
    const object = resolveObject(ctx.model, String(req.params.plural));
    const id = req.params.id === undefined ? '' : String(req.params.id);
    if (req.params.id !== undefined && !isUuid(id)) throw new AppError('BAD_USER_INPUT', `'${id}' is not a valid UUID`);
    const params = parseRestParams(route, req.query as Record<string, unknown>, object, deps.limits);
    const result = await action({ ctx, object, id, params, body: req.body, limits: deps.limits });
    res.status(result.status ?? 200).json(result.body);
  };
}

function methodNotAllowed(allowed: string[]): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allowed.join(', '));
    throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.originalUrl.split('?')[0]}. Allowed methods: ${allowed.join(', ')}.`);
  };
}

/**
 * A plural is camelCase and never a UUID, so a UUID where a legacy route expects a plural means
 * the first segment was an object's plural (an object named `restore`): that request belongs
 * to the generic routes below.
 */
const pluralNotUuid: RequestHandler = (req, _res, next) => (isUuid(String(req.params.plural)) ? next('route') : next());

// Precedence (README, REST): fixed first segments (`open-api`, `webhooks`, `apiKeys`, `batch`,
// `restore`) win over an object's plural, except where the next segment is a UUID; fixed second
// segments (`duplicates`, `merge`, `restore`) cannot be ids, which are UUIDs.
export function createRestRouter(deps: RestRouterDeps): Router {
  const router = express.Router();
  router.get('/open-api/core', openApiHandler(deps.resolveContext));
  router.get('/open-api/metadata', metadataOpenApiHandler());
  // Deprecated (Twenty keeps them for old integrations); 'webhooks' and 'apiKeys' are reserved object names.
  router.get('/webhooks', deprecatedWebhooksHandler(deps.resolveContext));
  router.get('/apiKeys', deprecatedApiKeysHandler(deps.resolveContext));
  router.post('/batch/:plural', handle(deps, 'createMany', createMany));
  // The legacy restore routes; 2.43 routes them as /:plural/:id/restore and /:plural/restore.
  router.patch('/restore/:plural/:id', pluralNotUuid, handle(deps, 'restoreOne', restoreOne));
  router.patch('/restore/:plural', pluralNotUuid, handle(deps, 'restoreMany', restoreMany));
  // Before '/:plural/:id', which would read 'duplicates'/'merge'/'restore' as an id. Duplicates
  // and merge take depth/fields like findOne.
  router.post('/:plural/duplicates', handle(deps, 'findOne', findDuplicatesAction));
  router.patch('/:plural/merge', handle(deps, 'findOne', mergeAction));
  router.patch('/:plural/restore', handle(deps, 'restoreMany', restoreMany));
  router.patch('/:plural/:id/restore', handle(deps, 'restoreOne', restoreOne));
  router.all('/:plural/:id/restore', methodNotAllowed(['PATCH']));
  router.get('/:plural', handle(deps, 'findMany', findMany));
  router.post('/:plural', handle(deps, 'createOne', createOne));
  router.patch('/:plural', handle(deps, 'updateMany', updateMany));
  router.delete('/:plural', handle(deps, 'deleteMany', deleteMany));
  router.get('/:plural/:id', handle(deps, 'findOne', findOne));
  router.patch('/:plural/:id', handle(deps, 'updateOne', updateOne));
  router.put('/:plural/:id', handle(deps, 'updateOne', updateOne));
  router.delete('/:plural/:id', handle(deps, 'deleteOne', deleteOne));
  router.all('/:plural', methodNotAllowed(['GET', 'POST', 'PATCH', 'DELETE']));
  router.all('/:plural/:id', methodNotAllowed(['GET', 'PATCH', 'PUT', 'DELETE']));
  router.use((req) => {
    throw new AppError('BAD_USER_INPUT', `Query path '${req.path}' invalid. Valid examples: /rest/companies/{id} or /rest/companies.`);
  });
  return router;
}
