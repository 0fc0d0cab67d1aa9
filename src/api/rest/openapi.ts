// The OpenAPI 3.1 document of a workspace's REST API: every route of router.ts for every
// object, with record/create/update schemas, envelopes, query parameters and bearer auth.
import type { Request, RequestHandler } from 'express';
import { isAppError } from '../../core/errors.ts';
import { findObject, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { pascal, rootFieldNames } from '../../metadata/names.ts';
import { REST_FILTER_OPERATORS } from './filter-param.ts';
import { createSchemaName, inputSchema, recordSchema, recordSchemaName, schemaRef, updateSchemaName, type JsonSchema } from './openapi-schemas.ts';
import { ORDER_DIRECTIONS } from './order-param.ts';
import { DEPRECATED_ALIAS_PATHS, SETTINGS_SCHEMAS } from './openapi-settings.ts';
import { ERROR_SCHEMA, PAGE_INFO_SCHEMA } from './openapi-common.ts';

const param = (name: string): JsonSchema => ({ $ref: `#/components/parameters/${name}` });
const query = (name: string, description: string, schema: JsonSchema): JsonSchema => ({ name, in: 'query', required: false, description, schema });

const PARAMETERS: Record<string, JsonSchema> = {
  id: { name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string', format: 'uuid' } },
  filter: query(
    'filter',
    `Conditions \`field[op]:value\`, combined with and(…), or(…), not(…); several top-level conditions are and-ed. Operators: ${REST_FILTER_OPERATORS.join(', ')}. Example: \`or(name.firstName[eq]:"Ada",city[ilike]:"%par%")\`.`,
    { type: 'string' },
  ),
  order_by: query('order_by', `Comma-separated \`field[Direction]\`; directions ${ORDER_DIRECTIONS.join(', ')} (default AscNullsFirst). Example: \`createdAt[DescNullsLast],name.lastName\`.`, {
    type: 'string',
  }),
  limit: query('limit', 'Page size; larger values are clamped to the server maximum.', { type: 'integer', minimum: 0 }),
  starting_after: query('starting_after', 'Cursor: return records after this one (pageInfo.endCursor of the previous page).', { type: 'string' }),
  ending_before: query('ending_before', 'Cursor: return records before this one (pageInfo.startCursor of the next page).', { type: 'string' }),
  depth: query('depth', '0: fields and relation ids only; 1: also embed related records one level down.', { type: 'integer', enum: [0, 1], default: 0 }),
  fields: query('fields', 'Comma-separated fields to return, e.g. `id,name,companyId` or `name.firstName`.', { type: 'string' }),
  upsert: query('upsert', 'Update the record matching the id or a unique field instead of failing.', { type: 'boolean', default: false }),
  soft_delete: query('soft_delete', 'Set deletedAt instead of removing the record.', { type: 'boolean', default: false }),
};

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid request',
  '401': 'Missing or invalid credentials',
  '403': 'Not permitted',
  '404': 'Record not found',
};

function errorResponses(): Record<string, JsonSchema> {
  return Object.fromEntries(Object.keys(ERROR_STATUSES).map((status) => [status, { $ref: `#/components/responses/${status}` }]));
}

function envelope(key: string, value: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema {
  const data = { type: 'object', properties: { [key]: value }, required: [key] };
  return { type: 'object', properties: { data, ...extra }, required: ['data', ...Object.keys(extra)] };
}

function response(description: string, schema: JsonSchema): JsonSchema {
  return { description, content: { 'application/json': { schema } } };
}

function operation(id: string, summary: string, tag: string, parameters: string[], ok: [string, JsonSchema], body?: JsonSchema): JsonSchema {
  const op: JsonSchema = {
    operationId: id,
    summary,
    tags: [tag],
    parameters: parameters.map(param),
    responses: { [ok[0]]: ok[1], ...errorResponses() },
  };
  if (body) op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  return op;
}

function objectPaths(object: ObjectModel): Record<string, JsonSchema> {
  const names = rootFieldNames(object);
  const [S, P] = [pascal(object.nameSingular), pascal(object.namePlural)];
  const record = schemaRef(recordSchemaName(object));
  const records = { type: 'array', items: record };
  const idOnly = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] };
  const tag = object.namePlural;
  const list = envelope(object.namePlural, records, { pageInfo: schemaRef('PageInfo'), totalCount: { type: 'integer' } });
  const ok = (schema: JsonSchema): [string, JsonSchema] => ['200', response('Success', schema)];
  const created = (schema: JsonSchema): [string, JsonSchema] => ['201', response('Created', schema)];
  const create = schemaRef(createSchemaName(object));
  const update = schemaRef(updateSchemaName(object));
  const plural = `/${object.namePlural}`;
  return {
    [plural]: {
      get: operation(`findMany${P}`, `Find ${object.labelPlural}`, tag, ['filter', 'order_by', 'limit', 'starting_after', 'ending_before', 'depth', 'fields'], ok(list)),
      post: operation(`createOne${S}`, `Create one ${object.labelSingular}`, tag, ['upsert', 'depth', 'fields'], created(envelope(names.createOne, record)), create),
      patch: operation(`updateMany${P}`, `Update ${object.labelPlural} matching a filter`, tag, ['filter', 'depth', 'fields'], ok(envelope(names.updateMany, records)), update),
      delete: operation(`deleteMany${P}`, `Delete ${object.labelPlural} matching a filter`, tag, ['filter', 'soft_delete'], ok(envelope(names.deleteMany, { type: 'array', items: idOnly }))),
    },
    [`${plural}/{id}`]: {
      parameters: [param('id')],
      get: operation(`findOne${S}`, `Find one ${object.labelSingular}`, tag, ['depth', 'fields'], ok(envelope(names.findOne, record))),
      patch: operation(`updateOne${S}`, `Update one ${object.labelSingular}`, tag, ['depth', 'fields'], ok(envelope(names.updateOne, record)), update),
      delete: operation(`deleteOne${S}`, `Delete one ${object.labelSingular} (removed unless soft_delete=true)`, tag, ['soft_delete'], ok(envelope(names.deleteOne, idOnly))),
    },
    [`/batch${plural}`]: {
      post: operation(`createMany${P}`, `Create several ${object.labelPlural}`, tag, ['upsert', 'depth', 'fields'], created(envelope(names.createMany, records)), {
        type: 'array',
        items: create,
      }),
    },
    [`${plural}/{id}/restore`]: {
      parameters: [param('id')],
      patch: operation(`restoreOne${S}`, `Restore one soft-deleted ${object.labelSingular}`, tag, ['depth', 'fields'], ok(envelope(names.restoreOne, record))),
    },
    [`${plural}/restore`]: {
      patch: operation(`restoreMany${P}`, `Restore soft-deleted ${object.labelPlural} matching a filter (required)`, tag, ['filter', 'depth', 'fields'], ok(envelope(names.restoreMany, records))),
    },
    [`${plural}/duplicates`]: {
      post: operation(`findDuplicates${P}`, `Find ${object.labelPlural} that duplicate the given ids or records`, tag, ['depth', 'fields'], ok(duplicatesEnvelope(names.findDuplicates, records)), DUPLICATES_BODY),
    },
    [`${plural}/merge`]: {
      patch: operation(`merge${S}`, `Merge ${object.labelPlural} into one`, tag, ['depth', 'fields'], ok(envelope(`merge${S}`, record)), MERGE_BODY),
    },
    // The routes before 2.43's `/{plural}/{id}/restore` and `/{plural}/restore`; still served.
    [`/restore${plural}/{id}`]: {
      parameters: [param('id')],
      patch: { ...operation(`restoreOne${S}Legacy`, `Restore one soft-deleted ${object.labelSingular} (legacy path)`, tag, ['depth', 'fields'], ok(envelope(names.restoreOne, record))), deprecated: true },
    },
    [`/restore${plural}`]: {
      patch: { ...operation(`restoreMany${P}Legacy`, `Restore soft-deleted ${object.labelPlural} matching a filter (legacy path)`, tag, ['filter', 'depth', 'fields'], ok(envelope(names.restoreMany, records))), deprecated: true },
    },
  };
}

