// OpenAPI parts for webhooks and API keys, shared by the core document (the deprecated
// GET /rest/webhooks and GET /rest/apiKeys) and the metadata document (/rest/metadata/…).
// The schemas list what the routes return: never a signing secret or a token.
import type { JsonSchema } from './openapi-schemas.ts';

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

export const SETTINGS_SCHEMAS: Record<string, JsonSchema> = {
  Webhook: {
    type: 'object',
    description: 'A webhook; its signing secret is write-only and never returned.',
    properties: {
      id: uuid,
      targetUrl: { type: 'string' },
      operations: { type: 'array', items: { type: 'string' }, description: 'e.g. `company.created`, `*.updated`, `*.*`' },
      description: { type: ['string', 'null'] },
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    required: ['id', 'targetUrl', 'operations', 'createdAt', 'updatedAt'],
    additionalProperties: false,
  },
  ApiKey: {
    type: 'object',
    description: 'An API key; its token is shown once, when it is generated, and never listed.',
    properties: { id: uuid, name: { type: 'string' }, expiresAt: dateTime, revokedAt: { type: ['string', 'null'], format: 'date-time' }, createdAt: dateTime },
    required: ['id', 'name', 'expiresAt', 'revokedAt', 'createdAt'],
    additionalProperties: false,
  },
};

const errorRefs = Object.fromEntries(['400', '401', '403'].map((status) => [status, { $ref: `#/components/responses/${status}` }]));

function deprecatedList(id: string, schema: string, successor: string): JsonSchema {
  return {
    get: {
      operationId: id,
      summary: `All ${schema === 'Webhook' ? 'webhooks' : 'API keys'} of the workspace as a plain array (deprecated: use ${successor}, which pages)`,
      tags: ['deprecated'],
      deprecated: true,
      description: 'Kept for integrations written before webhooks and API keys became metadata. Needs the API_KEYS_AND_WEBHOOKS permission. Takes no parameters.',
      parameters: [],
      responses: {
        '200': { description: 'Success', content: { 'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${schema}` } } } } },
        ...errorRefs,
      },
    },
  };
}

/** GET /rest/webhooks and GET /rest/apiKeys, relative to the core document's /rest server. */
export const DEPRECATED_ALIAS_PATHS: Record<string, JsonSchema> = {
  '/webhooks': deprecatedList('findManyWebhooksDeprecated', 'Webhook', '/rest/metadata/webhooks'),
  '/apiKeys': deprecatedList('findManyApiKeysDeprecated', 'ApiKey', '/rest/metadata/apiKeys'),
};
