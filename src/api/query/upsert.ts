// Upsert planning (spec §1.6): records are grouped by the columns they set, and each group
// gets its conflict target: `id` when given, else the first unique field (composites: their
// unique sub-fields) or unique index whose columns the records set.
import { AppError } from '../../core/errors.ts';
import { FIELD_TYPE_SPECS, fieldColumns } from '../../metadata/field-types.ts';
import { findField, type FieldModel, type ObjectModel } from '../../metadata/model.ts';
import type { ColumnValues } from './input.ts';

export interface Row {
  index: number;
  /** Columns the caller gave (what an upsert overwrites). */
  given: ColumnValues;
  /** Given columns plus server stamps and defaults. */
  all: ColumnValues;
}

export interface Group {
  rows: Row[];
  columns: string[];
  conflict: string[] | null;
}

function uniqueColumns(field: FieldModel): string[] {
  const columns = fieldColumns(field);
  return FIELD_TYPE_SPECS[field.type].composite ? columns.filter((c) => c.subField?.unique).map((c) => c.column) : columns.map((c) => c.column);
}

function conflictTarget(object: ObjectModel, columns: Set<string>): string[] | null {
  const candidates = [
    ['id'],
    ...object.fields.filter((f) => f.isUnique && f.name !== 'id').map(uniqueColumns),
    ...object.indexes.filter((i) => i.isUnique).map((i) => i.fields.flatMap((name) => (findField(object, name) ? uniqueColumns(findField(object, name) as FieldModel) : []))),
  ];
  return candidates.find((target) => target.length > 0 && target.every((c) => columns.has(c))) ?? null;
}

/** Plain inserts share one VALUES list (missing columns → DEFAULT); upserts group by shape. */
export function groupRows(object: ObjectModel, rows: Row[], upsert: boolean): Group[] {
  if (!upsert) return [{ rows, columns: [...new Set(rows.flatMap((r) => [...r.all.keys()]))], conflict: null }];
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const columns = [...row.all.keys()].sort();
    const key = columns.join('\u0000');
    const group = groups.get(key) ?? { rows: [], columns, conflict: conflictTarget(object, new Set(row.given.keys())) };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const group of groups.values()) checkDistinctTargets(object, group);
  return [...groups.values()];
}

/** Postgres refuses to upsert the same row twice in one statement; say so in words. */
function checkDistinctTargets(object: ObjectModel, group: Group): void {
  if (!group.conflict) return;
  const seen = new Set<string>();
  for (const row of group.rows) {
    const key = JSON.stringify(group.conflict.map((c) => row.all.get(c)));
    if (seen.has(key)) {
      throw new AppError('BAD_USER_INPUT', `Two records of "${object.nameSingular}" in this upsert target the same existing record (${group.conflict.join(', ')}); send each once.`);
    }
    seen.add(key);
  }
}
