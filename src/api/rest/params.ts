// The whole REST query string of one route, parsed and checked at once. Unknown parameters
// are a 400 that names the right one: Twenty silently ignores `after`/`cursor`, and clients
// looping on "the next page" got the first page forever (issues #25874, #20044).
import type { RootOperation } from '../../metadata/names.ts';
import { AppError } from '../../core/errors.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import { decodeCursor } from '../query/cursor.ts';
import type { Cursor, FilterNode, OrderTerm } from '../query/ir.ts';
import { parseRestFilter } from './filter-param.ts';
import { parseRestOrderBy } from './order-param.ts';
import { parseFieldsParam, type Depth } from './selection.ts';
import { didYouMean as closestName } from '../../metadata/suggest.ts';

export interface RestLimits {
  /** QUERY_DEFAULT_LIMIT_RECORDS: page size when `limit` is absent. */
  defaultLimit: number;
  /** QUERY_MAX_RECORDS: larger `limit`s are clamped to this. */
  maxLimit: number;
  /** QUERY_MAX_RECORDS_FROM_RELATION: cap of embedded one-to-many lists. */
  maxRecordsFromRelation: number;
  /** MUTATION_MAXIMUM_AFFECTED_RECORDS. */
  maxAffected: number;
}

/** The operations REST exposes: the GraphQL root operations but destroy (DELETE destroys). */
export type RestRoute = Exclude<RootOperation, 'destroyOne' | 'destroyMany' | 'findDuplicates' | 'mergeMany'>;

export interface RestParams {
  limit: number;
  startingAfter?: Cursor;
  endingBefore?: Cursor;
  depth: Depth;
  upsert: boolean;
  softDelete: boolean;
  fields?: string[];
  filter?: FilterNode;
  orderBy: OrderTerm[];
}

// `token` is read by authentication (playground links), so every route accepts it.
const ROUTE_PARAMS: Record<RestRoute, readonly string[]> = {
  findMany: ['filter', 'order_by', 'limit', 'starting_after', 'ending_before', 'depth', 'fields', 'token'],
  findOne: ['depth', 'fields', 'token'],
  createOne: ['upsert', 'depth', 'fields', 'token'],
  createMany: ['upsert', 'depth', 'fields', 'token'],
  updateOne: ['depth', 'fields', 'token'],
  updateMany: ['filter', 'depth', 'fields', 'token'],
  deleteOne: ['soft_delete', 'token'],
  deleteMany: ['filter', 'soft_delete', 'token'],
  restoreOne: ['depth', 'fields', 'token'],
  restoreMany: ['filter', 'depth', 'fields', 'token'],
};

/** Names other APIs use for Twenty's parameters. */
const ALIASES: Record<string, string> = {
  after: 'starting_after',
  cursor: 'starting_after',
  offset: 'starting_after',
  page: 'starting_after',
  startingAfter: 'starting_after',
  before: 'ending_before',
  endingBefore: 'ending_before',
  orderBy: 'order_by',
  order: 'order_by',
  sort: 'order_by',
  sortBy: 'order_by',
  sort_by: 'order_by',
  first: 'limit',
  last: 'limit',
  size: 'limit',
  pageSize: 'limit',
  page_size: 'limit',
  per_page: 'limit',
  perPage: 'limit',
  where: 'filter',
  filters: 'filter',
  q: 'filter',
  softDelete: 'soft_delete',
  select: 'fields',
  include: 'depth',
  expand: 'depth',
};

const ALL_PARAMS = new Set(Object.values(ROUTE_PARAMS).flat());

function invalid(message: string, parameter: string): never {
  throw new AppError('BAD_USER_INPUT', message, { details: { parameter } });
}

function checkNames(route: RestRoute, query: Record<string, unknown>): void {
  const accepted = ROUTE_PARAMS[route];
  for (const name of Object.keys(query)) {
    if (accepted.includes(name)) continue;
    if (ALL_PARAMS.has(name)) {
      invalid(`Query parameter '${name}' is not accepted by this route. Accepted here: ${accepted.join(', ')}.`, name);
    }
    const suggestion = ALIASES[name] ?? closestName(name, ALL_PARAMS);
    const hint = suggestion && accepted.includes(suggestion) ? ` Did you mean '${suggestion}'?` : '';
    const paging = hint && suggestion === 'starting_after' ? " Pages are chained by cursor: pass the previous page's pageInfo.endCursor." : '';
    invalid(`Unknown query parameter '${name}'.${hint}${paging} Accepted here: ${accepted.join(', ')}.`, name);
  }
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalid(`Query parameter '${name}' was given more than once; give it once.`, name);
  return value;
}

function parseLimit(text: string | undefined, limits: RestLimits): number {
  if (text === undefined || text === '') return Math.min(limits.defaultLimit, limits.maxLimit);
  if (!/^\d+$/.test(text.trim())) invalid(`'limit=${text}' is invalid; limit must be a whole number from 0 to ${limits.maxLimit}.`, 'limit');
  return Math.min(Number(text.trim()), limits.maxLimit);
}

function parseDepth(text: string | undefined): Depth {
  if (text === undefined || text === '') return 0;
  if (text === '0' || text === '1') return Number(text) as Depth;
  return invalid(`'depth=${text}' parameter invalid. Allowed values are 0, 1.`, 'depth');
}

function parseFlag(text: string | undefined, name: string): boolean {
  if (text === undefined || text === '') return false;
  const lower = text.toLowerCase();
  if (lower !== 'true' && lower !== 'false') invalid(`'${name}=${text}' is invalid; use true or false.`, name);
  return lower === 'true';
}

function parseCursor(text: string | undefined): Cursor | undefined {
  return text === undefined || text === '' ? undefined : decodeCursor(text);
}

/** Parses `query` (Express's `req.query`) for `route` on `object`. */
export function parseRestParams(route: RestRoute, query: Record<string, unknown>, object: ObjectModel, limits: RestLimits): RestParams {
  checkNames(route, query);
  const after = single(query, 'starting_after');
  const before = single(query, 'ending_before');
  if (after && before) invalid('Give either starting_after or ending_before, not both.', 'ending_before');
  const filter = single(query, 'filter');
  const orderBy = single(query, 'order_by');
  const fields = single(query, 'fields');
  const params: RestParams = {
    limit: parseLimit(single(query, 'limit'), limits),
    depth: parseDepth(single(query, 'depth')),
    upsert: parseFlag(single(query, 'upsert'), 'upsert'),
    softDelete: parseFlag(single(query, 'soft_delete'), 'soft_delete'),
    orderBy: orderBy === undefined ? [] : parseRestOrderBy(object, orderBy),
  };
  const startingAfter = parseCursor(after);
  const endingBefore = parseCursor(before);
  if (startingAfter) params.startingAfter = startingAfter;
  if (endingBefore) params.endingBefore = endingBefore;
  if (filter !== undefined && filter.trim() !== '') params.filter = parseRestFilter(object, filter);
  if (fields !== undefined && fields.trim() !== '') params.fields = parseFieldsParam(object, fields);
  return params;
}
