// Change → DDL statements. Pure: every statement is built through sql.ts from validated
// metadata names (quoted) and typed defaults (literals); no metadata value is ever SQL text.
import type { Change, OptionChange } from './diff.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from './model.ts';
import { FIELD_TYPE_SPECS, fieldColumns, isEmptyTextColumn, type FieldColumn } from './field-types.ts';
import { columnDefinition, columnType, defaultExpression, enumIdent, enumValuesOf, t, type Ctx } from './ddl-column.ts';
import { textColumnsToMigrate } from './text-fields.ts';
import { enumTypeName, foreignKeyName, indexName, joinColumnName, tableName } from './names.ts';
import { empty, ident, join, literal, sql, type Sql } from '../core/sql.ts';
import { tableFields } from './diff.ts';
import { AppError } from '../core/errors.ts';

function createEnumTypes(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  return fieldColumns(field).flatMap((column) => {
    const values = enumValuesOf(field, column);
    if (!values) return [];
    return [sql`CREATE TYPE ${enumIdent(ctx, object, column.column)} AS ENUM (${join(values.map((v) => literal(v)))})`];
  });
}

function dropEnumTypes(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  return fieldColumns(field).filter((c) => enumValuesOf(field, c)).map((c) => sql`DROP TYPE IF EXISTS ${enumIdent(ctx, object, c.column)}`);
}

function uniqueFieldColumns(field: FieldModel): FieldColumn[] {
  const columns = fieldColumns(field);
  return FIELD_TYPE_SPECS[field.type].composite ? columns.filter((c) => c.subField?.unique) : columns;
}

function uniqueColumns(field: FieldModel): string[] {
  return uniqueFieldColumns(field).map((c) => c.column);
}

function createUniqueIndex(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  const columns = uniqueFieldColumns(field);
  if (columns.length === 0) return [];
  const name = indexName(tableName(object), columns.map((c) => c.column), true);
  // Partial, as Twenty does: a soft-deleted record does not block re-creating its value, and
  // '' is the empty state of text, not a value, so records without one do not collide.
  const nonEmpty = columns.filter((c) => isEmptyTextColumn(field, c)).map((c) => sql` AND ${ident(c.column)} <> ''`);
  return [sql`CREATE UNIQUE INDEX ${ident(name)} ON ${t(ctx, object)} (${join(columns.map((c) => ident(c.column)))}) WHERE "deletedAt" IS NULL${join(nonEmpty, empty)}`];
}

/** A field made before text was never null: nulls become '', then DEFAULT and NOT NULL. */
function migrateEmptyText(ctx: Ctx, object: ObjectModel, field: FieldModel, columns: FieldColumn[]): Sql[] {
  if (columns.length === 0) return [];
  const set = join(columns.map((c) => sql`${ident(c.column)} = coalesce(${ident(c.column)}, '')`));
  const anyNull = join(columns.map((c) => sql`${ident(c.column)} IS NULL`), sql` OR `);
  return [
    sql`UPDATE ${t(ctx, object)} SET ${set} WHERE ${anyNull}`,
    ...columns.flatMap((c) => [
      sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${ident(c.column)} SET DEFAULT ${defaultExpression(ctx, object, field, c) ?? sql`''::text`}`,
      sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${ident(c.column)} SET NOT NULL`,
    ]),
  ];
}

function dropUniqueIndex(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  const columns = uniqueColumns(field);
  if (columns.length === 0) return [];
  return [sql`DROP INDEX IF EXISTS ${ident(ctx.schema, indexName(tableName(object), columns, true))}`];
}

function relationTarget(ctx: Ctx, field: FieldModel): ObjectModel {
  const target = ctx.model.objects.find((o) => o.nameSingular === field.relation?.targetObject);
  if (!target) throw new AppError('BAD_USER_INPUT', `Relation "${field.name}" targets unknown object "${field.relation?.targetObject}".`);
  return target;
}

function onDeleteSql(field: FieldModel): Sql {
  switch (field.relation?.onDelete) {
    case 'CASCADE': return sql`CASCADE`;
    case 'RESTRICT': return sql`RESTRICT`;
    default: return sql`SET NULL`;
  }
}

