// A GraphQL-over-HTTP request read from Express: POST with a JSON body, or GET with query
// parameters. Only the shape is checked here; parsing the document is graphql-js's job.
import type { Request } from 'express';
import { AppError } from '../../core/errors.ts';
import type { GraphQLRequest } from '../graphql/prepare-operation.ts';

function readVariables(raw: unknown): Record<string, unknown> | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new AppError('BAD_USER_INPUT', '"variables" is not valid JSON.');
    }
    return readVariables(parsed);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AppError('BAD_USER_INPUT', '"variables" must be a JSON object.');
  return raw as Record<string, unknown>;
}

export function readGraphqlRequest(req: Request): GraphQLRequest {
  const source: unknown = req.method === 'GET' ? req.query : req.body;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new AppError('BAD_USER_INPUT', 'The request must be a JSON object with a "query" string.');
  }
  const { query, variables, operationName } = source as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') throw new AppError('BAD_USER_INPUT', 'The request has no "query" string.');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new AppError('BAD_USER_INPUT', '"operationName" must be a string.');
  }
  return { query, variables: readVariables(variables), operationName: operationName ?? null };
}
