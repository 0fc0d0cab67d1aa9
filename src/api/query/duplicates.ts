// findDuplicates (spec §1.6) as ONE statement: for each input (an existing record by id, or a
// record not yet written) a connection of the live records that match it on any duplicate
// criterion. A criterion applies only when every one of its values is non-empty.
import { AppError } from '../../core/errors.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { authorizeRead, type AuthorizeOptions } from './authorize.ts';
import { join, sql, type Sql } from '../../core/sql.ts';
import { fieldColumns } from '../../metadata/field-types.ts';
import { findField, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { connectionSql } from './connection.ts';
import { newContext } from './context.ts';
import { inputColumns } from './input.ts';
import type { ConnectionQuery, RecordInput } from './ir.ts';
import { jsonKey } from './json-object.ts';
import { col, requireField, requireObject, tableOf } from './resolve.ts';
import { recordSql } from './select.ts';
import { coerceValue } from './values.ts';

/** Field paths (`field` or `field.subField`); every path of a criterion must match. */
type Criterion = readonly string[];

// Twenty's duplicate-criteria constants; custom objects match on their `name`.
const STANDARD_CRITERIA: Record<string, readonly Criterion[]> = {
  company: [['name'], ['domainName.primaryLinkUrl']],
  person: [['name.firstName', 'name.lastName'], ['emails.primaryEmail'], ['linkedinLink.primaryLinkUrl']],
};

export function duplicateCriteria(object: ObjectModel): readonly Criterion[] {
  const standard = STANDARD_CRITERIA[object.nameSingular];
  if (standard && !object.isCustom) return standard;
  return object.isCustom && findField(object, 'name')?.type === 'TEXT' ? [['name']] : [];
}

export function hasDuplicateCriteria(object: ObjectModel): boolean {
  return duplicateCriteria(object).length > 0;
}

/** The physical column of a criterion path; criteria are fixed, so a miss is a model change. */
function criterionColumn(object: ObjectModel, path: string): string {
  const [fieldName, subField] = path.split('.');
  const field = findField(object, fieldName);
  const column = field && fieldColumns(field).find((c) => c.subField?.name === subField);
  if (!column) throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" has no field "${path}" to find duplicates by.`);
  return column.column;
}

export type DuplicatesInput = { ids: string[] } | { data: RecordInput[] };

export interface DuplicatesQuery {
  object: string;
  input: DuplicatesInput;
  /** The connection each input answers with; a filter (from permissions) narrows candidates. */
  connection: Omit<ConnectionQuery, 'object' | 'after' | 'before' | 'withDeleted'>;
}

function matchSql(object: ObjectModel, alias: string, source: (column: string) => Sql): Sql {
  const criteria = duplicateCriteria(object).map((criterion) =>
    join(
      criterion.map((path) => {
        const column = criterionColumn(object, path);
        return sql`(${source(column)} <> '' AND ${col(alias, column)} = ${source(column)})`;
      }),
      sql` AND `,
    ),
  );
  return sql`(${join(criteria, sql` OR `)})`;
}

function checkInput(object: ObjectModel, input: DuplicatesInput): void {
  const given = 'ids' in input ? input.ids : input.data;
  if (('ids' in input) === ('data' in input) || !Array.isArray(given) || given.length === 0) {
    throw new AppError('INVALID_QUERY_INPUT', 'Pass exactly one of "ids" or "data", a non-empty list.');
  }
  if (!hasDuplicateCriteria(object)) {
    throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" has no duplicate criteria.`, { hint: 'Duplicates are found for companies, people and custom objects with a "name" field.' });
  }
}

/** The criterion columns of a not-yet-written record, validated like a create input. */
function dataSource(object: ObjectModel, record: RecordInput): Record<string, unknown> {
  const columns = inputColumns(object, record);
  const out: Record<string, unknown> = {};
  for (const criterion of duplicateCriteria(object)) {
    for (const path of criterion) {
      const column = criterionColumn(object, path);
      if (columns.has(column)) out[column] = columns.get(column);
    }
  }
  return out;
}

/** One statement; result = JSON array with one connection per input, in input order. */
export function compileFindDuplicates(model: WorkspaceModel, q: DuplicatesQuery): Sql {
  const object = requireObject(model, q.object);
  checkInput(object, q.input);
  const ctx = newContext(model);
  const connection: ConnectionQuery = { ...q.connection, object: object.nameSingular, withDeleted: false };
  if ('ids' in q.input) {
    const field = requireField(object, 'id');
    const ids = q.input.ids.map((id) => coerceValue({ object, field, column: fieldColumns(field)[0] }, id));
    const parent = (alias: string) => sql`${matchSql(object, alias, (c) => col('src', c))} AND ${col(alias, 'id')} <> "src"."id"`;
    const conn = connectionSql(ctx, object, connection, recordSql, parent);
    const from = sql`unnest(${ids}::uuid[]) WITH ORDINALITY AS "input"("id", "ord") LEFT JOIN ${tableOf(model, object)} AS "src" ON "src"."id" = "input"."id"`;
    return sql`SELECT coalesce(json_agg(${conn} ORDER BY "input"."ord"), '[]'::json) AS "result" FROM ${from}`;
  }
  const sources = JSON.stringify(q.input.data.map((record) => dataSource(object, record)));
  const parent = (alias: string) => matchSql(object, alias, (c) => sql`("input"."value" ->> ${jsonKey(c)})`);
  const conn = connectionSql(ctx, object, connection, recordSql, parent);
  return sql`SELECT coalesce(json_agg(${conn} ORDER BY "input"."ord"), '[]'::json) AS "result" FROM jsonb_array_elements(${sources}::jsonb) WITH ORDINALITY AS "input"("value", "ord")`;
}

/** Finding duplicates reads the object: its read permission and field restrictions apply. */
export function authorizeDuplicates(perms: Permissions, model: WorkspaceModel, q: DuplicatesQuery, options: AuthorizeOptions = {}): DuplicatesQuery {
  const read = authorizeRead(perms, model, { ...q.connection, object: q.object, withDeleted: false }, options);
  const { object: _object, withDeleted: _withDeleted, ...connection } = read;
  return { ...q, connection };
}