function foreignKey(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql {
  const column = joinColumnName(field.name);
  return sql`ALTER TABLE ${t(ctx, object)} ADD CONSTRAINT ${ident(foreignKeyName(tableName(object), column))} FOREIGN KEY (${ident(column)}) REFERENCES ${t(ctx, relationTarget(ctx, field))} ("id") ON DELETE ${onDeleteSql(field)}`;
}

function createRelationColumn(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  if (field.relation?.type !== 'MANY_TO_ONE') return [];
  const column = joinColumnName(field.name);
  return [
    sql`ALTER TABLE ${t(ctx, object)} ADD COLUMN ${ident(column)} uuid`,
    foreignKey(ctx, object, field),
    sql`CREATE INDEX ${ident(indexName(tableName(object), [column], false))} ON ${t(ctx, object)} (${ident(column)})`,
  ];
}

function createTable(ctx: Ctx, object: ObjectModel): Sql[] {
  const fields = tableFields(object);
  const columns = fields.flatMap((f) => fieldColumns(f).map((c) => columnDefinition(ctx, object, f, c)));
  return [
    ...fields.flatMap((f) => createEnumTypes(ctx, object, f)),
    sql`CREATE TABLE ${t(ctx, object)} (${join(columns)}, PRIMARY KEY ("id"))`,
    ...fields.filter((f) => f.isUnique).flatMap((f) => createUniqueIndex(ctx, object, f)),
  ];
}

function addField(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  if (field.type === 'RELATION') return createRelationColumn(ctx, object, field);
  return [
    ...createEnumTypes(ctx, object, field),
    ...fieldColumns(field).map((c) => sql`ALTER TABLE ${t(ctx, object)} ADD COLUMN ${columnDefinition(ctx, object, field, c)}`),
    ...(field.isUnique ? createUniqueIndex(ctx, object, field) : []),
  ];
}

function dropField(ctx: Ctx, object: ObjectModel, field: FieldModel): Sql[] {
  const columns = fieldColumns(field);
  if (columns.length === 0) return [];
  return [sql`ALTER TABLE ${t(ctx, object)} ${join(columns.map((c) => sql`DROP COLUMN IF EXISTS ${ident(c.column)}`))}`, ...dropEnumTypes(ctx, object, field)];
}

function optionStatements(ctx: Ctx, object: ObjectModel, field: FieldModel, changes: OptionChange[]): Sql[] {
  const column = fieldColumns(field)[0];
  const type = enumIdent(ctx, object, column.column);
  const defaults = [field.defaultValue].flat();
  // A value from ADD VALUE is unusable until commit, so a default naming one needs a new type too.
  const recreate = changes.some((c) => c.kind === 'remove' || (c.kind === 'add' && defaults.includes(c.option.value)));
  const out: Sql[] = [];
  for (const c of changes) {
    // Renaming an enum label rewrites every stored value, arrays included, without a table rewrite.
    if (c.kind === 'rename') out.push(sql`ALTER TYPE ${type} RENAME VALUE ${literal(c.from)} TO ${literal(c.to)}`);
    if (c.kind === 'add' && !recreate) out.push(sql`ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${literal(c.option.value)}`);
  }
  if (recreate) out.push(...recreateEnum(ctx, object, field, column));
  return out;
}

/** Postgres cannot drop an enum label: build the new type, clear removed values, swap. */
function recreateEnum(ctx: Ctx, object: ObjectModel, field: FieldModel, column: FieldColumn): Sql[] {
  const table = tableName(object);
  const name = enumTypeName(table, column.column);
  const old = `${name}_old`;
  const values = (field.options ?? []).map((o) => o.value);
  const col = ident(column.column);
  const list = join(values.map((v) => literal(v)));
  const multi = field.type === 'MULTI_SELECT';
  const def = defaultExpression(ctx, object, field, column);
  return [
    sql`ALTER TYPE ${ident(ctx.schema, name)} RENAME TO ${ident(old)}`,
    sql`CREATE TYPE ${ident(ctx.schema, name)} AS ENUM (${list})`,
    sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} DROP DEFAULT`,
    multi
      ? sql`UPDATE ${t(ctx, object)} SET ${col} = ARRAY(SELECT v FROM unnest(${col}) AS v WHERE v::text IN (${list})) WHERE ${col} IS NOT NULL`
      : sql`UPDATE ${t(ctx, object)} SET ${col} = NULL WHERE ${col}::text NOT IN (${list})`,
    sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} TYPE ${ident(ctx.schema, name)}${multi ? sql`[]` : empty} USING ${col}::text${multi ? sql`[]` : empty}::${ident(ctx.schema, name)}${multi ? sql`[]` : empty}`,
    ...(def ? [sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} SET DEFAULT ${def}`] : []),
    sql`DROP TYPE ${ident(ctx.schema, old)}`,
  ];
}

/** Names of the FK constraint and index of a MANY_TO_ONE field, and of a unique field's index. */
export function derivedNames(table: string, field: FieldModel, withUnique: boolean): { indexes: string[]; constraints: string[] } {
  const indexes = withUnique && field.isUnique && uniqueColumns(field).length > 0 ? [indexName(table, uniqueColumns(field), true)] : [];
  if (field.relation?.type !== 'MANY_TO_ONE') return { indexes, constraints: [] };
  const column = joinColumnName(field.name);
  return { indexes: [...indexes, indexName(table, [column], false)], constraints: [foreignKeyName(table, column)] };
}

/** Those names hash the table and column names: renaming either renames them, or later DDL would miss them. */
function renameDerived(ctx: Ctx, object: ObjectModel, from: { table: string; field: FieldModel }, to: { table: string; field: FieldModel }, withUnique: boolean): Sql[] {
  const a = derivedNames(from.table, from.field, withUnique);
  const b = derivedNames(to.table, to.field, withUnique);
  return [
    ...a.indexes.map((name, i) => sql`ALTER INDEX ${ident(ctx.schema, name)} RENAME TO ${ident(b.indexes[i])}`),
    ...a.constraints.map((name, i) => sql`ALTER TABLE ${t(ctx, object)} RENAME CONSTRAINT ${ident(name)} TO ${ident(b.constraints[i])}`),
  ];
}

function renameField(ctx: Ctx, object: ObjectModel, before: FieldModel, after: FieldModel): Sql[] {
  const from = fieldColumns(before);
  const to = fieldColumns({ ...after, type: before.type });
  const out: Sql[] = [];
  from.forEach((c, i) => {
    out.push(sql`ALTER TABLE ${t(ctx, object)} RENAME COLUMN ${ident(c.column)} TO ${ident(to[i].column)}`);
    if (enumValuesOf(before, c)) out.push(sql`ALTER TYPE ${enumIdent(ctx, object, c.column)} RENAME TO ${ident(enumTypeName(tableName(object), to[i].column))}`);
  });
  // The unique index is dropped and re-created by updateField.
  const table = tableName(object);
  return [...out, ...renameDerived(ctx, object, { table, field: before }, { table, field: { ...before, name: after.name } }, false)];
}

/** Casts Postgres does without surprises; anything else is refused with a hint. */
const SAFE_CASTS = new Set(['NUMBER>NUMERIC', 'NUMERIC>NUMBER', 'NUMBER>TEXT', 'NUMERIC>TEXT', 'UUID>TEXT', 'BOOLEAN>TEXT', 'DATE>TEXT', 'DATE_TIME>TEXT', 'SELECT>TEXT', 'DATE>DATE_TIME', 'TEXT>RAW_JSON']);

export function isSafeTypeChange(from: FieldModel['type'], to: FieldModel['type']): boolean {
  return SAFE_CASTS.has(`${from}>${to}`);
}

function changeType(ctx: Ctx, object: ObjectModel, before: FieldModel, after: FieldModel): Sql[] {
  if (!isSafeTypeChange(before.type, after.type)) {
    throw new AppError('BAD_USER_INPUT', `Field "${object.nameSingular}.${after.name}" cannot change type from ${before.type} to ${after.type}.`, {
      hint: 'Add a new field of the new type, copy the data, then remove the old field.',
    });
  }
  const column = fieldColumns(after)[0];
  const col = ident(column.column);
  const usingJson = after.type === 'RAW_JSON' ? sql`to_jsonb(${col})` : sql`${col}::${columnType(ctx, object, column)}`;
  return [
    sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} DROP DEFAULT`,
    sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} TYPE ${columnType(ctx, object, column)} USING ${usingJson}`,
    ...(before.type === 'SELECT' ? dropEnumTypes(ctx, object, before) : []),
  ];
}

function updateField(ctx: Ctx, object: ObjectModel, before: FieldModel, after: FieldModel, options: OptionChange[]): Sql[] {
  const out: Sql[] = [];
  if (before.name !== after.name) out.push(...renameField(ctx, object, before, after));
  if (before.type !== after.type) out.push(...changeType(ctx, object, { ...before, name: after.name }, after));
  if (after.type === 'RELATION') {
    if (after.relation?.type === 'MANY_TO_ONE' && before.relation?.onDelete !== after.relation.onDelete) {
      // After a rename in this same change, the constraint already has the new name.
      out.push(sql`ALTER TABLE ${t(ctx, object)} DROP CONSTRAINT IF EXISTS ${ident(foreignKeyName(tableName(object), joinColumnName(after.name)))}`, foreignKey(ctx, object, after));
    }
    return out;
  }
  if (options.length > 0) out.push(...optionStatements(ctx, object, after, options));
  const columns = fieldColumns(after);
  const texts = textColumnsToMigrate(before, after);
  const migrated = new Set(texts.map((c) => c.column));
  // Filling '' into a unique column needs the index that ignores '' first.
  const rebuildUnique = before.isUnique !== after.isUnique || (after.isUnique && (before.name !== after.name || uniqueColumns(after).some((c) => migrated.has(c))));
  if (rebuildUnique && before.isUnique) out.push(...dropUniqueIndex(ctx, object, before));
  if (!FIELD_TYPE_SPECS[after.type].composite && columns.length === 1 && !migrated.has(columns[0].column)) {
    const col = ident(columns[0].column);
    if (before.isNullable !== after.isNullable) out.push(sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${col} ${after.isNullable ? sql`DROP NOT NULL` : sql`SET NOT NULL`}`);
  }
  if (JSON.stringify(before.defaultValue) !== JSON.stringify(after.defaultValue) || before.type !== after.type) {
    for (const c of columns.filter((c) => !migrated.has(c.column))) {
      const def = defaultExpression(ctx, object, after, c);
      out.push(sql`ALTER TABLE ${t(ctx, object)} ALTER COLUMN ${ident(c.column)} ${def ? sql`SET DEFAULT ${def}` : sql`DROP DEFAULT`}`);
    }
  }
  out.push(...migrateEmptyText(ctx, object, after, texts));
  if (rebuildUnique && after.isUnique) out.push(...createUniqueIndex(ctx, object, after));
  return out;
}

