// A job names its workspace by id; the schema comes only from core.workspace. A job with a
// missing or unknown workspace fails for good before touching any schema.
import { UnrecoverableError } from 'bullmq';
import { one, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { isUuid } from '../core/uuid.ts';

export async function jobWorkspaceSchema(db: DbClient, workspaceId: unknown): Promise<string> {
  if (typeof workspaceId !== 'string' || !isUuid(workspaceId)) throw new UnrecoverableError(`The job has no valid workspace id (got ${JSON.stringify(workspaceId ?? null)}).`);
  const row = await one<{ schemaName: string }>(db, sql`SELECT "schemaName" FROM core.workspace WHERE "id" = ${workspaceId} AND "deletedAt" IS NULL`);
  if (!row) throw new UnrecoverableError(`Workspace "${workspaceId}" does not exist.`);
  return row.schemaName;
}
