// The JSON body parser, with its failures turned into AppErrors right where they happen, so
// they are mapped once (here) and rendered like any other error of the mount that parsed.
import express, { type RequestHandler } from 'express';
import { AppError } from '../core/errors.ts';

/** Express's body parser reports its own errors (too large, bad JSON, bad charset) with a `type`. */
export function bodyParserError(error: unknown): AppError {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.', { cause: error });
  if (type === 'entity.parse.failed') return new AppError('BAD_USER_INPUT', 'The request body is not valid JSON.', { cause: error });
  return new AppError('BAD_USER_INPUT', 'The request body could not be read; send JSON with Content-Type: application/json.', { cause: error });
}

export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/graphql-response+json'] });
  return (req, res, next) => parse(req, res, (error?: unknown) => next(error === undefined ? undefined : bodyParserError(error)));
}