function indexColumns(object: ObjectModel, fieldNames: string[]): Sql[] {
  return fieldNames.flatMap((name) => {
    const field = object.fields.find((f) => f.name === name);
    return field ? fieldColumns(field).map((c) => ident(c.column)) : [];
  });
}

function renameObject(ctx: Ctx, before: ObjectModel, after: ObjectModel): Sql[] {
  if (tableName(before) === tableName(after)) return [];
  const out: Sql[] = [sql`ALTER TABLE ${t(ctx, before)} RENAME TO ${ident(tableName(after))}`];
  // The fields as they are now: added or renamed ones are changed by later steps.
  for (const field of before.fields) {
    for (const c of fieldColumns(field)) {
      if (enumValuesOf(field, c)) out.push(sql`ALTER TYPE ${ident(ctx.schema, enumTypeName(tableName(before), c.column))} RENAME TO ${ident(enumTypeName(tableName(after), c.column))}`);
    }
    out.push(...renameDerived(ctx, after, { table: tableName(before), field }, { table: tableName(after), field }, true));
  }
  return out;
}

export function changeStatements(model: WorkspaceModel, change: Change): Sql[] {
  const ctx: Ctx = { schema: model.schema, model };
  switch (change.kind) {
    case 'createObject': return createTable(ctx, change.object);
    case 'updateObject': return renameObject(ctx, change.before, change.after);
    case 'deleteObject': return [sql`DROP TABLE IF EXISTS ${t(ctx, change.object)} CASCADE`, ...tableFields(change.object).flatMap((f) => dropEnumTypes(ctx, change.object, f))];
    case 'createField': return addField(ctx, change.object, change.field);
    case 'updateField': return updateField(ctx, change.object, change.before, change.after, change.options);
    case 'deleteField': return dropField(ctx, change.object, change.field);
    case 'createIndex': return [sql`CREATE ${change.index.isUnique ? sql`UNIQUE ` : empty}INDEX ${ident(change.index.name)} ON ${t(ctx, change.object)} (${join(indexColumns(change.object, change.index.fields))})`];
    case 'deleteIndex': return [sql`DROP INDEX IF EXISTS ${ident(ctx.schema, change.index.name)}`];
    case 'createRole':
    case 'updateRole':
    case 'deleteRole':
      return [];
  }
}
