// Twenty 2.43's nested relation input on a MANY_TO_ONE field of a create or update:
// `company: {connect: {where: {id | <unique field>: …}}}` or `company: {disconnect: true}`.
// A connect becomes the FK column's value: a scalar subquery that finds the one live target
// row inside the same statement (no extra round trip). When nothing matches, the subquery
// yields a fresh random id (gen_random_uuid()) that no row has, so the foreign key refuses the
// write (23503, BAD_USER_INPUT as Twenty's CONNECT_RECORD_NOT_FOUND) and the statement changes
// nothing.
import { AppError } from '../../core/errors.ts';
import { sql, type Sql } from '../../core/sql.ts';
import { FIELD_TYPE_SPECS, fieldColumns } from '../../metadata/field-types.ts';
import { findField, findObject, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { didYouMeanSuffix as didYouMean } from '../../metadata/suggest.ts';
import { whereSql } from './filter.ts';
import type { FilterNode } from './ir.ts';
import { tableOf } from './resolve.ts';

export type RelationWrite = { kind: 'disconnect' } | { kind: 'connect'; target: ObjectModel; conditions: FilterNode[] };

/**
 * The fields that identify one record of an object, as sets: `id`, each unique field and each
 * unique index (Twenty's unique constraints). Composite fields count by their unique sub-fields.
 */
export function uniqueConstraints(object: ObjectModel): FieldModel[][] {
  const byName = (name: string) => findField(object, name);
  const sets = [
    [byName('id')],
    ...object.fields.filter((f) => f.isUnique && f.name !== 'id').map((f) => [f]),
    ...object.indexes.filter((i) => i.isUnique).map((i) => i.fields.map(byName)),
  ];
  return sets.filter((set): set is FieldModel[] => set.length > 0 && set.every((f) => f !== undefined && f.type !== 'RELATION'));
}

/** The sub-fields of a composite that take part in its unique constraint. */
export function uniqueSubFields(field: FieldModel): string[] {
  const composite = FIELD_TYPE_SPECS[field.type].composite;
  return composite ? composite.subFields.filter((s) => s.unique).map((s) => s.name) : [];
}

function refuse(object: ObjectModel, field: FieldModel, message: string): AppError {
  return new AppError('BAD_USER_INPUT', `Relation "${field.name}" of object "${object.nameSingular}": ${message}`, {
    details: { object: object.nameSingular, field: field.name },
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function whereConditions(object: ObjectModel, field: FieldModel, target: ObjectModel, where: Record<string, unknown>): FilterNode[] {
  const constraints = uniqueConstraints(target);
  const allowed = [...new Set(constraints.flat().map((f) => f.name))];
  const conditions: FilterNode[] = [];
  for (const [name, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    const unique = allowed.includes(name) ? findField(target, name) : undefined;
    if (!unique) throw refuse(object, field, `"${name}" is not a unique field of "${target.nameSingular}"; connect by one of ${allowed.map((n) => `"${n}"`).join(', ')}.${didYouMean(name, allowed)}`);
    const subs = uniqueSubFields(unique);
    if (subs.length === 0) {
      conditions.push({ kind: 'compare', field: name, op: 'eq', value });
      continue;
    }
    if (!isPlainObject(value) || !subs.every((s) => value[s] !== undefined && value[s] !== null)) {
      throw refuse(object, field, `connect by "${name}" takes {${subs.join(', ')}}.`);
    }
    for (const sub of subs) conditions.push({ kind: 'compare', field: name, subField: sub, op: 'eq', value: value[sub] });
  }
  const given = new Set(conditions.map((c) => (c.kind === 'compare' ? c.field : '')));
  if (!constraints.some((set) => set.every((f) => given.has(f.name)))) {
    const sets = constraints.map((set) => set.map((f) => f.name).join(' and ')).join(' or ');
    throw refuse(object, field, `"connect.where" must name a unique key of "${target.nameSingular}": ${sets}.`);
  }
  return conditions;
}

/** A relation field's nested input, checked before any SQL. */
export function parseRelationWrite(model: WorkspaceModel, object: ObjectModel, field: FieldModel, input: unknown): RelationWrite {
  if (!isPlainObject(input)) throw refuse(object, field, 'expected {connect: {where: {...}}} or {disconnect: true}.');
  const { connect, disconnect, ...rest } = input;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw refuse(object, field, `unknown key "${extra[0]}"; use "connect" or "disconnect", or set "${joinColumnName(field.name)}" to the related record's id.`);
  const connecting = connect !== undefined && connect !== null;
  if (connecting && disconnect === true) throw refuse(object, field, 'cannot connect and disconnect at once.');
  if (disconnect === true) return { kind: 'disconnect' };
  if (!connecting) throw refuse(object, field, 'expected {connect: {where: {...}}} or {disconnect: true}.');
  const target = field.relation ? findObject(model, field.relation.targetObject) : undefined;
  if (!target) throw refuse(object, field, 'its target object does not exist.');
  if (!isPlainObject(connect) || !isPlainObject(connect.where)) throw refuse(object, field, 'expected {connect: {where: {...}}}.');
  return { kind: 'connect', target, conditions: whereConditions(object, field, target, connect.where) };
}

/** The FK column value of a relation write: null, or the connected row's id found in-statement. */
export function relationWriteValue(model: WorkspaceModel, write: RelationWrite): Sql | null {
  if (write.kind === 'disconnect') return null;
  const filter: FilterNode = { kind: 'and', children: write.conditions };
  const found = sql`(SELECT "rel"."id" FROM ${tableOf(model, write.target)} AS "rel" WHERE ${whereSql(write.target, 'rel', filter, false)})`;
  return sql`coalesce(${found}, gen_random_uuid())`;
}

/** The FK column a MANY_TO_ONE relation field writes. */
export function relationColumn(field: FieldModel): string {
  return fieldColumns(field)[0]?.column ?? joinColumnName(field.name);
}
