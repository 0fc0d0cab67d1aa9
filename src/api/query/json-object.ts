// json_build_object with keys from selection aliases. Postgres caps a function at 100
// arguments, so wide selections are built in chunks and merged (as jsonb, then back to json).
import { AppError } from '../../core/errors.ts';
import { join, literal, sql, type Sql } from '../../core/sql.ts';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const PAIRS_PER_CALL = 50;

/**
 * An output key, written into the text: keys are GraphQL names (aliases or field names),
 * checked here, and they are part of the query shape just like the selected columns.
 */
export function jsonKey(name: string): Sql {
  if (!NAME.test(name)) throw new AppError('BAD_USER_INPUT', `"${name}" is not a valid output name; use letters, digits and underscores.`);
  return literal(name);
}

export function jsonPair(name: string, value: Sql): Sql {
  return sql`${jsonKey(name)}, ${value}`;
}

export function jsonObject(pairs: Sql[]): Sql {
  if (pairs.length <= PAIRS_PER_CALL) return sql`json_build_object(${join(pairs)})`;
  const chunks: Sql[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) chunks.push(sql`jsonb_build_object(${join(pairs.slice(i, i + PAIRS_PER_CALL))})`);
  return sql`(${join(chunks, sql` || `)})::json`;
}
