// Metadata lists are small and in memory, so paging and filtering work on arrays, with the
// offset cursors nestjs-query gives Twenty's metadata API (base64 of `arrayconnection:<n>`).
import { AppError } from '../../core/errors.ts';

export const MAX_PAGE_SIZE = 1000;
const CURSOR_PREFIX = 'arrayconnection:';

export interface CursorPaging {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** nestjs-query comparisons on one property. */
export interface Comparison {
  is?: boolean | null;
  isNot?: boolean | null;
  eq?: unknown;
  neq?: unknown;
  in?: unknown[] | null;
  notIn?: unknown[] | null;
}

export interface Filter {
  and?: Filter[] | null;
  or?: Filter[] | null;
  [property: string]: Comparison | Filter[] | null | undefined;
}

export function encodeCursor(index: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${index}`).toString('base64');
}

function decodeCursor(cursor: string, name: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const index = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(index) || index < 0) throw new AppError('INVALID_CURSOR', `Invalid cursor in "${name}": "${cursor}".`, { hint: 'Pass back a cursor from pageInfo or an edge.' });
  return index;
}

function pageSize(value: number | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new AppError('INVALID_QUERY_INPUT', `"${name}" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  return value;
}

/** Relay's array-connection slicing: after/before bound the window, first/last cut it. */
export function paginate<T>(items: readonly T[], paging: CursorPaging = {}): Connection<T> {
  const first = pageSize(paging.first, 'first');
  const last = pageSize(paging.last, 'last');
  let start = paging.after ? decodeCursor(paging.after, 'after') + 1 : 0;
  let end = paging.before ? Math.min(decodeCursor(paging.before, 'before'), items.length) : items.length;
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  start = Math.min(start, end);
  const edges = items.slice(start, end).map((node, i) => ({ node, cursor: encodeCursor(start + i) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

function compare(value: unknown, comparison: Comparison): boolean {
  const { is, isNot, eq, neq } = comparison;
  if (is !== undefined && value !== is) return false;
  if (isNot !== undefined && value === isNot) return false;
  if (eq !== undefined && value !== eq) return false;
  if (neq !== undefined && value === neq) return false;
  if (comparison.in && !comparison.in.includes(value)) return false;
  if (comparison.notIn?.includes(value)) return false;
  return true;
}

/** Whether a node (plain properties) passes a filter; `and`/`or` nest. */
export function matchesFilter(node: object, filter: Filter | null | undefined): boolean {
  if (!filter) return true;
  const values = node as Record<string, unknown>;
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === null || condition === undefined) continue;
    if (key === 'and') {
      if (!(condition as Filter[]).every((f) => matchesFilter(node, f))) return false;
    } else if (key === 'or') {
      if (!(condition as Filter[]).some((f) => matchesFilter(node, f))) return false;
    } else if (!compare(values[key], condition as Comparison)) return false;
  }
  return true;
}
