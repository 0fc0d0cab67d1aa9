// Cursors are Twenty's: base64(JSON.stringify({...orderByValues, id})). Built in SQL for each
// row, decoded here; anything that is not one of ours is INVALID_CURSOR, never a 500.
import { AppError } from '../../core/errors.ts';
import { join, literal, sql, type Sql } from '../../core/sql.ts';
import type { Cursor } from './ir.ts';
import type { ResolvedTerm } from './order.ts';
import { cursorValue } from './output.ts';

export function encodeCursor(values: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64');
}

function invalid(text: string): AppError {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return new AppError('INVALID_CURSOR', `Invalid cursor: "${shown}" is not a cursor returned by this API.`, {
    hint: 'Pass the startCursor/endCursor (or an edge cursor) of a previous page unchanged.',
  });
}

export function decodeCursor(text: string): Cursor {
  if (typeof text !== 'string' || text.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw invalid(String(text));
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw invalid(text);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw invalid(text);
  return { values: values as Record<string, unknown> };
}

/** SQL computing a row's cursor, decodable by decodeCursor (base64 without line breaks). */
export function cursorSql(alias: string, terms: ResolvedTerm[]): Sql {
  const pairs = terms.map((t) => sql`${literal(t.key)}, ${cursorValue(alias, t.column)}`);
  return sql`translate(encode(convert_to(json_build_object(${join(pairs)})::text, 'UTF8'), 'base64'), chr(10), '')`;
}
