// Name resolution for the compiler: API names from the IR → objects, fields and columns of the
// model, with user-facing errors for names that do not exist. Everything SQL-side starts here,
// so identifiers in the SQL text only ever come from the validated model.
import { AppError } from '../../core/errors.ts';
import { ident, type Sql } from '../../core/sql.ts';
import { fieldColumns, FIELD_TYPE_SPECS, type FieldColumn } from '../../metadata/field-types.ts';
import { findField, findObject, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { tableName } from '../../metadata/names.ts';
import { didYouMeanSuffix as didYouMean } from '../../metadata/suggest.ts';

export function requireObject(model: WorkspaceModel, name: string): ObjectModel {
  const object = findObject(model, name);
  if (object) return object;
  const names = model.objects.map((o) => o.nameSingular);
  throw new AppError('BAD_USER_INPUT', `Object "${name}" does not exist.${didYouMean(name, names)}`, { details: { object: name } });
}

export function requireField(object: ObjectModel, name: string): FieldModel {
  const field = findField(object, name);
  if (field) return field;
  const names = object.fields.map((f) => f.name);
  throw new AppError('BAD_USER_INPUT', `Field "${name}" does not exist on object "${object.nameSingular}".${didYouMean(name, names)}`, {
    details: { object: object.nameSingular, field: name },
  });
}

/** The quoted, schema-qualified table of an object. */
export function tableOf(model: WorkspaceModel, object: ObjectModel): Sql {
  return ident(model.schema, tableName(object));
}

export function isManyToOne(field: FieldModel): boolean {
  return field.type === 'RELATION' && field.relation?.type === 'MANY_TO_ONE';
}

export function isOneToMany(field: FieldModel): boolean {
  return field.type === 'RELATION' && field.relation?.type === 'ONE_TO_MANY';
}

/** `field` or `field.subField`, as messages and cursors name a column. */
export function columnPath(field: string, subField?: string): string {
  return subField ? `${field}.${subField}` : field;
}

/**
 * The one column a filter, order term or aggregate addresses: a scalar field, a composite
 * sub-field, or the FK of a MANY_TO_ONE relation.
 */
export function requireColumn(object: ObjectModel, field: FieldModel, subField?: string): FieldColumn {
  const columns = fieldColumns(field);
  const composite = FIELD_TYPE_SPECS[field.type].composite;
  if (composite) {
    if (subField === undefined) {
      const names = composite.subFields.map((s) => s.name);
      throw new AppError('BAD_USER_INPUT', `Field "${field.name}" is composite; name one of its sub-fields (${names.map((n) => `"${n}"`).join(', ')}).`, {
        details: { object: object.nameSingular, field: field.name },
      });
    }
    const column = columns.find((c) => c.subField?.name === subField);
    if (column) return column;
    const names = composite.subFields.map((s) => s.name);
    throw new AppError('BAD_USER_INPUT', `Sub-field "${subField}" does not exist on field "${field.name}".${didYouMean(subField, names)}`, {
      details: { object: object.nameSingular, field: field.name, subField },
    });
  }
  if (subField !== undefined) {
    throw new AppError('BAD_USER_INPUT', `Field "${field.name}" has no sub-fields; "${field.name}.${subField}" does not exist.`, {
      details: { object: object.nameSingular, field: field.name, subField },
    });
  }
  if (columns.length === 0) {
    throw new AppError('BAD_USER_INPUT', `Field "${field.name}" is a one-to-many relation and cannot be used here.`, {
      details: { object: object.nameSingular, field: field.name },
    });
  }
  return columns[0];
}

/** The alias-qualified column reference `"t0"."col"` (PERF fact 4: never bare). */
export function col(alias: string, column: string): Sql {
  return ident(alias, column);
}
