// Errors as HTTP responses: the one mapping from an AppError to a status (with the header a 401
// needs), and one renderer per response shape. The server picks the renderer by mount point
// (/graphql and /metadata GraphQL, the rest REST), never by reading the URL.
import type { Request, Response } from 'express';
import type { AppError } from '../core/errors.ts';
import { restErrorBody } from './rest/envelope.ts';
import { fromAppError, internalError } from './graphql/response-errors.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** How long a client should wait before retrying when a backing service is down. */
export const RETRY_AFTER_SECONDS = 5;

/** The status of an AppError (the code table's), setting the headers a 401 and a 503 carry. */
export function httpStatusOf(res: Response, error: AppError): number {
  if (error.spec.http === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  if (error.spec.http === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  return error.spec.http;
}

export type ErrorRenderer = (req: Request, res: Response, error: AppError) => void;

/** Twenty's REST error shape `{statusCode, error, messages}`. */
export const renderRestError: ErrorRenderer = (_req, res, error) => {
  res.status(httpStatusOf(res, error)).json(restErrorBody(error).body);
};

/** A GraphQL response with one error and no data; internals never reach the body. */
export const renderGraphqlError: ErrorRenderer = (req, res, error) => {
  const body = { errors: [error.code === 'INTERNAL_SERVER_ERROR' ? internalError() : fromAppError(error)] };
  const wantsGraphqlResponse = (req.get('accept') ?? '').includes(GRAPHQL_RESPONSE);
  res.status(httpStatusOf(res, error)).type(wantsGraphqlResponse ? GRAPHQL_RESPONSE : 'application/json').send(JSON.stringify(body));
};
