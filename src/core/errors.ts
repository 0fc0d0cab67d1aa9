// The one error family. Every failure a user can see is an AppError with a stable code;
// each code is mapped here, once, to an HTTP status, a GraphQL extensions.code and a CLI exit code.

export interface ErrorSpec {
  http: number;
  graphql: string;
  exit: number;
  summary: string;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: { http: 400, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'The input is invalid.' },
  INVALID_QUERY_INPUT: { http: 400, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'The query arguments are invalid.' },
  INVALID_CURSOR: { http: 400, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'A pagination cursor is invalid.' },
  VALIDATION_FAILED: { http: 400, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'Metadata files do not validate.' },
  USAGE: { http: 400, graphql: 'BAD_USER_INPUT', exit: 2, summary: 'The command was called the wrong way.' },
  CONFIRMATION_REQUIRED: { http: 400, graphql: 'BAD_USER_INPUT', exit: 2, summary: 'A destructive action needs --yes.' },
  CONFIG_INVALID: { http: 500, graphql: 'INTERNAL_SERVER_ERROR', exit: 1, summary: 'The configuration is invalid.' },
  UNAUTHENTICATED: { http: 401, graphql: 'UNAUTHENTICATED', exit: 3, summary: 'No valid credentials were given.' },
  INVALID_TOKEN: { http: 401, graphql: 'UNAUTHENTICATED', exit: 3, summary: 'The bearer token is invalid.' },
  FORBIDDEN: { http: 403, graphql: 'FORBIDDEN', exit: 3, summary: 'The caller may not do this.' },
  NOT_FOUND: { http: 404, graphql: 'NOT_FOUND', exit: 4, summary: 'The thing named does not exist.' },
  METHOD_NOT_ALLOWED: { http: 405, graphql: 'METHOD_NOT_ALLOWED', exit: 2, summary: 'The HTTP method is not allowed here.' },
  CONFLICT: { http: 409, graphql: 'CONFLICT', exit: 6, summary: 'The change conflicts with the current state.' },
  ALREADY_EXISTS: { http: 409, graphql: 'CONFLICT', exit: 6, summary: 'Something with that name or id already exists.' },
  // Twenty answers a create whose record id is taken with a 400, not a 409.
  RECORD_ALREADY_EXISTS: { http: 400, graphql: 'BAD_USER_INPUT', exit: 6, summary: 'A record with that id already exists.' },
  STALE_PLAN: { http: 409, graphql: 'CONFLICT', exit: 6, summary: 'The saved plan no longer matches the workspace.' },
  LOCK_HELD: { http: 409, graphql: 'CONFLICT', exit: 6, summary: 'Another run holds the lock.' },
  DESTRUCTIVE_CHANGE: { http: 400, graphql: 'BAD_USER_INPUT', exit: 2, summary: 'The plan would lose data.' },
  PAYLOAD_TOO_LARGE: { http: 413, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'The request body is too large.' },
  FILE_TYPE_MISMATCH: { http: 415, graphql: 'BAD_USER_INPUT', exit: 1, summary: 'The file\'s bytes are not the format its name says.' },
  RATE_LIMITED: { http: 429, graphql: 'TOO_MANY_REQUESTS', exit: 1, summary: 'Too many requests.' },
  PARTIAL_FAILURE: { http: 500, graphql: 'INTERNAL_SERVER_ERROR', exit: 5, summary: 'Some workspaces failed.' },
  TIMEOUT: { http: 504, graphql: 'TIMEOUT', exit: 1, summary: 'The operation took too long.' },
  SERVICE_UNAVAILABLE: { http: 503, graphql: 'SERVICE_UNAVAILABLE', exit: 1, summary: 'A backing service (Postgres, Redis) is unreachable; retry later.' },
  CANCELLED: { http: 499, graphql: 'INTERNAL_SERVER_ERROR', exit: 130, summary: 'Cancelled by the user.' },
  INTERNAL_SERVER_ERROR: { http: 500, graphql: 'INTERNAL_SERVER_ERROR', exit: 1, summary: 'An unexpected error; see the server log.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  hint?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get spec(): ErrorSpec {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Anything thrown becomes an AppError; unknown errors keep their cause for the log only. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('INTERNAL_SERVER_ERROR', 'An unexpected error occurred.', { cause: error });
}
