// A record as JSON built in Postgres: keys are the selection aliases, composites are nested
// objects, MANY_TO_ONE relations are correlated lookups by primary key and ONE_TO_MANY
// relations nested connections, so any depth stays one statement (no N+1).
import { AppError } from '../../core/errors.ts';
import { ident, join, sql, type Sql } from '../../core/sql.ts';
import { fieldColumns } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { connectionSql } from './connection.ts';
import { nextAlias, type CompileContext } from './context.ts';
import { softDeleteSql } from './filter.ts';
import type { SelectedField, Selection } from './ir.ts';
import { jsonObject, jsonPair } from './json-object.ts';
import { outputValue } from './output.ts';
import { col, isManyToOne, isOneToMany, requireField, requireObject, tableOf } from './resolve.ts';

function relationError(object: ObjectModel, field: FieldModel, expected: string): AppError {
  return new AppError('BAD_USER_INPUT', `Field "${field.name}" of object "${object.nameSingular}" is not ${expected}.`, {
    details: { object: object.nameSingular, field: field.name },
  });
}

function fieldValue(object: ObjectModel, alias: string, field: FieldModel, subFields: string[] | undefined): Sql {
  if (field.type === 'RELATION') throw relationError(object, field, 'a scalar or composite field; select the relation instead');
  const columns = fieldColumns(field);
  if (!columns[0].subField) return outputValue(alias, columns[0]);
  const wanted = subFields ?? columns.map((c) => c.subField?.name as string);
  return jsonObject(
    wanted.map((name) => {
      const column = columns.find((c) => c.subField?.name === name);
      if (!column) throw new AppError('BAD_USER_INPUT', `Sub-field "${name}" does not exist on field "${field.name}".`, { details: { field: field.name } });
      return jsonPair(name, outputValue(alias, column));
    }),
  );
}

function manyToOneValue(ctx: CompileContext, object: ObjectModel, alias: string, field: FieldModel, selection: Selection): Sql {
  if (!isManyToOne(field) || !field.relation) throw relationError(object, field, 'a many-to-one relation');
  const target = requireObject(ctx.model, field.relation.targetObject);
  const a = nextAlias(ctx);
  const where = join([sql`${ident(a, 'id')} = ${col(alias, joinColumnName(field.name))}`, ...softDeleteSql(target, a, false)], sql` AND `);
  return sql`(SELECT ${recordSql(ctx, target, a, selection)} FROM ${tableOf(ctx.model, target)} AS ${ident(a)} WHERE ${where})`;
}

function selectedValue(ctx: CompileContext, object: ObjectModel, alias: string, selected: SelectedField): Sql {
  const field = requireField(object, selected.field);
  switch (selected.kind) {
    case 'field':
      return fieldValue(object, alias, field, selected.subFields);
    case 'foreignKey':
      if (!isManyToOne(field)) throw relationError(object, field, 'a many-to-one relation');
      return col(alias, joinColumnName(field.name));
    case 'manyToOne':
      return manyToOneValue(ctx, object, alias, field, selected.selection);
    case 'oneToMany': {
      if (!isOneToMany(field) || !field.relation) throw relationError(object, field, 'a one-to-many relation');
      const target = requireObject(ctx.model, field.relation.targetObject);
      const inverse = joinColumnName(requireField(target, field.relation.targetField).name);
      const parent = (childAlias: string) => sql`${col(childAlias, inverse)} = ${col(alias, 'id')}`;
      return connectionSql(ctx, target, selected.connection, recordSql, parent);
    }
  }
}

/** The JSON object of one row of `alias` with the selected keys. */
export function recordSql(ctx: CompileContext, object: ObjectModel, alias: string, selection: Selection): Sql {
  return jsonObject(selection.fields.map((f) => jsonPair(f.alias, selectedValue(ctx, object, alias, f))));
}
