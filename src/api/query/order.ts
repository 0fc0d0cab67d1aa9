// OrderTerm[] → ORDER BY, and the keyset condition that continues a page after a cursor.
// `id` is always the last term so the order is total: no duplicates and no gaps across pages.
import { AppError } from '../../core/errors.ts';
import { join, sql, type Sql } from '../../core/sql.ts';
import { FIELD_TYPE_SPECS, type FieldColumn } from '../../metadata/field-types.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import type { Cursor, OrderTerm } from './ir.ts';
import { col, columnPath, requireColumn, requireField } from './resolve.ts';
import { coerceValue, type ValueTarget } from './values.ts';

export interface ResolvedTerm {
  /** `field` or `field.subField`: the key of this term's value in a cursor. */
  key: string;
  target: ValueTarget;
  column: FieldColumn;
  ascending: boolean;
  nullsFirst: boolean;
}

function resolveTerm(object: ObjectModel, term: OrderTerm): ResolvedTerm {
  const field = requireField(object, term.field);
  if (!FIELD_TYPE_SPECS[field.type].orderable) {
    throw new AppError('BAD_USER_INPUT', `Field "${term.field}" of object "${object.nameSingular}" cannot be used to order records.`, {
      details: { object: object.nameSingular, field: term.field },
    });
  }
  const column = requireColumn(object, field, term.subField);
  return {
    key: columnPath(term.field, term.subField),
    target: { object, field, column },
    column,
    ascending: term.direction.startsWith('Asc'),
    nullsFirst: term.direction.endsWith('NullsFirst'),
  };
}

/** The caller's terms plus the `id` tie-breaker. */
export function resolveOrder(object: ObjectModel, terms: OrderTerm[]): ResolvedTerm[] {
  const resolved = terms.map((t) => resolveTerm(object, t));
  if (!resolved.some((t) => t.key === 'id')) resolved.push(resolveTerm(object, { field: 'id', direction: 'AscNullsFirst' }));
  return resolved;
}

/** The same terms read backwards: what a `last`/`before` page fetches in. */
export function reverseOrder(terms: ResolvedTerm[]): ResolvedTerm[] {
  return terms.map((t) => ({ ...t, ascending: !t.ascending, nullsFirst: !t.nullsFirst }));
}

/** A column that can hold no NULL: its null placement is moot. */
function neverNull(t: ResolvedTerm): boolean {
  return !t.target.field.isNullable && !t.column.subField;
}

export function orderBySql(alias: string, terms: ResolvedTerm[]): Sql {
  return join(
    terms.map((t) => {
      const direction = t.ascending ? sql`ASC` : sql`DESC`;
      // Without a NULLS clause the order is the btree's own, so the primary key (the `id`
      // tie-breaker) and other indexes can serve it; "id ASC NULLS FIRST" forced a full sort.
      if (neverNull(t)) return sql`${col(alias, t.column.column)} ${direction}`;
      return sql`${col(alias, t.column.column)} ${direction} ${t.nullsFirst ? sql`NULLS FIRST` : sql`NULLS LAST`}`;
    }),
  );
}

function cursorTermValue(term: ResolvedTerm, cursor: Cursor): unknown {
  if (!Object.hasOwn(cursor.values, term.key)) {
    throw new AppError('INVALID_CURSOR', `Invalid cursor: it has no value for "${term.key}"; cursors only work with the orderBy they were returned with.`);
  }
  const value = cursor.values[term.key];
  if (value === null) return null;
  try {
    return coerceValue(term.target, value);
  } catch (error) {
    throw new AppError('INVALID_CURSOR', `Invalid cursor: its value for "${term.key}" does not fit the field.`, { cause: error });
  }
}

/** Rows strictly after the term's cursor value in the term's own order (null when none can be). */
function strictlyAfter(alias: string, term: ResolvedTerm, value: unknown): Sql | null {
  const ref = col(alias, term.column.column);
  if (value === null) return term.nullsFirst ? sql`${ref} IS NOT NULL` : null;
  const beyond = term.ascending ? sql`${ref} > ${value}` : sql`${ref} < ${value}`;
  // Nulls sort last here, so they are after any value, unless the column can hold none.
  return term.nullsFirst || !term.target.field.isNullable ? beyond : sql`(${beyond} OR ${ref} IS NULL)`;
}

/**
 * Keyset condition: the rows that sort after the cursor, as the lexicographic comparison over
 * all terms honouring each term's direction and null placement. Pass reversed terms for
 * `before`.
 */
export function afterCursorSql(alias: string, terms: ResolvedTerm[], cursor: Cursor): Sql {
  const values = terms.map((t) => cursorTermValue(t, cursor));
  const disjuncts: Sql[] = [];
  terms.forEach((term, i) => {
    const after = strictlyAfter(alias, term, values[i]);
    if (!after) return;
    const equal = terms.slice(0, i).map((t, j) => (values[j] === null ? sql`${col(alias, t.column.column)} IS NULL` : sql`${col(alias, t.column.column)} = ${values[j]}`));
    disjuncts.push(equal.length === 0 ? after : sql`(${join([...equal, after], sql` AND `)})`);
  });
  return disjuncts.length === 0 ? sql`false` : sql`(${join(disjuncts, sql` OR `)})`;
}