/** `{data: [{<singular>Duplicates: [...], totalCount, pageInfo}]}`: one entry per input, none for `ids: []`. */
function duplicatesEnvelope(key: string, records: JsonSchema): JsonSchema {
  const entry = { type: 'object', properties: { [key]: records, totalCount: { type: 'integer' }, pageInfo: schemaRef('PageInfo') }, required: [key, 'totalCount', 'pageInfo'] };
  return { type: 'object', properties: { data: { type: 'array', items: entry } }, required: ['data'] };
}

const DUPLICATES_BODY: JsonSchema = {
  type: 'object',
  description: 'Exactly one of `ids` (existing records) or `data` (records not yet written, a non-empty list). `ids: []` answers `{"data": []}`.',
  properties: { ids: { type: 'array', items: { type: 'string', format: 'uuid' } }, data: { type: 'array', items: { type: 'object' } } },
};

const MERGE_BODY: JsonSchema = {
  type: 'object',
  properties: {
    ids: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 2 },
    conflictPriorityIndex: { type: 'integer', minimum: 0, description: 'Which of `ids` wins a conflicting value.' },
    dryRun: { type: 'boolean', default: false, description: 'Return the merged record without writing it.' },
  },
  required: ['ids', 'conflictPriorityIndex'],
};

function objectSchemas(model: WorkspaceModel, object: ObjectModel): Record<string, JsonSchema> {
  const target = (field: { relation: { targetObject: string } | null }) => {
    const other = field.relation ? findObject(model, field.relation.targetObject) : undefined;
    return other ? recordSchemaName(other) : undefined;
  };
  return {
    [recordSchemaName(object)]: recordSchema(object, target),
    [createSchemaName(object)]: inputSchema(object, 'create'),
    [updateSchemaName(object)]: inputSchema(object, 'update'),
  };
}

