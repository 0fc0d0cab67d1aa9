// Executes a compiled statement and returns its `result` value. Statements run as named
// prepared statements: the name is a hash of the text, and texts stay a bounded set because
// limits are literals from a bounded set and values are always parameters.
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { query, type DbClient } from '../../core/db.ts';
import type { Sql } from '../../core/sql.ts';

export function statementName(text: string): string {
  return `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

interface ResultRow {
  result: unknown;
  maxAffectedExceeded?: number | null;
  /** Ids a statement needed but did not find live (merge). */
  missingIds?: string[] | null;
}

// Names by statement text: hashing the text on every request showed in profiles.
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = statementName(text);
    if (names.size >= 5000) names.delete(names.keys().next().value as string);
    names.set(text, name);
  }
  return name;
}

export async function runCompiled(db: DbClient, statement: Sql, name?: string): Promise<unknown> {
  return execute(db, statement, name, false);
}

/** The result as the JSON text Postgres built (null for SQL NULL), for passing on unparsed. */
export async function runCompiledRaw(db: DbClient, statement: Sql): Promise<string | null> {
  return (await execute(db, statement, undefined, true)) as string | null;
}

async function execute(db: DbClient, statement: Sql, name: string | undefined, rawJson: boolean): Promise<unknown> {
  const { rows } = await query<ResultRow & Record<string, unknown>>(db, statement, name ?? nameOf, { rawJson });
  const row = rows[0];
  if (row?.maxAffectedExceeded != null) {
    const max = row.maxAffectedExceeded;
    throw new AppError('BAD_USER_INPUT', `This mutation would affect more than ${max} records; nothing was changed. Narrow the filter to at most ${max} records per request.`, {
      details: { maxAffected: max },
    });
  }
  if (row?.missingIds && row.missingIds.length > 0) {
    throw new AppError('NOT_FOUND', `No live record with id ${row.missingIds.map((id) => `"${id}"`).join(', ')}; nothing was changed.`, { details: { ids: row.missingIds } });
  }
  return row?.result ?? null;
}
