// mergeMany (spec §1.1) as ONE statement, so it is all-or-nothing without a client-side
// transaction: the survivor is the record at conflictPriorityIndex; each mergeable field takes
// the survivor's value unless empty, else the first non-empty value of the others in input
// order; ONE_TO_MANY relations of the others are re-pointed to the survivor and the others
// are soft-deleted. dryRun computes the merged record without writing.
import { AppError } from '../../core/errors.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { authorizeDelete, authorizeUpdate, type AuthorizeOptions } from './authorize.ts';
import { ident, int, join, sql, type Sql } from '../../core/sql.ts';
import { fieldColumns, type FieldColumn } from '../../metadata/field-types.ts';
import { findField, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { newContext, nextAlias } from './context.ts';
import { eventCtes } from './events.ts';
import { stampActor, stampUpdatedAt } from './input.ts';
import type { Actor, FilterNode, Selection } from './ir.ts';
import { col, isOneToMany, requireField, requireObject, tableOf } from './resolve.ts';
import { recordSql } from './select.ts';
import { coerceValue } from './values.ts';

/** Twenty's MutationMaxMergeRecords. */
export const MAX_MERGE_RECORDS = 9;

export interface MergeQuery {
  object: string;
  ids: string[];
  conflictPriorityIndex: number;
  dryRun: boolean;
  actor: Actor;
  selection: Selection;
}

// Sub-fields that carry no value on their own: a currency code without an amount is empty.
const QUALIFIER_SUBFIELDS = new Set(['currencyCode', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode']);

function mergeableFields(object: ObjectModel): FieldModel[] {
  return object.fields.filter((f) => !f.isSystem && f.type !== 'TS_VECTOR' && fieldColumns(f).length > 0);
}

function columnNotEmpty(alias: string, column: FieldColumn): Sql {
  const c = col(alias, column.column);
  if (column.pg === 'text') return sql`(${c} IS NOT NULL AND ${c} <> '')`;
  if (column.pg === 'jsonb') return sql`(${c} IS NOT NULL AND ${c} NOT IN ('[]'::jsonb, '{}'::jsonb, 'null'::jsonb))`;
  if (column.pg === 'text[]' || column.pg === 'enum[]') return sql`coalesce(cardinality(${c}) > 0, false)`;
  return sql`(${c} IS NOT NULL)`;
}

/** A field is non-empty when any of its value-carrying columns is. */
function fieldNotEmpty(alias: string, field: FieldModel): Sql {
  const columns = fieldColumns(field).filter((c) => !c.subField || !QUALIFIER_SUBFIELDS.has(c.subField.name));
  return sql`(${join(columns.map((c) => columnNotEmpty(alias, c)), sql` OR `)})`;
}

function checkMerge(object: ObjectModel, q: MergeQuery): string[] {
  if (!Array.isArray(q.ids) || q.ids.length < 2 || q.ids.length > MAX_MERGE_RECORDS) {
    throw new AppError('INVALID_QUERY_INPUT', `A merge takes between 2 and ${MAX_MERGE_RECORDS} record ids; got ${Array.isArray(q.ids) ? q.ids.length : 0}.`);
  }
  const id = requireField(object, 'id');
  const ids = q.ids.map((value) => coerceValue({ object, field: id, column: fieldColumns(id)[0] }, value) as string);
  if (new Set(ids.map((i) => i.toLowerCase())).size !== ids.length) throw new AppError('INVALID_QUERY_INPUT', 'The ids to merge must be distinct.');
  if (!Number.isInteger(q.conflictPriorityIndex) || q.conflictPriorityIndex < 0 || q.conflictPriorityIndex >= ids.length) {
    throw new AppError('INVALID_QUERY_INPUT', `"conflictPriorityIndex" must be an index into "ids" (0 to ${ids.length - 1}); got ${q.conflictPriorityIndex}.`);
  }
  if (!findField(object, 'deletedAt')) throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" has no soft delete, so its records cannot be merged.`);
  return ids;
}

/** The merged row: every model column, mergeable fields from their picked record. */
function mergedSql(object: ObjectModel, survivor: string): { ctes: Sql; merged: FieldModel[] } {
  const merged = mergeableFields(object);
  const picks = merged.map(
    (f, i) => sql`coalesce((SELECT "f"."id" FROM "found" AS "f" WHERE ${fieldNotEmpty('f', f)} ORDER BY "f"."__rank" LIMIT 1), ${survivor}::uuid) AS ${ident(`p${i}`)}`,
  );
  const columns = object.fields.flatMap((f) => {
    const i = merged.indexOf(f);
    const from = i >= 0 ? sql`"picks".${ident(`p${i}`)}` : sql`${survivor}::uuid`;
    return fieldColumns(f).map((c) => sql`(SELECT ${col('s', c.column)} FROM "found" AS "s" WHERE "s"."id" = ${from}) AS ${ident(c.column)}`);
  });
  const ctes = sql`"picks" AS (SELECT ${picks.length > 0 ? join(picks) : sql`1 AS "none"`}), "merged" AS (SELECT ${join(columns)} FROM "picks")`;
  return { ctes, merged };
}

function relinkSql(model: WorkspaceModel, object: ObjectModel, survivor: string, others: string[], allFound: Sql): Sql[] {
  return object.fields.filter(isOneToMany).map((field, i) => {
    const relation = field.relation as NonNullable<FieldModel['relation']>;
    const target = requireObject(model, relation.targetObject);
    const fk = ident(joinColumnName(requireField(target, relation.targetField).name));
    return sql`${ident(`relink${i}`)} AS (UPDATE ${tableOf(model, target)} AS "c" SET ${fk} = ${survivor}::uuid WHERE "c".${fk} = ANY(${others}::uuid[]) AND ${allFound} RETURNING 1)`;
  });
}

/** One statement; result = the merged record JSON; missingIds lists ids not found live. */
export function compileMerge(model: WorkspaceModel, q: MergeQuery): Sql {
  const object = requireObject(model, q.object);
  const ids = checkMerge(object, q);
  const survivor = ids[q.conflictPriorityIndex];
  const others = ids.filter((_, i) => i !== q.conflictPriorityIndex);
  const table = tableOf(model, object);
  const input = sql`"input" AS (SELECT "i"."id", "i"."ord", CASE WHEN "i"."ord" = ${int(q.conflictPriorityIndex + 1)} THEN 0 ELSE "i"."ord" END AS "rank" FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS "i"("id", "ord"))`;
  const found = sql`"found" AS (SELECT "r".*, "input"."rank" AS "__rank" FROM ${table} AS "r" JOIN "input" ON "r"."id" = "input"."id" WHERE "r"."deletedAt" IS NULL)`;
  const { ctes, merged } = mergedSql(object, survivor);
  const missing = sql`ARRAY(SELECT "input"."id"::text FROM "input" WHERE NOT EXISTS (SELECT 1 FROM "found" WHERE "found"."id" = "input"."id") ORDER BY "input"."ord")`;
  const ctx = newContext(model);
  const alias = nextAlias(ctx);
  const record = recordSql(ctx, object, alias, q.selection);
  if (q.dryRun) {
    return sql`WITH ${input}, ${found}, ${ctes} SELECT (SELECT ${record} FROM "merged" AS ${ident(alias)}) AS "result", ${missing} AS "missingIds"`;
  }
  const allFound = sql`(SELECT count(*) FROM "found") = ${int(ids.length)}`;
  const set = new Map<string, unknown>(merged.flatMap((f) => fieldColumns(f).map((c) => [c.column, sql`"m".${ident(c.column)}`] as const)));
  stampActor(object, 'updatedBy', q.actor, set);
  stampUpdatedAt(object, set);
  const deleted = sql`"deleted" AS (UPDATE ${table} AS "d" SET "deletedAt" = now() WHERE "d"."id" = ANY(${others}::uuid[]) AND ${allFound} RETURNING "d".*)`;
  // Reading "deleted" here makes the others leave the (live-rows) unique indexes before the
  // survivor takes over their unique values.
  const updated = sql`"updated" AS (UPDATE ${table} AS "w" SET ${join([...set].map(([c, v]) => sql`${ident(c)} = ${v}`))} FROM "merged" AS "m" WHERE "w"."id" = ${survivor}::uuid AND (SELECT count(*) FROM "deleted") = ${int(others.length)} RETURNING "w".*)`;
  // Webhooks and the timeline see a merge as what it is: the survivor updated, the others deleted.
  const events = [
    eventCtes(ctx, { object, action: 'updated', changed: 'updated', updatedFields: merged.map((f) => f.name), actor: q.actor, suffix: '_merged' }),
    eventCtes(ctx, { object, action: 'deleted', changed: 'deleted', actor: q.actor, suffix: '_deleted' }),
  ];
  const all = join([input, found, ctes, deleted, ...relinkSql(model, object, survivor, others, allFound), updated, ...events]);
  return sql`WITH ${all} SELECT (SELECT ${record} FROM "updated" AS ${ident(alias)}) AS "result", ${missing} AS "missingIds"`;
}

/** A merge updates the survivor and soft-deletes the others: both permissions are needed. */
export function authorizeMerge(perms: Permissions, model: WorkspaceModel, q: MergeQuery, options: AuthorizeOptions = {}): MergeQuery {
  const filter: FilterNode = { kind: 'compare', field: 'id', op: 'in', value: q.ids };
  const maxAffected = Math.max(1, q.ids.length);
  const updated = authorizeUpdate(perms, model, { object: q.object, filter, data: {}, actor: q.actor, selection: q.selection, maxAffected }, options);
  authorizeDelete(perms, model, { object: q.object, mode: 'soft', filter, selection: { fields: [] }, maxAffected, actor: q.actor }, options);
  return { ...q, selection: updated.selection };
}
