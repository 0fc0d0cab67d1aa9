// Executes a compiled statement and returns its `result` value. Statements run as named
// prepared statements: the name is a hash of the text, and texts stay a bounded set because
// limits are literals from a bounded set and values are always parameters.
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { query, type DbClient } from '../../core/db.ts';
import { compile, type Sql } from '../../core/sql.ts';

export function statementName(text: string): string {
  return `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

interface ResultRow {
  result: unknown;
  maxAffectedExceeded?: number | null;
  /** Ids a statement needed but did not find live (merge). */
  missingIds?: string[] | null;
}

export async function runCompiled(db: DbClient, statement: Sql, name?: string): Promise<unknown> {
  const { rows } = await query<ResultRow & Record<string, unknown>>(db, statement, name ?? statementName(compile(statement).text));
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
