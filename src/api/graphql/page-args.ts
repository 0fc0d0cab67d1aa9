// first/last/offset/before/after → direction, page size, offset and cursors (spec §1.3). Forward
// pages use first/after, backward pages last/before; mixing the two directions is refused as
// Twenty does. `offset` skips rows after the cursor condition, as Twenty 2.43 does.
import { AppError } from '../../core/errors.ts';
import type { ConnectionQuery } from '../query/ir.ts';
import { decodeCursor } from '../query/cursor.ts';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  offset?: number | null;
  before?: string | null;
  after?: string | null;
}

export type PageTranslation = Pick<ConnectionQuery, 'direction' | 'limit' | 'offset' | 'after' | 'before'>;

const CONFLICTS: ReadonlyArray<[keyof PageArgs, keyof PageArgs]> = [
  ['first', 'last'],
  ['before', 'after'],
  ['first', 'before'],
  ['last', 'after'],
];

function given(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function checkSize(name: string, value: number | null | undefined): void {
  if (given(value) && (value as number) < 0) {
    throw new AppError('INVALID_QUERY_INPUT', `"${name}" must be zero or more; got ${value}.`);
  }
}

/**
 * The page size is first ?? last ?? max, clamped to max: page sizes stay within a bounded set,
 * which keeps the compiled statement shapes (the limit is a literal) bounded too.
 */
export function translatePage(args: PageArgs, max: number): PageTranslation {
  for (const [a, b] of CONFLICTS) {
    if (given(args[a]) && given(args[b])) {
      throw new AppError('INVALID_QUERY_INPUT', `Cannot use "${a}" and "${b}" together.`, {
        hint: 'Page forward with first/after, or backward with last/before.',
      });
    }
  }
  checkSize('first', args.first);
  checkSize('last', args.last);
  checkSize('offset', args.offset);
  const backward = given(args.last) || given(args.before);
  const size = args.first ?? args.last ?? max;
  return {
    direction: backward ? 'backward' : 'forward',
    limit: Math.min(size, max),
    // Skipping nothing compiles to the statement without OFFSET.
    ...(args.offset ? { offset: args.offset } : {}),
    ...(given(args.after) ? { after: decodeCursor(args.after as string) } : {}),
    ...(given(args.before) ? { before: decodeCursor(args.before as string) } : {}),
  };
}
