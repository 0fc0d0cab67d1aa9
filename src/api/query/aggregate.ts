// Aggregates of a connection (Twenty merges them into the connection type): computed over
// the whole filtered set, never the page, in the same scan as totalCount.
import { AppError } from '../../core/errors.ts';
import { join, sql, type Sql } from '../../core/sql.ts';
import { fieldColumns, type FieldColumn } from '../../metadata/field-types.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import type { AggregateOp, AggregateRequest } from './ir.ts';
import { isoUtc } from './output.ts';
import { col, columnPath, requireColumn, requireField } from './resolve.ts';

function isEmpty(alias: string, column: FieldColumn): Sql {
  const ref = col(alias, column.column);
  if (column.pg === 'text') return sql`(${ref} IS NULL OR ${ref} = '')`;
  if (column.pg.endsWith('[]')) return sql`(${ref} IS NULL OR cardinality(${ref}) = 0)`;
  if (column.pg === 'jsonb') return sql`(${ref} IS NULL OR ${ref} IN ('null'::jsonb, '[]'::jsonb, '{}'::jsonb))`;
  return sql`${ref} IS NULL`;
}

const NUMERIC = ['double precision', 'numeric'];
const ALLOWED_PG: Partial<Record<AggregateOp, readonly string[]>> = {
  min: [...NUMERIC, 'date', 'timestamptz'],
  max: [...NUMERIC, 'date', 'timestamptz'],
  avg: NUMERIC,
  sum: NUMERIC,
  countTrue: ['boolean'],
  countFalse: ['boolean'],
};

function refuse(object: ObjectModel, request: AggregateRequest): AppError {
  const path = columnPath(request.field, request.subField);
  return new AppError('BAD_USER_INPUT', `Aggregate "${request.op}" cannot be computed on field "${path}" of object "${object.nameSingular}".`, {
    details: { object: object.nameSingular, field: path, aggregate: request.op },
  });
}

function columnsOf(object: ObjectModel, request: AggregateRequest): FieldColumn[] {
  const field = requireField(object, request.field);
  if (field.type === 'RELATION') throw refuse(object, request);
  return request.subField === undefined && fieldColumns(field).length > 1 ? fieldColumns(field) : [requireColumn(object, field, request.subField)];
}

function aggregateSql(object: ObjectModel, alias: string, request: AggregateRequest): Sql {
  const columns = columnsOf(object, request);
  const allowed = ALLOWED_PG[request.op];
  if (allowed && (columns.length !== 1 || !allowed.includes(columns[0].pg))) throw refuse(object, request);
  const ref = col(alias, columns[0].column);
  const empty = join(columns.map((c) => isEmpty(alias, c)), sql` AND `);
  switch (request.op) {
    case 'countUniqueValues':
      return columns.length === 1 ? sql`count(DISTINCT ${ref})` : sql`count(DISTINCT ROW(${join(columns.map((c) => col(alias, c.column)))}))`;
    case 'countEmpty':
      return sql`count(*) FILTER (WHERE ${empty})`;
    case 'countNotEmpty':
      return sql`count(*) FILTER (WHERE NOT (${empty}))`;
    case 'percentageEmpty':
      return sql`CASE WHEN count(*) = 0 THEN NULL ELSE (count(*) FILTER (WHERE ${empty}))::float8 / count(*) END`;
    case 'percentageNotEmpty':
      return sql`CASE WHEN count(*) = 0 THEN NULL ELSE (count(*) FILTER (WHERE NOT (${empty})))::float8 / count(*) END`;
    case 'min':
    case 'max': {
      const fn = request.op === 'min' ? sql`min` : sql`max`;
      return columns[0].pg === 'timestamptz' ? isoUtc(sql`${fn}(${ref})`) : sql`${fn}(${ref})`;
    }
    case 'avg':
      return sql`avg(${ref})`;
    case 'sum':
      return sql`sum(${ref})`;
    case 'countTrue':
      return sql`count(*) FILTER (WHERE ${ref} IS TRUE)`;
    case 'countFalse':
      return sql`count(*) FILTER (WHERE ${ref} IS FALSE)`;
  }
}

/** Select-list items `expr AS "aN"` for the requested totals, in request order. */
export function aggregateColumns(object: ObjectModel, alias: string, totalCount: boolean, requests: AggregateRequest[]): Sql[] {
  return [...(totalCount ? [sql`count(*)`] : []), ...requests.map((r) => aggregateSql(object, alias, r))];
}
