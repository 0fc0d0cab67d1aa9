// Errors as they appear in a GraphQL response: AppError codes map to `extensions.code` through
// ERROR_CODES (once, in core/errors.ts); anything unknown is INTERNAL_SERVER_ERROR with no
// internals in the body.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, isAppError, type AppError } from '../../core/errors.ts';

type Path = ReadonlyArray<string | number>;

export function fromAppError(error: AppError, path?: Path): GraphQLFormattedError {
  const code = ERROR_CODES[error.code].graphql;
  // The finest code we have: a stable reason (e.g. REFRESH_TOKEN_REVOKED), else our own code.
  const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
  const subCode = reason ?? (error.code !== code ? error.code : undefined);
  return {
    message: error.message,
    ...(path ? { path } : {}),
    extensions: {
      code,
      ...(subCode ? { subCode } : {}),
      userFriendlyMessage: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    },
  };
}

/** Errors graphql-js raised while reading the document or its inputs. */
export function fromGraphQLError(error: GraphQLError, code: string, path?: Path): GraphQLFormattedError {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(path ? { path } : {}),
    extensions: { code },
  };
}

export function internalError(path?: Path): GraphQLFormattedError {
  return { message: 'An unexpected error occurred.', ...(path ? { path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Any thrown value → a response error. graphql-js input errors (bad argument values) are the
 * caller's fault; everything else unknown goes to `onInternal` for the log.
 */
export function toResponseError(error: unknown, path: Path | undefined, onInternal: (error: unknown) => void): GraphQLFormattedError {
  if (isAppError(error)) {
    if (ERROR_CODES[error.code].graphql === 'INTERNAL_SERVER_ERROR') onInternal(error);
    return fromAppError(error, path);
  }
  if (error instanceof GraphQLError) return fromGraphQLError(error, 'BAD_USER_INPUT', path);
  onInternal(error);
  return internalError(path);
}

export function badUserInput(message: string): GraphQLFormattedError {
  return { message, extensions: { code: 'BAD_USER_INPUT' } };
}
