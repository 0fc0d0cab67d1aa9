// Twenty's REST response bodies: `{data:{<key>: …}}` envelopes, the list envelope with
// pageInfo and totalCount, and the error body `{statusCode, error, messages, code}`.
import { ERROR_CODES, isAppError, type ErrorCode } from '../../core/errors.ts';
import type { ObjectModel } from '../../metadata/model.ts';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ListEnvelope {
  data: Record<string, unknown[]>;
  pageInfo: PageInfo;
  totalCount: number;
}

/** What compileFindMany returns for shape 'connection' with edges, cursor, pageInfo, totalCount. */
interface ConnectionResult {
  edges?: { node: unknown; cursor?: string }[];
  pageInfo?: Partial<PageInfo>;
  totalCount?: number;
}

export function listEnvelope(object: ObjectModel, result: unknown): ListEnvelope {
  const connection = (result ?? {}) as ConnectionResult;
  const records = (connection.edges ?? []).map((edge) => edge.node);
  const pageInfo = connection.pageInfo ?? {};
  return {
    data: { [object.namePlural]: records },
    pageInfo: {
      hasNextPage: pageInfo.hasNextPage ?? false,
      hasPreviousPage: pageInfo.hasPreviousPage ?? false,
      startCursor: pageInfo.startCursor ?? null,
      endCursor: pageInfo.endCursor ?? null,
    },
    totalCount: connection.totalCount ?? records.length,
  };
}

export interface MetadataListEnvelope<T> {
  data: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The page envelope every /rest/metadata list route answers with (2.x's metadata list contract):
 * `{data: [...], pageInfo, totalCount}`, from a connection page.
 */
export function metadataListEnvelope<T>(page: { edges: { node: T }[]; pageInfo: PageInfo; totalCount: number }): MetadataListEnvelope<T> {
  return { data: page.edges.map((edge) => edge.node), pageInfo: page.pageInfo, totalCount: page.totalCount };
}

export function dataEnvelope(key: string, value: unknown): { data: Record<string, unknown> } {
  return { data: { [key]: value } };
}

// Nest's exception class names, which Twenty's REST errors carry in `error`.
const EXCEPTION_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  405: 'MethodNotAllowedException',
  409: 'ConflictException',
  413: 'PayloadTooLargeException',
  415: 'UnsupportedMediaTypeException',
  429: 'ThrottlerException',
  499: 'ClientClosedRequestException',
  500: 'InternalServerErrorException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

export interface RestErrorBody {
  statusCode: number;
  error: string;
  messages: string[];
  code?: string;
}

function body(status: number, message: string, code: ErrorCode): { status: number; body: RestErrorBody } {
  return { status, body: { statusCode: status, error: EXCEPTION_NAMES[status] ?? 'HttpException', messages: [message], code } };
}

/**
 * The REST status and body for anything thrown. AppErrors keep their message (plus hint);
 * anything else is a 500 that reveals nothing. (Body-parser failures arrive as AppErrors:
 * server/json-body.ts maps them.)
 */
export function restErrorBody(error: unknown): { status: number; body: RestErrorBody } {
  if (isAppError(error)) {
    const message = error.hint ? `${error.message} ${error.hint}` : error.message;
    return body(error.spec.http, message, error.code);
  }
  return body(ERROR_CODES.INTERNAL_SERVER_ERROR.http, 'An unexpected error occurred.', 'INTERNAL_SERVER_ERROR');
}
