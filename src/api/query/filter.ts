// FilterNode → SQL condition over one table alias. Every value is validated by values.ts and
// sent as a parameter; operators are checked against the field type's filter kind.
import { AppError } from '../../core/errors.ts';
import { join, sql, type Sql } from '../../core/sql.ts';
import { FILTER_OPERATORS, isEmptyTextColumn, type FilterOperator } from '../../metadata/field-types.ts';
import { findField, type ObjectModel } from '../../metadata/model.ts';
import type { FilterNode } from './ir.ts';
import { col, columnPath, requireColumn, requireField } from './resolve.ts';
import { checkText, coerceValue, invalidValue, type ValueTarget } from './values.ts';

type Compare = Extract<FilterNode, { kind: 'compare' }>;

/** `%` and `_` are wildcards in LIKE; startsWith/endsWith/containsIlike match them literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function list(target: ValueTarget, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw invalidValue(target, 'the "in"/"containsAny" operators take a list.');
  return value;
}

const COMPARISONS: Partial<Record<FilterOperator, Sql>> = {
  gt: sql` > `,
  gte: sql` >= `,
  lt: sql` < `,
  lte: sql` <= `,
};

function isNull(target: ValueTarget, column: Sql, value: unknown): Sql {
  // Text is never null (its empty state is ''), so "is empty" keeps finding the empty rows.
  const text = isEmptyTextColumn(target.field, target.column);
  if (value === 'NULL' || value === null) return text ? sql`(${column} IS NULL OR ${column} = '')` : sql`${column} IS NULL`;
  if (value === 'NOT_NULL') return text ? sql`(${column} IS NOT NULL AND ${column} <> '')` : sql`${column} IS NOT NULL`;
  throw invalidValue(target, 'the "is" operator takes NULL or NOT_NULL.');
}

function operatorSql(target: ValueTarget, column: Sql, op: FilterOperator, value: unknown): Sql {
  const comparison = COMPARISONS[op];
  if (comparison) return sql`${column}${comparison}${coerceValue(target, value)}`;
  switch (op) {
    case 'eq':
      return value === null ? isNull(target, column, null) : sql`${column} = ${coerceValue(target, value)}`;
    case 'neq':
      return value === null ? isNull(target, column, 'NOT_NULL') : sql`${column} <> ${coerceValue(target, value)}`;
    case 'in': {
      const values = list(target, value).map((v) => coerceValue(target, v));
      return values.length === 0 ? sql`false` : sql`${column} = ANY(${values})`;
    }
    case 'startsWith':
      return sql`${column} LIKE ${`${escapeLike(checkText(target, value))}%`}`;
    case 'endsWith':
      return sql`${column} LIKE ${`%${escapeLike(checkText(target, value))}`}`;
    case 'like':
      return target.column.pg === 'jsonb' ? sql`${column}::text LIKE ${checkText(target, value)}` : sql`${column} LIKE ${checkText(target, value)}`;
    case 'ilike':
      return sql`${column} ILIKE ${checkText(target, value)}`;
    case 'is':
      return isNull(target, column, value);
    case 'containsAny': {
      const values = coerceValue(target, list(target, value)) as unknown[];
      return values.length === 0 ? sql`false` : sql`${column} && ${values}`;
    }
    case 'containsIlike':
      return sql`EXISTS (SELECT 1 FROM unnest(${column}) AS "element" WHERE "element" ILIKE ${`%${escapeLike(checkText(target, value))}%`})`;
    case 'isEmptyArray':
      if (typeof value !== 'boolean') throw invalidValue(target, 'the "isEmptyArray" operator takes true or false.');
      return value ? sql`cardinality(${column}) = 0` : sql`cardinality(${column}) > 0`;
    case 'search':
      return sql`${column} @@ websearch_to_tsquery('simple', ${checkText(target, value)})`;
    default:
      throw invalidValue(target, `unknown operator "${op}".`);
  }
}

function compareSql(object: ObjectModel, alias: string, node: Compare): Sql {
  const field = requireField(object, node.field);
  const column = requireColumn(object, field, node.subField);
  const allowed = FILTER_OPERATORS[column.filter];
  if (!allowed.includes(node.op)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `Operator "${node.op}" cannot filter field "${columnPath(node.field, node.subField)}" of object "${object.nameSingular}"; use one of ${allowed.map((o) => `"${o}"`).join(', ')}.`,
      { details: { object: object.nameSingular, field: columnPath(node.field, node.subField), operator: node.op } },
    );
  }
  return operatorSql({ object, field, column }, col(alias, column.column), node.op, node.value);
}

/** The condition for a filter tree (without the soft-delete rule). */
export function conditionSql(object: ObjectModel, alias: string, node: FilterNode): Sql {
  switch (node.kind) {
    case 'and':
      return node.children.length === 0 ? sql`true` : sql`(${join(node.children.map((c) => conditionSql(object, alias, c)), sql` AND `)})`;
    case 'or':
      return node.children.length === 0 ? sql`false` : sql`(${join(node.children.map((c) => conditionSql(object, alias, c)), sql` OR `)})`;
    case 'not':
      return sql`NOT (${conditionSql(object, alias, node.child)})`;
    case 'compare':
      return compareSql(object, alias, node);
  }
}

/** Hides soft-deleted rows unless asked; objects without deletedAt have nothing to hide. */
export function softDeleteSql(object: ObjectModel, alias: string, withDeleted: boolean): Sql[] {
  return withDeleted || !findField(object, 'deletedAt') ? [] : [sql`${col(alias, 'deletedAt')} IS NULL`];
}

/** The full WHERE condition: filter AND soft-delete rule AND any extra conditions. */
export function whereSql(object: ObjectModel, alias: string, filter: FilterNode | undefined, withDeleted: boolean, extra: Sql[] = []): Sql {
  const parts = [...extra, ...(filter ? [conditionSql(object, alias, filter)] : []), ...softDeleteSql(object, alias, withDeleted)];
  return parts.length === 0 ? sql`true` : join(parts, sql` AND `);
}

/** True when the filter constrains something (mass mutations refuse an empty filter). */
export function hasCondition(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(hasCondition);
    case 'not':
      return hasCondition(node.child);
    case 'compare':
      return true;
  }
}
