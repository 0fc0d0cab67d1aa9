// Twenty's REST `order_by=` grammar → OrderTerm[]:
//   order_by=createdAt[DescNullsLast],name.firstName,position[AscNullsFirst]
// The default direction is AscNullsFirst; the compiler appends `id` as the tie-breaker.
import { AppError } from '../../core/errors.ts';
import { FIELD_TYPE_SPECS } from '../../metadata/field-types.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import type { OrderDirection, OrderTerm } from '../query/ir.ts';
import { requireColumn, resolveFieldPath } from './field-path.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';

const didYouMean = (input: string, candidates: Iterable<string>) => didYouMeanSuffix(input, candidates, "'");

export const ORDER_DIRECTIONS: readonly OrderDirection[] = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'];

const TERM = /^([A-Za-z0-9_.]+)\s*(?:\[\s*([^\]]*?)\s*\])?$/;
// Clients coming from SQL or other APIs write these; point them at Twenty's names.
const SHORT_DIRECTIONS: Record<string, OrderDirection> = { asc: 'AscNullsFirst', desc: 'DescNullsLast' };

function invalid(message: string): never {
  throw new AppError('BAD_USER_INPUT', message, { details: { parameter: 'order_by' } });
}

function parseDirection(text: string | undefined, term: string): OrderDirection {
  if (text === undefined) return 'AscNullsFirst';
  if ((ORDER_DIRECTIONS as readonly string[]).includes(text)) return text as OrderDirection;
  const short = SHORT_DIRECTIONS[text.toLowerCase()];
  const hint = short ? ` Did you mean '${short}'?` : didYouMean(text, ORDER_DIRECTIONS);
  return invalid(`Invalid order_by direction '${text}' in '${term}'.${hint} Directions: ${ORDER_DIRECTIONS.join(', ')}.`);
}

function parseTerm(object: ObjectModel, term: string): OrderTerm {
  const match = TERM.exec(term);
  if (!match) return invalid(`Invalid order_by term '${term}'. Terms look like field[Direction], e.g. createdAt[DescNullsLast] or name.firstName.`);
  const [, path, direction] = match;
  const resolved = resolveFieldPath(object, path, 'order_by');
  requireColumn(resolved, path, 'order_by');
  const { field, subField } = resolved;
  const orderable = FIELD_TYPE_SPECS[field.type].orderable && subField?.pg !== 'jsonb';
  if (resolved.foreignKey || !orderable) invalid(`Field '${path}' cannot be used to order records (in order_by).`);
  const out: OrderTerm = { field: field.name, direction: parseDirection(direction, term) };
  if (subField) out.subField = subField.name;
  return out;
}

/** Parses `order_by`; an empty value orders by id only. */
export function parseRestOrderBy(object: ObjectModel, text: string): OrderTerm[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw, index) => {
    const term = raw.trim();
    if (term === '') invalid(`order_by term ${index + 1} is empty; remove the extra comma.`);
    return parseTerm(object, term);
  });
}
