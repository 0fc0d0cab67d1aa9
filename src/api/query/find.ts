// Read statements: findMany (a connection or list) and findOne (a record or null). Each
// compiles to ONE statement returning one row with one json column, `result`.
import { AppError } from '../../core/errors.ts';
import { ident, sql, type Sql } from '../../core/sql.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { connectionSql } from './connection.ts';
import { newContext, nextAlias } from './context.ts';
import { whereSql } from './filter.ts';
import type { ConnectionQuery, FindOneQuery } from './ir.ts';
import { requireObject, tableOf } from './resolve.ts';
import { recordSql } from './select.ts';

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new AppError('INVALID_QUERY_INPUT', `The page size must be a non-negative integer; got ${limit}.`);
  }
}

function checkLimits(q: ConnectionQuery): void {
  checkLimit(q.limit);
  for (const f of q.selection.fields) if (f.kind === 'oneToMany') checkLimits(f.connection);
}

export function compileFindMany(model: WorkspaceModel, q: ConnectionQuery): Sql {
  checkLimits(q);
  const object = requireObject(model, q.object);
  return sql`SELECT ${connectionSql(newContext(model), object, q, recordSql)} AS "result"`;
}

/** The first matching record by id, so a filter matching several rows still answers stably. */
export function compileFindOne(model: WorkspaceModel, q: FindOneQuery): Sql {
  const object = requireObject(model, q.object);
  const ctx = newContext(model);
  const alias = nextAlias(ctx);
  const a = ident(alias);
  const rows = sql`SELECT ${a}.* FROM ${tableOf(model, object)} AS ${a} WHERE ${whereSql(object, alias, q.filter, q.withDeleted)} ORDER BY ${ident(alias, 'id')} LIMIT 1`;
  return sql`SELECT (SELECT ${recordSql(ctx, object, alias, q.selection)} FROM (${rows}) AS ${a}) AS "result"`;
}
