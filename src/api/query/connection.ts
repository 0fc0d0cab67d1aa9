// A list of records as one scalar subquery: Twenty's connection `{edges, pageInfo,
// totalCount, ...aggregates}` or a bare JSON array. Used for root findMany and for nested
// ONE_TO_MANY relations alike; the page is fetched with limit+1 to learn hasNextPage.
import { ident, int, join, sql, type Sql } from '../../core/sql.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import { aggregateColumns } from './aggregate.ts';
import { nextAlias, type CompileContext } from './context.ts';
import { cursorSql } from './cursor.ts';
import { whereSql } from './filter.ts';
import type { ConnectionQuery, Selection } from './ir.ts';
import { jsonObject, jsonPair } from './json-object.ts';
import { afterCursorSql, orderBySql, resolveOrder, reverseOrder, type ResolvedTerm } from './order.ts';
import { col, tableOf } from './resolve.ts';

/** Builds a record's JSON for a row alias (select.ts; passed in to keep imports one-way). */
export type RecordBuilder = (ctx: CompileContext, object: ObjectModel, alias: string, selection: Selection) => Sql;
/** An extra condition on the row alias: the join to the parent row of a nested relation. */
export type ParentCondition = (alias: string) => Sql;

interface Plan {
  ctx: CompileContext;
  object: ObjectModel;
  q: ConnectionQuery;
  alias: string;
  /** Order of the result (always ascending in the caller's terms). */
  terms: ResolvedTerm[];
  /** Order rows are fetched in: reversed for backward pages. */
  fetch: ResolvedTerm[];
  where: Sql;
}

function plan(ctx: CompileContext, object: ObjectModel, q: ConnectionQuery, parent?: ParentCondition): Plan {
  const alias = nextAlias(ctx);
  const terms = resolveOrder(object, q.orderBy);
  const fetch = q.direction === 'backward' ? reverseOrder(terms) : terms;
  const extra = [
    ...(parent ? [parent(alias)] : []),
    ...(q.after ? [afterCursorSql(alias, terms, q.after)] : []),
    ...(q.before ? [afterCursorSql(alias, reverseOrder(terms), q.before)] : []),
  ];
  return { ctx, object, q, alias, terms, fetch, where: whereSql(object, alias, q.filter, q.withDeleted, extra) };
}

/** The offset is a parameter, so statement texts stay one per shape whatever the value. */
function offsetSql(q: ConnectionQuery): Sql {
  return q.offset ? sql` OFFSET ${q.offset}` : sql``;
}

function listSql(p: Plan, build: RecordBuilder): Sql {
  const a = ident(p.alias);
  const fetched = sql`SELECT ${a}.* FROM ${tableOf(p.ctx.model, p.object)} AS ${a} WHERE ${p.where} ORDER BY ${orderBySql(p.alias, p.fetch)} LIMIT ${int(p.q.limit)}${offsetSql(p.q)}`;
  // Backward pages are fetched reversed and put back in order before aggregating (see pageSql).
  const rows = p.q.direction === 'backward' ? sql`SELECT ${a}.* FROM (${fetched}) AS ${a} ORDER BY ${orderBySql(p.alias, p.terms)}` : fetched;
  const record = build(p.ctx, p.object, p.alias, p.q.selection);
  return sql`(SELECT coalesce(json_agg(${record}), '[]'::json) FROM (${rows}) AS ${a})`;
}

/**
 * The page, aggregated into edges and cursors. limit+1 rows are fetched (and numbered) only
 * when pageInfo needs to know whether there are more. Rows reach the aggregates already in the
 * result order, so the aggregates need no ORDER BY of their own (a sort per aggregate call
 * was most of a nested connection's cost).
 */
