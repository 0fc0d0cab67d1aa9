// The OpenAPI 3.1 document of /rest/metadata (GET /rest/open-api/metadata, public, the same for
// every workspace): objects, fields, webhooks and API keys. Every list route answers with the
// one metadata page envelope (envelope.ts metadataListEnvelope); single items are bare objects.
import type { RequestHandler } from 'express';
import { ERROR_SCHEMA, PAGE_INFO_SCHEMA } from './openapi-common.ts';
import { schemaRef, type JsonSchema } from './openapi-schemas.ts';
import { SETTINGS_SCHEMAS } from './openapi-settings.ts';

const ERRORS: Record<string, string> = { '400': 'Invalid request', '401': 'Missing or invalid credentials', '403': 'Not permitted', '404': 'Not found' };
const errorRefs = Object.fromEntries(Object.keys(ERRORS).map((status) => [status, { $ref: `#/components/responses/${status}` }]));
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const PAGING: JsonSchema[] = [
  { name: 'limit', in: 'query', required: false, description: 'Page size (at most 1000).', schema: { type: 'integer', minimum: 0, maximum: 1000 } },
  { name: 'starting_after', in: 'query', required: false, description: 'Cursor: pageInfo.endCursor of the previous page.', schema: { type: 'string' } },
  { name: 'ending_before', in: 'query', required: false, description: 'Cursor: pageInfo.startCursor of the next page.', schema: { type: 'string' } },
];
const ID: JsonSchema = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/** `{data: [...], pageInfo, totalCount}`. */
function listEnvelope(item: string): JsonSchema {
  return {
    type: 'object',
    properties: { data: { type: 'array', items: schemaRef(item) }, pageInfo: schemaRef('PageInfo'), totalCount: { type: 'integer' } },
    required: ['data', 'pageInfo', 'totalCount'],
  };
}

interface Resource {
  path: string;
  schema: string;
  label: string;
  /** Whether the resource has write routes here; API keys are only read (mint and revoke them on /metadata or the CLI). */
  writable: boolean;
  flag: string;
}

const RESOURCES: Resource[] = [
  { path: 'objects', schema: 'ObjectMetadata', label: 'objects', writable: true, flag: 'DATA_MODEL (writes)' },
  { path: 'fields', schema: 'FieldMetadata', label: 'fields', writable: true, flag: 'DATA_MODEL (writes)' },
  { path: 'webhooks', schema: 'Webhook', label: 'webhooks', writable: true, flag: 'API_KEYS_AND_WEBHOOKS' },
  { path: 'apiKeys', schema: 'ApiKey', label: 'API keys', writable: false, flag: 'API_KEYS_AND_WEBHOOKS' },
];

function op(id: string, summary: string, tag: string, ok: [string, JsonSchema], extra: JsonSchema = {}): JsonSchema {
  return { operationId: id, summary, tags: [tag], ...extra, responses: { [ok[0]]: { description: ok[0] === '201' ? 'Created' : 'Success', content: json(ok[1]) }, ...errorRefs } };
}

function resourcePaths(r: Resource): Record<string, JsonSchema> {
  const name = r.path[0].toUpperCase() + r.path.slice(1);
  const item = schemaRef(r.schema);
  const body = { requestBody: { required: true, content: json({ type: 'object' }) } };
  const list: JsonSchema = {
    get: op(`findMany${name}`, `List ${r.label} (permission: ${r.flag})`, r.path, ['200', listEnvelope(r.schema)], { parameters: PAGING }),
  };
  const one = { parameters: [ID], get: op(`findOne${name}`, `One of the ${r.label}`, r.path, ['200', item]) };
  if (!r.writable) return { [`/${r.path}`]: list, [`/${r.path}/{id}`]: one };
  return {
    [`/${r.path}`]: { ...list, post: op(`createOne${name}`, `Create one of the ${r.label}`, r.path, ['201', item], body) },
    [`/${r.path}/{id}`]: {
      ...one,
      patch: op(`updateOne${name}`, `Update one of the ${r.label}`, r.path, ['200', item], body),
      delete: op(`deleteOne${name}`, `Delete one of the ${r.label}`, r.path, ['200', item]),
    },
  };
}

export function buildMetadataOpenApiDocument(serverUrl: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: { title: 'Twenty metadata REST API', version: '1', description: 'The data model, webhooks and API keys of the caller\'s workspace. Authenticate with `Authorization: Bearer <API key or access token>`.' },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: RESOURCES.map((r) => ({ name: r.path })),
    paths: Object.assign({}, ...RESOURCES.map(resourcePaths)),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [status, { description, content: json(schemaRef('Error')) }])),
      schemas: {
        Error: ERROR_SCHEMA,
        PageInfo: PAGE_INFO_SCHEMA,
        ObjectMetadata: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, nameSingular: { type: 'string' }, namePlural: { type: 'string' }, fields: { type: 'array', items: schemaRef('FieldMetadata') } }, required: ['id', 'nameSingular', 'namePlural'] },
        FieldMetadata: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, type: { type: 'string' }, objectMetadataId: { type: 'string', format: 'uuid' } }, required: ['id', 'name', 'type'] },
        ...SETTINGS_SCHEMAS,
      },
    },
  };
}

/** GET /rest/open-api/metadata: public, like Twenty's. */
export function metadataOpenApiHandler(): RequestHandler {
  return (req, res) => {
    res.json(buildMetadataOpenApiDocument(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}/metadata`));
  };
}
