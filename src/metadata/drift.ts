// Drift: what the metadata says vs what pg_catalog has, each difference with the fix.
import type { DbClient } from '../core/db.ts';
import { rows } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import type { ObjectModel, WorkspaceModel } from './model.ts';
import { derivedNames } from './ddl.ts';
import { fieldColumns } from './field-types.ts';
import { enumTypeName, tableName } from './names.ts';

export interface Drift {
  kind: 'missing-table' | 'extra-table' | 'missing-column' | 'extra-column' | 'wrong-type' | 'missing-enum' | 'enum-values' | 'missing-index' | 'extra-index' | 'missing-constraint' | 'extra-constraint';
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

// apply diffs the files against the metadata rows, so it never repairs the catalog.
const APPLY_NOTE = '`twenty metadata apply` changes only what the model files change.';

interface Named {
  table: string;
  name: string;
}

/**
 * Indexes (but the primary key) and foreign keys vs the names the DDL gives them: a stale name
 * left by a rename would make a later drop miss it.
 */
async function namedObjectDrift(db: DbClient, model: WorkspaceModel, tables: Set<string>): Promise<Drift[]> {
  const indexes = await rows<Named>(db, sql`SELECT t.relname AS "table", i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ${model.schema} AND NOT x.indisprimary`);
  const constraints = await rows<Named>(db, sql`SELECT t.relname AS "table", c.conname AS name FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ${model.schema} AND c.contype = 'f'`);
  const drift: Drift[] = [];
  const compare = (object: ObjectModel, what: 'index' | 'constraint', expected: string[], actual: Named[]) => {
    const table = tableName(object);
    const present = new Set(actual.filter((a) => a.table === table).map((a) => a.name));
    for (const name of expected) {
      if (!present.has(name)) drift.push({ kind: `missing-${what}`, object: object.nameSingular, expected: name, message: `The ${what} "${name}" of table "${table}" is missing.`, hint: `Re-create it by hand as the metadata describes, or restore it from a backup; ${APPLY_NOTE}` });
    }
    for (const name of present) {
      if (!expected.includes(name)) drift.push({ kind: `extra-${what}`, object: object.nameSingular, actual: name, message: `The ${what} "${name}" of table "${table}" is not in the metadata.`, hint: 'Drop it by hand; indexes and foreign keys the database should keep belong in the model files.' });
    }
  };
  for (const object of model.objects.filter((o) => tables.has(tableName(o)))) {
    const names = object.fields.map((f) => derivedNames(tableName(object), f, true));
    compare(object, 'index', [...names.flatMap((n) => n.indexes), ...object.indexes.map((i) => i.name)], indexes);
    compare(object, 'constraint', names.flatMap((n) => n.constraints), constraints);
  }
  return drift;
}

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
  const fix = `Restore it from a backup, or re-create it by hand as the metadata describes; ${APPLY_NOTE}`;
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
      if (!expected.has(column)) drift.push({ kind: 'extra-column', object: object.nameSingular, column, message: `Column "${table}"."${column}" is not in the metadata.`, hint: 'Drop it by hand, or move it out of the way before adding a field that needs this column.' });
    }
  }
  const known = new Set(model.objects.map(tableName));
  for (const table of actualTables.keys()) {
    if (!known.has(table)) drift.push({ kind: 'extra-table', object: table, message: `Table "${table}" is not in the metadata.`, hint: 'Drop it, or describe it as an object in the model.' });
  }
  return [...drift, ...(await namedObjectDrift(db, model, new Set(actualTables.keys())))];
}