export function buildOpenApiDocument(model: WorkspaceModel, serverUrl: string): JsonSchema {
  const objects = [...model.objects].sort((a, b) => a.namePlural.localeCompare(b.namePlural));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Twenty workspace REST API',
      version: String(model.version),
      description: 'Records of this workspace. Authenticate with `Authorization: Bearer <API key or access token>`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: objects.map((o) => ({ name: o.namePlural, description: o.description ?? o.labelPlural })),
    paths: Object.assign({}, ...objects.map(objectPaths), DEPRECATED_ALIAS_PATHS),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      parameters: PARAMETERS,
      responses: Object.fromEntries(Object.entries(ERROR_STATUSES).map(([status, description]) => [status, response(description, schemaRef('Error'))])),
      schemas: Object.assign({ Error: ERROR_SCHEMA, PageInfo: PAGE_INFO_SCHEMA, ...SETTINGS_SCHEMAS }, ...objects.map((o) => objectSchemas(model, o))),
    },
  };
}

const EMPTY_MODEL: WorkspaceModel = { workspaceId: '', schema: '', version: 0, objects: [] };

/**
 * GET /rest/open-api/core. Public: without valid credentials it describes the routes'
 * shared parts only; with them, every object of the caller's workspace.
 */
export function openApiHandler(resolveModel: (req: Request) => Promise<{ model: WorkspaceModel }>): RequestHandler {
  return async (req, res) => {
    let model = EMPTY_MODEL;
    try {
      model = (await resolveModel(req)).model;
    } catch (error) {
      if (!isAppError(error) || error.spec.http !== 401) throw error;
    }
    res.json(buildOpenApiDocument(model, `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`));
  };
}
