// Files of FILES fields (attachment.file included) whose record is gone: once no row of the
// field's table mentions the file any more — the record was destroyed, or purged after its
// soft-delete retention — and the file has been completed for longer than the grace period,
// its bytes and its core.file row are deleted. Files not tied to a field (pictures, operator
// uploads) are never considered: they may be shared.
import { query, rows, type Db } from '../core/db.ts';
import { ident, int, sql } from '../core/sql.ts';
import type { StorageDriver } from '../core/storage/storage-driver.ts';
import { workspacePrefix } from '../core/storage/storage-key.ts';
import { columnName, tableName } from '../metadata/names.ts';
import { errorFields, type Logger } from './logger.ts';

interface FilesColumn {
  fieldId: string;
  workspaceId: string;
  schemaName: string;
  nameSingular: string;
  isCustom: boolean;
  fieldName: string;
}

export async function deleteUnreferencedFiles(deps: { db: Db; storage: StorageDriver; log: Logger }, graceMs: number, batchSize: number): Promise<number> {
  const columns = await rows<FilesColumn & Record<string, unknown>>(deps.db, sql`SELECT f."id" AS "fieldId", w."id" AS "workspaceId", w."schemaName", o."nameSingular", o."isCustom", f."name" AS "fieldName"
FROM core."fieldMetadata" f JOIN core."objectMetadata" o ON o."id" = f."objectMetadataId" JOIN core.workspace w ON w."id" = o."workspaceId"
WHERE f."type" = 'FILES' AND w."deletedAt" IS NULL ORDER BY w."id", f."id"`);
  let deleted = 0;
  for (const c of columns) {
    const table = ident(c.schemaName, tableName(c));
    const column = ident(columnName(c.fieldName));
    try {
      const gone = await rows<{ id: string; path: string }>(deps.db, sql`SELECT fl."id", fl."path" FROM core.file fl
WHERE fl."workspaceId" = ${c.workspaceId} AND fl."fieldMetadataId" = ${c.fieldId} AND fl."status" = 'completed'
AND fl."completedAt" < now() - make_interval(secs => ${graceMs / 1000})
AND NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.${column} @> jsonb_build_array(jsonb_build_object('fileId', fl."id"::text)))
ORDER BY fl."completedAt" LIMIT ${int(batchSize)}`);
      for (const file of gone) {
        await deps.storage.delete(workspacePrefix(c.workspaceId) + file.path);
        await query(deps.db, sql`DELETE FROM core.file WHERE "workspaceId" = ${c.workspaceId} AND "id" = ${file.id}`);
        deleted += 1;
      }
    } catch (error) {
      deps.log.warn({ workspaceId: c.workspaceId, field: c.fieldName, ...errorFields(error) }, 'could not clean up the files of a FILES field');
    }
  }
  return deleted;
}
