// Drift: what the metadata says vs what pg_catalog has, each difference with the fix.
import type { DbClient } from '../core/db.ts';
import { rows } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import type { WorkspaceModel } from './model.ts';
import { fieldColumns } from './field-types.ts';
import { enumTypeName, tableName } from './names.ts';

export interface Drift {
  kind: 'missing-table' | 'extra-table' | 'missing-column' | 'extra-column' | 'wrong-type' | 'missing-enum' | 'enum-values';
  object: string;
  column?: string;
  expected?: string;
  actual?: string;
  message: string;
  hint: string;
}

const UDT: Record<string, string> = {
  uuid: 'uuid', text: 'text', 'double precision': 'float8', numeric: 'numeric', boolean: 'bool', date: 'date',
  timestamptz: 'timestamptz', jsonb: 'jsonb', 'text[]': '_text', tsvector: 'tsvector',
};

export async function detectDrift(db: DbClient, model: WorkspaceModel): Promise<Drift[]> {
  const columns = await rows<{ table: string; column: string; udt: string }>(
    db,
    sql`SELECT table_name AS "table", column_name AS "column", udt_name AS "udt" FROM information_schema.columns WHERE table_schema = ${model.schema}`,
  );
  const enums = await rows<{ name: string; labels: string[] }>(
    db,
    sql`SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid WHERE n.nspname = ${model.schema} GROUP BY t.typname`,
  );
  const actualTables = new Map<string, Map<string, string>>();
  for (const c of columns) {
    if (!actualTables.has(c.table)) actualTables.set(c.table, new Map());
    actualTables.get(c.table)?.set(c.column, c.udt);
  }
  const enumLabels = new Map(enums.map((e) => [e.name, e.labels]));
  const drift: Drift[] = [];
  const fix = 'Re-apply the model with `twenty metadata apply`, or restore the column from a backup.';
  for (const object of model.objects) {
    const table = tableName(object);
    const actual = actualTables.get(table);
    if (!actual) {
      drift.push({ kind: 'missing-table', object: object.nameSingular, message: `Table "${table}" of object "${object.nameSingular}" is missing.`, hint: fix });
      continue;
    }
    const expected = new Set<string>();
    for (const field of object.fields) {
      for (const c of fieldColumns(field)) {
        expected.add(c.column);
        const enumName = c.pg === 'enum' || c.pg === 'enum[]' ? enumTypeName(table, c.column) : undefined;
        const want = enumName ? (c.pg === 'enum[]' ? `_${enumName}` : enumName) : UDT[c.pg];
        const got = actual.get(c.column);
        if (got === undefined) drift.push({ kind: 'missing-column', object: object.nameSingular, column: c.column, expected: want, message: `Column "${table}"."${c.column}" (field "${object.nameSingular}.${field.name}") is missing.`, hint: fix });
        else if (got !== want) drift.push({ kind: 'wrong-type', object: object.nameSingular, column: c.column, expected: want, actual: got, message: `Column "${table}"."${c.column}" has type ${got}; the metadata says ${want}.`, hint: fix });
        if (enumName) {
          const labels = enumLabels.get(enumName);
          const wantLabels = c.subField?.enumValues ? [...c.subField.enumValues] : (field.options ?? []).map((o) => o.value);
          if (!labels) drift.push({ kind: 'missing-enum', object: object.nameSingular, column: c.column, message: `Enum type "${enumName}" is missing.`, hint: fix });
          else if ([...labels].sort().join(',') !== [...wantLabels].sort().join(',')) {
            drift.push({ kind: 'enum-values', object: object.nameSingular, column: c.column, expected: wantLabels.join(','), actual: labels.join(','), message: `Enum "${enumName}" has values ${labels.join(', ')}; the metadata says ${wantLabels.join(', ')}.`, hint: fix });
          }
        }
      }
    }
    for (const column of actual.keys()) {
      if (!expected.has(column)) drift.push({ kind: 'extra-column', object: object.nameSingular, column, message: `Column "${table}"."${column}" is not in the metadata.`, hint: 'Drop it, or add the field to the model so it is managed.' });
    }
  }
  const known = new Set(model.objects.map(tableName));
  for (const table of actualTables.keys()) {
    if (!known.has(table)) drift.push({ kind: 'extra-table', object: table, message: `Table "${table}" is not in the metadata.`, hint: 'Drop it, or describe it as an object in the model.' });
  }
  return drift;
}
