// How a column's value appears in the JSON Postgres builds: as Twenty prints it.
import { sql, type Sql } from '../../core/sql.ts';
import type { FieldColumn } from '../../metadata/field-types.ts';
import { col } from './resolve.ts';

/** A timestamptz as `2024-01-31T12:00:00.000Z`, whatever the session time zone. */
export function isoUtc(expr: Sql): Sql {
  return sql`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** JSON value of a column for a response. */
export function outputValue(alias: string, column: FieldColumn): Sql {
  const ref = col(alias, column.column);
  return column.pg === 'timestamptz' ? isoUtc(ref) : ref;
}

/**
 * JSON value of a column inside a cursor: lossless, so the keyset comparison sees exactly
 * the stored value (microseconds for date-times, every digit for numeric).
 */
export function cursorValue(alias: string, column: FieldColumn): Sql {
  const ref = col(alias, column.column);
  if (column.pg === 'timestamptz') return sql`to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  if (column.pg === 'numeric') return sql`${ref}::text`;
  return ref;
}
