// Bulk inserts through the same path as the create mutation (compileCreate: the same input
// checks, actor stamps and defaults), in multi-row statements, all inside ONE transaction so a
// bad record leaves nothing half-written. A bad record is reported by its index or source line.
// Seeding is a bulk load: it writes no `created` events (no webhook or timeline storm).
import type pg from 'pg';
import { AppError, isAppError } from '../../core/errors.ts';
import { transaction, type Db } from '../../core/db.ts';
import { fieldColumns } from '../../metadata/field-types.ts';
import { findField, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { inputColumns } from '../query/input.ts';
import type { Actor, RecordInput } from '../query/ir.ts';
import { compileCreate } from '../query/mutate.ts';
import { requireObject } from '../query/resolve.ts';
import { runCompiled } from '../query/run.ts';

export interface InsertOptions {
  /** Rows per INSERT statement (capped so one statement stays under Postgres's 65535 parameters). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Where record i came from, for errors ("line 12 of people.csv"); default "record i+1". */
  describe?: (index: number) => string;
}

export interface RecordGroup {
  object: string;
  records: RecordInput[];
  describe?: (index: number) => string;
}

const DEFAULT_BATCH = 1000;
const MAX_PARAMETERS = 60_000;

function batchSizeFor(object: ObjectModel, wanted: number): number {
  const columns = object.fields.reduce((n, f) => n + fieldColumns(f).length, 0);
  return Math.max(1, Math.min(wanted, Math.floor(MAX_PARAMETERS / Math.max(1, columns))));
}

/** Re-checks a failed batch record by record, so the error names the record that failed. */
function locate(object: ObjectModel, records: RecordInput[], offset: number, describe: (index: number) => string, error: AppError): AppError {
  for (let i = 0; i < records.length; i += 1) {
    try {
      inputColumns(object, records[i]);
    } catch (inner) {
      if (!isAppError(inner)) throw inner;
      return new AppError(inner.code, `${describe(offset + i)} (${object.nameSingular}): ${inner.message}`, {
        details: { ...inner.details, index: offset + i, record: describe(offset + i) },
        hint: 'Nothing was written; fix the record and run again.',
      });
    }
  }
  const range = `${describe(offset)} to ${describe(offset + records.length - 1)}`;
  return new AppError(error.code, `${error.message} (in ${range} of "${object.nameSingular}"; nothing was written)`, { details: error.details, cause: error });
}

/** Seeded records keep their file order; an explicit position saves a min() lookup per row. */
function withPositions(object: ObjectModel, records: RecordInput[], offset: number): RecordInput[] {
  if (!findField(object, 'position')) return records;
  return records.map((r, i) => (r.position === undefined ? { ...r, position: offset + i } : r));
}

/** Inserts into an open transaction; the caller commits or rolls back. */
export async function insertInTransaction(
  client: pg.PoolClient,
  model: WorkspaceModel,
  group: RecordGroup,
  actor: Actor,
  options: Omit<InsertOptions, 'describe'> = {},
): Promise<{ inserted: number }> {
  const object = requireObject(model, group.object);
  const describe = group.describe ?? ((i: number) => `Record ${i + 1}`);
  const size = batchSizeFor(object, options.batchSize ?? DEFAULT_BATCH);
  let inserted = 0;
  for (let offset = 0; offset < group.records.length; offset += size) {
    const batch = group.records.slice(offset, offset + size);
    let result: unknown;
    try {
      const records = withPositions(object, batch, offset);
      result = await runCompiled(client, compileCreate(model, { object: object.nameSingular, records, upsert: false, actor, selection: { fields: [] }, emitEvents: false }));
    } catch (error) {
      throw isAppError(error) ? locate(object, batch, offset, describe, error) : error;
    }
    inserted += Array.isArray(result) ? result.length : 0;
    options.onProgress?.(inserted, group.records.length);
  }
  return { inserted };
}

export async function insertRecords(
  db: Db,
  model: WorkspaceModel,
  objectName: string,
  records: RecordInput[],
  actor: Actor,
  options: InsertOptions = {},
): Promise<{ inserted: number }> {
  return transaction(db, (client) => insertInTransaction(client, model, { object: objectName, records, describe: options.describe }, actor, options));
}

/** Several objects in order (parents before children), all in one transaction. */
export async function insertGroups(
  db: Db,
  model: WorkspaceModel,
  groups: RecordGroup[],
  actor: Actor,
  options: Omit<InsertOptions, 'describe'> = {},
): Promise<Record<string, number>> {
  const total = groups.reduce((n, g) => n + g.records.length, 0);
  return transaction(db, async (client) => {
    const counts: Record<string, number> = {};
    let before = 0;
    for (const group of groups) {
      const onProgress = (done: number) => options.onProgress?.(before + done, total);
      const { inserted } = await insertInTransaction(client, model, group, actor, { ...options, onProgress });
      counts[group.object] = (counts[group.object] ?? 0) + inserted;
      before += group.records.length;
    }
    return counts;
  });
}
