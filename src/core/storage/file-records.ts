// core.file rows: what a workspace stores, one row per object. Every statement is scoped by
// workspace id, so a file id from another workspace is simply not found.
import { one, query, rows, type DbClient } from '../db.ts';
import { int, sql } from '../sql.ts';

export interface FileRecord {
  id: string;
  workspaceId: string;
  path: string;
  folder: string;
  filename: string;
  size: number;
  contentType: string;
  fieldMetadataId: string | null;
  status: 'pending' | 'completed';
  expiresAt: Date;
  createdAt: Date;
  completedAt: Date | null;
}

const COLUMNS = sql`"id", "workspaceId", "path", "folder", "filename", "size"::float8 AS "size", "contentType", "fieldMetadataId", "status", "expiresAt", "createdAt", "completedAt"`;

export async function insertPendingFile(db: DbClient, file: Omit<FileRecord, 'status' | 'createdAt' | 'completedAt'>): Promise<void> {
  await query(db, sql`INSERT INTO core.file ("id", "workspaceId", "path", "folder", "filename", "size", "contentType", "fieldMetadataId", "expiresAt")
VALUES (${file.id}, ${file.workspaceId}, ${file.path}, ${file.folder}, ${file.filename}, ${file.size}, ${file.contentType}, ${file.fieldMetadataId}, ${file.expiresAt})`);
}

export async function findFile(db: DbClient, workspaceId: string, id: string): Promise<FileRecord | undefined> {
  return one<FileRecord & Record<string, unknown>>(db, sql`SELECT ${COLUMNS} FROM core.file WHERE "workspaceId" = ${workspaceId} AND "id" = ${id}`);
}

/** Marks a pending upload completed; false when it was not pending (completed twice, or gone). */
export async function completeFileRecord(db: DbClient, workspaceId: string, id: string, contentType: string): Promise<boolean> {
  const result = await query(db, sql`UPDATE core.file SET "status" = 'completed', "completedAt" = now(), "contentType" = ${contentType}
WHERE "workspaceId" = ${workspaceId} AND "id" = ${id} AND "status" = 'pending'`);
  return (result.rowCount ?? 0) === 1;
}

export async function deleteFileRecord(db: DbClient, workspaceId: string, id: string): Promise<void> {
  await query(db, sql`DELETE FROM core.file WHERE "workspaceId" = ${workspaceId} AND "id" = ${id}`);
}

/** Uploads that were never completed and whose URL expired more than `graceMs` ago. */
export async function expiredPendingFiles(db: DbClient, graceMs: number, limit: number): Promise<FileRecord[]> {
  return rows<FileRecord & Record<string, unknown>>(db, sql`SELECT ${COLUMNS} FROM core.file
WHERE "status" = 'pending' AND "expiresAt" < now() - make_interval(secs => ${graceMs / 1000}) ORDER BY "expiresAt" LIMIT ${int(limit)}`);
}

/** Whether a row owns this path (pending or completed). */
export async function fileRecordExists(db: DbClient, workspaceId: string, path: string): Promise<boolean> {
  return (await one(db, sql`SELECT 1 FROM core.file WHERE "workspaceId" = ${workspaceId} AND "path" = ${path}`)) !== undefined;
}

export async function workspaceExists(db: DbClient, workspaceId: string): Promise<boolean> {
  return (await one(db, sql`SELECT 1 FROM core.workspace WHERE "id" = ${workspaceId}`)) !== undefined;
}

/** Completed bytes per workspace, for /metrics. */
export async function storedBytesByWorkspace(db: DbClient): Promise<{ workspaceId: string; bytes: number }[]> {
  return rows<{ workspaceId: string; bytes: number }>(db, sql`SELECT "workspaceId", sum("size")::float8 AS "bytes" FROM core.file WHERE "status" = 'completed' GROUP BY 1 ORDER BY 1`);
}

export async function deleteFileRecordByPath(db: DbClient, workspaceId: string, path: string): Promise<void> {
  await query(db, sql`DELETE FROM core.file WHERE "workspaceId" = ${workspaceId} AND "path" = ${path}`);
}
