// create (and upsert), update, soft delete, restore and destroy as one statement each.
// Mass changes pick their target ids with LIMIT maxAffected+1 and rows change only when
// there are at most maxAffected of them; the statement reports an overflow in "maxAffectedExceeded" and run.ts turns it into an error.
import { AppError } from '../../core/errors.ts';
import { ident, int, join, sql, type Sql } from '../../core/sql.ts';
import { findField, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { fieldColumns, isEmptyTextColumn } from '../../metadata/field-types.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { newContext, nextAlias } from './context.ts';
import { hasCondition, whereSql } from './filter.ts';
import { inputColumns, stampActor, stampUpdatedAt, type ColumnValues } from './input.ts';
import { groupRows, type Group, type Row } from './upsert.ts';
import type { Actor, CreateQuery, DeleteQuery, FilterNode, Selection, UpdateQuery } from './ir.ts';
import type { EventAction } from '../../jobs/outbox.ts';
import { eventCtes, eventRecordSql } from './events.ts';
import { col, requireObject, tableOf } from './resolve.ts';
import { recordSql } from './select.ts';

/**
 * New records go first in the default position order, keeping their input order: minus the
 * transaction's start in microseconds, plus the index in the batch. No scan of the table (a
 * min(position) per record made bulk creates quadratic).
 */
function positionDefault(index: number): Sql {
  return sql`(-(extract(epoch from now()) * 1000000) + ${index})::double precision`;
}

function prepareRows(model: WorkspaceModel, object: ObjectModel, q: CreateQuery): Row[] {
  return q.records.map((record, index) => {
    const given = inputColumns(object, record, model);
    const all: ColumnValues = new Map(given);
    stampActor(object, 'createdBy', q.actor, all);
    stampActor(object, 'updatedBy', q.actor, all);
    if (findField(object, 'position') && !all.has('position')) all.set('position', positionDefault(index));
    return { index, given, all };
  });
}

function actorColumns(object: ObjectModel, name: string): string[] {
  const field = findField(object, name);
  return field?.type === 'ACTOR' ? fieldColumns(field).map((c) => c.column) : [];
}

function insertSql(model: WorkspaceModel, object: ObjectModel, group: Group, upsert: boolean): Sql {
  const values = group.rows.map((row) => sql`(${join(group.columns.map((c) => (row.all.has(c) ? sql`${row.all.get(c)}` : sql`DEFAULT`)))})`);
  const insert = sql`INSERT INTO ${tableOf(model, object)} AS "w" (${join(group.columns.map((c) => ident(c)))}) VALUES ${join(values)}`;
  if (!upsert || !group.conflict) return sql`${insert} RETURNING "w".*, true AS "__inserted"`;
  const conflict = group.conflict;
  const given = new Set(group.rows.flatMap((r) => [...r.given.keys()]));
  const createdBy = new Set(actorColumns(object, 'createdBy'));
  const updatedBy = new Set(actorColumns(object, 'updatedBy'));
  const updated = group.columns.filter((c) => !conflict.includes(c) && !createdBy.has(c) && (given.has(c) || updatedBy.has(c)));
  if (findField(object, 'updatedAt') && !updated.includes('updatedAt')) updated.push('updatedAt');
  const set = join(updated.map((c) => (c === 'updatedAt' && !given.has(c) ? sql`"updatedAt" = now()` : sql`${ident(c)} = EXCLUDED.${ident(c)}`)));
  const target = join(conflict.map((c) => ident(c)));
  // Unique indexes may be partial (live rows only); the predicate lets Postgres infer either kind.
  // The predicate must imply the index's: live rows only, and '' (empty text) is no value.
  const emptyText = new Set(object.fields.flatMap((f) => fieldColumns(f).filter((c) => isEmptyTextColumn(f, c)).map((c) => c.column)));
  const nonEmpty = join(conflict.filter((c) => emptyText.has(c)).map((c) => sql` AND ${ident(c)} <> ''`), sql``);
  const where = conflict[0] === 'id' || !findField(object, 'deletedAt') ? sql`` : sql` WHERE "deletedAt" IS NULL${nonEmpty}`;
  // xmax = 0 only for freshly inserted rows: the event is `created`, else `upserted`.
  return sql`${insert} ON CONFLICT (${target})${where} DO UPDATE SET ${set} RETURNING "w".*, ("w"."xmax" = 0) AS "__inserted"`;
}

/** One statement: result = JSON array of the created (or upserted) records in input order. */
export function compileCreate(model: WorkspaceModel, q: CreateQuery): Sql {
  const object = requireObject(model, q.object);
  if (q.records.length === 0) return sql`SELECT '[]'::json AS "result"`;
  const groups = groupRows(object, prepareRows(model, object, q), q.upsert);
  const ctx = newContext(model);
  const alias = nextAlias(ctx);
  const record = recordSql(ctx, object, alias, q.selection);
  const ctes = join(groups.flatMap((g, i) => [
    sql`${ident(`w${i}`)} AS (${insertSql(model, object, g, q.upsert)})`,
    ...(q.emitEvents === false ? [] : [eventCtes(ctx, { object, action: 'created', changed: `w${i}`, where: (a) => ident(a, '__inserted'), actor: q.actor, suffix: `_c${i}` })]),
    ...(q.upsert && q.emitEvents !== false ? [eventCtes(ctx, { object, action: 'upserted', changed: `w${i}`, where: (a) => sql`NOT ${ident(a, '__inserted')}`, actor: q.actor, suffix: `_u${i}` })] : []),
  ]));
  if (groups.length === 1) {
    // RETURNING yields rows in VALUES order, and the CTE scan keeps it.
    return sql`WITH ${ctes} SELECT coalesce(json_agg(${record}), '[]'::json) AS "result" FROM "w0" AS ${ident(alias)}`;
  }
  const parts = groups.map((g, i) => sql`SELECT ${ident(`w${i}`)}.*, (ARRAY[${join(g.rows.map((r) => sql`${r.index}::int`))}])[row_number() OVER ()] AS "__ord" FROM ${ident(`w${i}`)}`);
  return sql`WITH ${ctes} SELECT coalesce(json_agg(${record} ORDER BY ${ident(alias, '__ord')}), '[]'::json) AS "result" FROM (${join(parts, sql` UNION ALL `)}) AS ${ident(alias)}`;
}

type Change = { kind: 'update'; set: Sql } | { kind: 'delete' };

interface Mutation {
  object: ObjectModel;
  filter: FilterNode;
  /** Which rows are eligible: live rows, deleted rows (restore) or any row (destroy). */
  rows: 'live' | 'deleted' | 'any';
  change: Change;
  selection: Selection;
  maxAffected: number;
  action: EventAction;
  actor: Actor;
  updatedFields?: string[];
}

function checkMutation(object: ObjectModel, filter: FilterNode, maxAffected: number): void {
  if (!hasCondition(filter)) {
    throw new AppError('INVALID_QUERY_INPUT', 'A non-empty filter is required.', { details: { object: object.nameSingular } });
  }
  if (!Number.isSafeInteger(maxAffected) || maxAffected < 1) throw new AppError('INTERNAL_SERVER_ERROR', 'maxAffected must be a positive integer.');
}

function mutationSql(model: WorkspaceModel, m: Mutation): Sql {
  checkMutation(m.object, m.filter, m.maxAffected);
  const ctx = newContext(model);
  const pick = nextAlias(ctx);
  const table = tableOf(model, m.object);
  const eligible =
    m.rows === 'deleted' ? [sql`${col(pick, 'deletedAt')} IS NOT NULL`] : [];
  const where = whereSql(m.object, pick, m.filter, m.rows !== 'live', eligible);
  const target = sql`SELECT ${col(pick, 'id')} FROM ${table} AS ${ident(pick)} WHERE ${where} LIMIT ${int(m.maxAffected + 1)}`;
  const allowed = sql`"w"."id" IN (SELECT "id" FROM "target") AND (SELECT count(*) FROM "target") <= ${int(m.maxAffected)}`;
  // An update reads the row as it was through a self-join ("o" sees the statement's snapshot),
  // so its event carries before and after.
  const write =
    m.change.kind === 'delete'
      ? sql`DELETE FROM ${table} AS "w" WHERE ${allowed} RETURNING "w".*`
      : m.action === 'updated'
        ? sql`UPDATE ${table} AS "w" SET ${m.change.set} FROM ${table} AS "o" WHERE "w"."id" = "o"."id" AND ${allowed} RETURNING "w".*, ${eventRecordSql(ctx, m.object, 'o')} AS "__before"`
        : sql`UPDATE ${table} AS "w" SET ${m.change.set} WHERE ${allowed} RETURNING "w".*`;
  const events = eventCtes(ctx, { object: m.object, action: m.action, changed: 'changed', beforeColumn: m.action === 'updated' ? '__before' : undefined, updatedFields: m.updatedFields, actor: m.actor, suffix: '' });
  const alias = nextAlias(ctx);
  const record = recordSql(ctx, m.object, alias, m.selection);
  const exceeded = sql`CASE WHEN (SELECT count(*) FROM "target") > ${int(m.maxAffected)} THEN ${int(m.maxAffected)} END`;
  return sql`WITH "target" AS (${target}), "changed" AS (${write}), ${events} SELECT coalesce(json_agg(${record}), '[]'::json) AS "result", ${exceeded} AS "maxAffectedExceeded" FROM "changed" AS ${ident(alias)}`;
}

/** A nested relation write (`company: {connect}`) changes the FK, and events name it so. */
function updatedFieldName(object: ObjectModel, key: string): string {
  const field = findField(object, key);
  return field?.type === 'RELATION' && field.relation?.type === 'MANY_TO_ONE' ? joinColumnName(key) : key;
}

/** A field-level patch: only the given columns, plus updatedAt/updatedBy, are written. */
export function compileUpdate(model: WorkspaceModel, q: UpdateQuery): Sql {
  const object = requireObject(model, q.object);
  const columns = inputColumns(object, q.data, model);
  stampActor(object, 'updatedBy', q.actor, columns);
  stampUpdatedAt(object, columns);
  if (columns.size === 0) throw new AppError('BAD_USER_INPUT', `Nothing to update on object "${object.nameSingular}": the data is empty.`);
  const set = join([...columns].map(([column, value]) => sql`${ident(column)} = ${value}`));
  return mutationSql(model, { object, filter: q.filter, rows: 'live', change: { kind: 'update', set }, selection: q.selection, maxAffected: q.maxAffected, action: 'updated', actor: q.actor, updatedFields: Object.keys(q.data).map((key) => updatedFieldName(object, key)) });
}

export function compileDelete(model: WorkspaceModel, q: DeleteQuery): Sql {
  const object = requireObject(model, q.object);
  const base = { object, filter: q.filter, selection: q.selection, maxAffected: q.maxAffected, actor: q.actor };
  if (q.mode === 'destroy') return mutationSql(model, { ...base, rows: 'any', change: { kind: 'delete' }, action: 'destroyed' });
  if (!findField(object, 'deletedAt')) {
    throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" has no soft delete; destroy its records instead.`);
  }
  return q.mode === 'soft'
    ? mutationSql(model, { ...base, rows: 'live', change: { kind: 'update', set: sql`"deletedAt" = now()` }, action: 'deleted' })
    : mutationSql(model, { ...base, rows: 'deleted', change: { kind: 'update', set: sql`"deletedAt" = NULL` }, action: 'restored' });
}
