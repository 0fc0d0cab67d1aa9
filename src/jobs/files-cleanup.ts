// The scheduled clean-up of file storage. It deletes only what nothing owns: uploads never
// completed (their URL expired past a grace period), files of FILES fields whose record is gone
// (files-unreferenced.ts), and objects under a workspace prefix with no core.file row — left by a crash between the two steps, or by a workspace that was
// deleted. Objects newer than `orphanAgeMs` are left alone, so an upload in flight is never hit.
import type { Db } from '../core/db.ts';
import { deleteFileRecord, expiredPendingFiles, fileRecordExists, workspaceExists } from '../core/storage/file-records.ts';
import type { StorageDriver } from '../core/storage/storage-driver.ts';
import { workspaceOfKey, workspacePrefix } from '../core/storage/storage-key.ts';
import { errorFields, type Logger } from './logger.ts';
import { deleteUnreferencedFiles } from './files-unreferenced.ts';

export interface FilesCleanupSettings {
  uploadGraceMs: number;
  orphanAgeMs: number;
  batchSize: number;
}

export const DEFAULT_FILES_CLEANUP: FilesCleanupSettings = { uploadGraceMs: 3600_000, orphanAgeMs: 86_400_000, batchSize: 500 };

export async function cleanupFiles(deps: { db: Db; storage: StorageDriver; log: Logger }, settings: FilesCleanupSettings = DEFAULT_FILES_CLEANUP, now = Date.now()): Promise<{ expiredUploads: number; unreferenced: number; orphans: number }> {
  let expiredUploads = 0;
  for (const file of await expiredPendingFiles(deps.db, settings.uploadGraceMs, settings.batchSize)) {
    await deps.storage.delete(workspacePrefix(file.workspaceId) + file.path);
    await deleteFileRecord(deps.db, file.workspaceId, file.id);
    expiredUploads += 1;
  }
  const unreferenced = await deleteUnreferencedFiles(deps, settings.orphanAgeMs, settings.batchSize);
  let orphans = 0;
  const known = new Map<string, boolean>();
  for await (const item of deps.storage.list('workspace-')) {
    if (orphans >= settings.batchSize) break; // the next run goes on
    const workspaceId = workspaceOfKey(item.key);
    if (!workspaceId || now - item.lastModified.getTime() < settings.orphanAgeMs) continue;
    try {
      if (!known.has(workspaceId)) known.set(workspaceId, await workspaceExists(deps.db, workspaceId));
      const owned = known.get(workspaceId) && (await fileRecordExists(deps.db, workspaceId, item.key.slice(workspacePrefix(workspaceId).length)));
      if (owned) continue;
      await deps.storage.delete(item.key);
      orphans += 1;
    } catch (error) {
      deps.log.warn({ workspaceId, ...errorFields(error) }, 'could not clean up a stored file');
    }
  }
  return { expiredUploads, unreferenced, orphans };
}
