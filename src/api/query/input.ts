// RecordInput (API names) → column values for INSERT/UPDATE, checked before any SQL:
// unknown fields, read-only fields, hidden sub-fields, nulls in required fields, bad values.
// A MANY_TO_ONE relation is written through its FK (`companyId`) or, given the model, through
// Twenty's nested `company: {connect | disconnect}` (connect.ts).
import { AppError } from '../../core/errors.ts';
import { sql, type Sql } from '../../core/sql.ts';
import { fieldColumns, isEmptyTextColumn } from '../../metadata/field-types.ts';
import { findField, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { normalizeLinksValue } from '../../metadata/link-url.ts';
import { didYouMeanSuffix as didYouMean } from '../../metadata/suggest.ts';
import type { Actor, RecordInput } from './ir.ts';
import { isManyToOne } from './resolve.ts';
import { parseRelationWrite, relationColumn, relationWriteValue } from './connect.ts';
import { coerceValue, invalidValue, type ValueTarget } from './values.ts';

/** Column name → parameter value (or an SQL expression such as now()). */
export type ColumnValues = Map<string, unknown>;

function refuse(object: ObjectModel, name: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, { details: { object: object.nameSingular, field: name } });
}

function unknownField(object: ObjectModel, name: string): AppError {
  const names = object.fields.flatMap((f) => (isManyToOne(f) ? [f.name, joinColumnName(f.name)] : [f.name]));
  return refuse(object, name, `Field "${name}" does not exist on object "${object.nameSingular}".${didYouMean(name, names)}`);
}

function columnValue(target: ValueTarget, value: unknown): unknown {
  if (value !== null) return coerceValue(target, value);
  // Twenty's empty text is '': a null written to a text column is stored as ''.
  if (isEmptyTextColumn(target.field, target.column)) return '';
  if (!target.field.isNullable && !target.column.subField) throw invalidValue(target, 'it cannot be null.');
  return null;
}

function compositeValues(object: ObjectModel, field: FieldModel, value: unknown, out: ColumnValues): void {
  const columns = fieldColumns(field);
  if (value === null) {
    for (const column of columns) out.set(column.column, isEmptyTextColumn(field, column) ? '' : null);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw refuse(object, field.name, `Field "${field.name}" of object "${object.nameSingular}" takes an object of sub-fields.`);
  }
  // Twenty normalises link URLs on every write, so equality filters on them match.
  const subValues = field.type === 'LINKS' ? normalizeLinksValue(value as Record<string, unknown>) : value;
  for (const [name, subValue] of Object.entries(subValues)) {
    const column = columns.find((c) => c.subField?.name === name);
    if (!column?.subField || column.subField.inputHidden) {
      const names = columns.filter((c) => !c.subField?.inputHidden).map((c) => c.subField?.name as string);
      throw refuse(object, field.name, `Sub-field "${name}" of field "${field.name}" cannot be set.${didYouMean(name, names)}`);
    }
    out.set(column.column, columnValue({ object, field, column }, subValue));
  }
}

function fieldValues(object: ObjectModel, field: FieldModel, value: unknown, out: ColumnValues, model?: WorkspaceModel): void {
  if (field.type === 'RELATION' && model && isManyToOne(field) && value !== null) {
    const column = relationColumn(field);
    if (out.has(column)) throw refuse(object, field.name, `Set relation "${field.name}" of object "${object.nameSingular}" either by "${joinColumnName(field.name)}" or by "${field.name}", not both.`);
    out.set(column, relationWriteValue(model, parseRelationWrite(model, object, field, value)));
    return;
  }
  if (field.type === 'RELATION') {
    const hint = isManyToOne(field) ? ` Set "${joinColumnName(field.name)}" to the related record's id.` : ' Set the foreign key on the related records instead.';
    throw refuse(object, field.name, `Field "${field.name}" of object "${object.nameSingular}" is a relation and cannot be set directly.${hint}`);
  }
  if (field.type === 'TS_VECTOR') throw refuse(object, field.name, `Field "${field.name}" of object "${object.nameSingular}" is read-only.`);
  const columns = fieldColumns(field);
  if (columns[0].subField) {
    compositeValues(object, field, value, out);
    return;
  }
  if (value === undefined) return;
  out.set(columns[0].column, columnValue({ object, field, column: columns[0] }, value));
}

function foreignKeyField(object: ObjectModel, key: string): FieldModel | undefined {
  return object.fields.find((f) => isManyToOne(f) && joinColumnName(f.name) === key);
}

/**
 * The columns an input record writes; only the given fields (a patch for updates). Nested
 * relation writes (connect/disconnect) need the model, for the connected object's table.
 */
export function inputColumns(object: ObjectModel, input: RecordInput, model?: WorkspaceModel): ColumnValues {
  const out: ColumnValues = new Map();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const field = findField(object, key);
    if (field) {
      fieldValues(object, field, value, out, model);
      continue;
    }
    const relation = foreignKeyField(object, key);
    if (!relation) throw unknownField(object, key);
    const column = fieldColumns(relation)[0];
    if (out.has(column.column)) throw refuse(object, key, `Set relation "${relation.name}" of object "${object.nameSingular}" either by "${key}" or by "${relation.name}", not both.`);
    out.set(column.column, columnValue({ object, field: relation, column }, value));
  }
  return out;
}

/**
 * Stamps an ACTOR field (createdBy/updatedBy) from the caller. An explicit source in the
 * input wins (Twenty's rule); member id and name always come from the authenticated actor.
 */
export function stampActor(object: ObjectModel, fieldName: string, actor: Actor, out: ColumnValues): void {
  const field = findField(object, fieldName);
  if (field?.type !== 'ACTOR') return;
  const stamp: Record<string, unknown> = { source: actor.source, workspaceMemberId: actor.workspaceMemberId, name: actor.name };
  for (const column of fieldColumns(field)) {
    const sub = column.subField?.name as string;
    if (!(sub in stamp)) continue;
    if (sub === 'source' && out.has(column.column)) continue;
    out.set(column.column, stamp[sub]);
  }
}

/** `updatedAt = now()` for objects that track it. */
export function stampUpdatedAt(object: ObjectModel, out: ColumnValues): void {
  if (findField(object, 'updatedAt') && !out.has('updatedAt')) out.set('updatedAt', sql`now()` as Sql);
}