function pageSql(p: Plan, build: RecordBuilder): { from: Sql; pairs: Sql[] } {
  const { q, alias } = p;
  const a = ident(alias);
  const names = q.aliases ?? {};
  const needMore = q.want.pageInfo;
  const filter = needMore ? sql` FILTER (WHERE ${col(alias, '__n')} <= ${int(q.limit)})` : sql``;
  const cursor = q.want.pageInfo || (q.want.edges && q.want.cursor) ? sql`, ${cursorSql(alias, p.terms)} AS "__cursor"` : sql``;
  const numbered = needMore ? sql`, row_number() OVER (ORDER BY ${orderBySql(alias, p.fetch)}) AS "__n"` : sql``;
  // Number (and make cursors for) only the fetched rows: a window over the base query would
  // run over every matching row before the LIMIT.
  const fetched = sql`SELECT ${a}.* FROM ${tableOf(p.ctx.model, p.object)} AS ${a} WHERE ${p.where} ORDER BY ${orderBySql(alias, p.fetch)} LIMIT ${int(needMore ? q.limit + 1 : q.limit)}${offsetSql(q)}`;
  const rows = sql`SELECT ${a}.*${numbered}${cursor} FROM (${fetched}) AS ${a} ORDER BY ${orderBySql(alias, p.terms)}`;
  const columns: Sql[] = needMore ? [sql`count(*) > ${int(q.limit)} AS "more"`] : [];
  const pairs: Sql[] = [];
  if (q.want.edges) {
    const edge = [jsonPair(names.node ?? 'node', build(p.ctx, p.object, alias, q.selection)), ...(q.want.cursor ? [jsonPair(names.cursor ?? 'cursor', col(alias, '__cursor'))] : [])];
    columns.push(sql`coalesce(json_agg(${jsonObject(edge)})${filter}, '[]'::json) AS "edges"`);
    pairs.push(jsonPair(names.edges ?? 'edges', sql`"page"."edges"`));
  }
  if (q.want.pageInfo) {
    columns.push(sql`array_agg(${col(alias, '__cursor')})${filter} AS "cursors"`);
    const forward = q.direction === 'forward';
    const info = jsonObject([
      jsonPair('hasNextPage', forward ? sql`"page"."more"` : sql`false`),
      jsonPair('hasPreviousPage', forward ? sql`false` : sql`"page"."more"`),
      jsonPair('startCursor', sql`"page"."cursors"[1]`),
      jsonPair('endCursor', sql`"page"."cursors"[cardinality("page"."cursors")]`),
    ]);
    pairs.push(jsonPair(names.pageInfo ?? 'pageInfo', info));
  }
  return { from: sql`(SELECT ${join(columns)} FROM (${rows}) AS ${a}) AS "page"`, pairs };
}

/** totalCount and aggregates over the filtered set: the cursor conditions do not apply. */
function totalsSql(ctx: CompileContext, object: ObjectModel, q: ConnectionQuery, parent?: ParentCondition): { from: Sql; pairs: Sql[] } {
  const alias = nextAlias(ctx);
  const items = aggregateColumns(object, alias, q.want.totalCount, q.want.aggregates);
  const names = [...(q.want.totalCount ? [q.aliases?.totalCount ?? 'totalCount'] : []), ...q.want.aggregates.map((r) => r.alias)];
  const where = whereSql(object, alias, q.filter, q.withDeleted, parent ? [parent(alias)] : []);
  const from = sql`(SELECT ${join(items.map((item, i) => sql`${item} AS ${ident(`a${i}`)}`))} FROM ${tableOf(ctx.model, object)} AS ${ident(alias)} WHERE ${where}) AS "totals"`;
  return { from, pairs: names.map((name, i) => jsonPair(name, sql`"totals".${ident(`a${i}`)}`)) };
}

/** One scalar subquery whose value is the connection (or list) JSON. */
export function connectionSql(ctx: CompileContext, object: ObjectModel, q: ConnectionQuery, build: RecordBuilder, parent?: ParentCondition): Sql {
  const p = plan(ctx, object, q, parent);
  if (q.shape === 'list') return listSql(p, build);
  const parts = [
    ...(q.want.edges || q.want.pageInfo ? [pageSql(p, build)] : []),
    ...(q.want.totalCount || q.want.aggregates.length > 0 ? [totalsSql(ctx, object, q, parent)] : []),
  ];
  const result = jsonObject(parts.flatMap((part) => part.pairs));
  return parts.length === 0 ? sql`(SELECT ${result})` : sql`(SELECT ${result} FROM ${join(parts.map((part) => part.from))})`;
}
