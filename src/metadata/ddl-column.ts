// One column of a table in DDL: its Postgres type, its default (a typed value rendered as a
// literal, never metadata text as SQL) and its full definition. Shared by ddl.ts's statements.
import type { FieldModel, ObjectModel, WorkspaceModel } from './model.ts';
import { isEmptyTextColumn, isEnumType, fieldColumns, type FieldColumn } from './field-types.ts';
import { enumTypeName, tableName } from './names.ts';
import { empty, ident, join, literal, sql, type Sql } from '../core/sql.ts';

export interface Ctx {
  schema: string;
  model: WorkspaceModel;
}

export const t = (ctx: Ctx, object: ObjectModel) => ident(ctx.schema, tableName(object));

export function enumValuesOf(field: FieldModel, column: FieldColumn): string[] | undefined {
  if (column.subField?.enumValues) return [...column.subField.enumValues];
  if (!column.subField && isEnumType(field.type)) return (field.options ?? []).map((o) => o.value);
  return undefined;
}

export function enumIdent(ctx: Ctx, object: ObjectModel, column: string): Sql {
  return ident(ctx.schema, enumTypeName(tableName(object), column));
}

export function columnType(ctx: Ctx, object: ObjectModel, column: FieldColumn): Sql {
  if (column.pg === 'enum') return enumIdent(ctx, object, column.column);
  if (column.pg === 'enum[]') return sql`${enumIdent(ctx, object, column.column)}[]`;
  // pg type names come from the field-type table, a compile-time constant of this codebase.
  switch (column.pg) {
    case 'uuid': return sql`uuid`;
    case 'text': return sql`text`;
    case 'double precision': return sql`double precision`;
    case 'numeric': return sql`numeric`;
    case 'boolean': return sql`boolean`;
    case 'date': return sql`date`;
    case 'timestamptz': return sql`timestamptz`;
    case 'jsonb': return sql`jsonb`;
    case 'text[]': return sql`text[]`;
    case 'tsvector': return sql`tsvector`;
    default: throw new Error(`unknown column type ${column.pg}`);
  }
}

/** The default for one column from the field's typed default, or undefined for none. */
export function subDefault(field: FieldModel, column: FieldColumn): unknown {
  const value = field.defaultValue;
  if (value === null || value === undefined) return undefined;
  if (column.subField) return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[column.subField.name] : undefined;
  return value;
}

export function defaultExpression(ctx: Ctx, object: ObjectModel, field: FieldModel, column: FieldColumn): Sql | undefined {
  const value = subDefault(field, column);
  if (value === undefined || value === null) return undefined;
  const type = columnType(ctx, object, column);
  if (column.pg === 'uuid' && value === 'uuid') return sql`gen_random_uuid()`;
  if (column.pg === 'timestamptz' && value === 'now') return sql`now()`;
  if (column.pg === 'date' && value === 'now') return sql`CURRENT_DATE`;
  if (column.pg === 'jsonb') return sql`${literal(JSON.stringify(value))}::jsonb`;
  if (Array.isArray(value)) return sql`ARRAY[${join(value.map((v) => literal(String(v))))}]::${type}`;
  if (typeof value === 'number' || typeof value === 'boolean') return sql`${literal(value)}::${type}`;
  return sql`${literal(String(value))}::${type}`;
}

export function searchVectorExpression(object: ObjectModel): Sql {
  const label = object.fields.find((f) => f.name === object.labelIdentifier);
  const columns = label ? fieldColumns(label).filter((c) => c.pg === 'text').map((c) => sql`coalesce(${ident(c.column)}, '')`) : [];
  const text = columns.length > 0 ? join(columns, sql` || ' ' || `) : sql`''`;
  return sql`to_tsvector('simple'::regconfig, ${text})`;
}

export function columnDefinition(ctx: Ctx, object: ObjectModel, field: FieldModel, column: FieldColumn): Sql {
  if (field.type === 'TS_VECTOR') return sql`${ident(column.column)} tsvector GENERATED ALWAYS AS (${searchVectorExpression(object)}) STORED`;
  const def = defaultExpression(ctx, object, field, column);
  if (isEmptyTextColumn(field, column)) return sql`${ident(column.column)} text NOT NULL DEFAULT ${def ?? sql`''::text`}`;
  const notNull = !field.isNullable && (!column.subField || def !== undefined);
  return sql`${ident(column.column)} ${columnType(ctx, object, column)}${notNull ? sql` NOT NULL` : empty}${def ? sql` DEFAULT ${def}` : empty}`;
}
