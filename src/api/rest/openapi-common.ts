// Schemas both OpenAPI documents (core and metadata) share: the REST error body and pageInfo.
import type { JsonSchema } from './openapi-schemas.ts';

export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } }, code: { type: 'string' } },
  required: ['statusCode', 'error', 'messages'],
};

export const PAGE_INFO_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    hasNextPage: { type: 'boolean' },
    hasPreviousPage: { type: 'boolean' },
    startCursor: { type: ['string', 'null'] },
    endCursor: { type: ['string', 'null'] },
  },
  required: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
};
