// HTTP error rendering, in the shape of the API that was called: REST gets Twenty's
// {statusCode, error, messages}, GraphQL gets {errors:[{message, extensions:{code}}]}.
// Unknown errors are logged with their cause and answered without internals.
import type { Request, Response } from 'express';
import { AppError, toAppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { restErrorBody } from '../api/rest/envelope.ts';
import { fromAppError, internalError } from '../api/graphql/response-errors.ts';

/** Express's body parser reports its own errors (too large, bad JSON) with a status. */
function fromBodyParser(error: unknown): AppError | undefined {
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (e?.type === 'entity.parse.failed') return new AppError('BAD_USER_INPUT', 'The request body is not valid JSON.');
  if (e?.type && typeof e.status === 'number' && e.status < 500) return new AppError('BAD_USER_INPUT', 'The request body could not be read.');
  return undefined;
}

/** How long a client should wait before retrying when a backing service is down. */
export const RETRY_AFTER_SECONDS = 5;

export function sendError(req: Request, res: Response, thrown: unknown, log: Logger): void {
  const error = fromBodyParser(thrown) ?? toAppError(thrown);
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    log.error({ requestId: res.locals.requestId, err: error.cause ?? thrown }, 'unhandled error');
  }
  if (res.headersSent) return;
  const status = error.spec.http;
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  if (req.baseUrl.startsWith('/graphql') || req.path.startsWith('/graphql') || req.path.startsWith('/metadata')) {
    res.status(status).json({ errors: [error.code === 'INTERNAL_SERVER_ERROR' ? internalError() : fromAppError(error)] });
    return;
  }
  const { status: restStatus, body } = restErrorBody(error);
  res.status(restStatus).json(body);
}
