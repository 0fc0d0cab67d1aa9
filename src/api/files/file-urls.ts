// Issuing the short-lived URLs a client moves file bytes with. This is where the caller's
// workspace and role are checked (UPLOAD_FILE / DOWNLOAD_FILE); the URL itself then carries the
// permission, signed, for its one key, method and size, until it expires.
import { randomUUID } from 'node:crypto';
import { assertDeclaredSize } from '../../core/storage/byte-limit.ts';
import type { StorageDriver } from '../../core/storage/storage-driver.ts';
import { assertSegment, parseStorageKey, storageKey } from '../../core/storage/storage-key.ts';
import { requireFlag, type Permissions } from '../../auth/permissions.ts';
import { downloadHeaders } from './file-content.ts';

export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 15 * 60;

export interface FileCaller {
  workspaceId: string;
  permissions: Permissions;
}

export interface UploadRequest {
  folder: string;
  filename: string;
  size: number;
}

export interface UploadTarget {
  fileId: string;
  key: string;
  uploadUrl: string;
  expiresAt: Date;
}

export async function issueUploadUrl(storage: StorageDriver, maxBytes: number, caller: FileCaller, request: UploadRequest, now = Date.now()): Promise<UploadTarget> {
  requireFlag(caller.permissions, 'UPLOAD_FILE');
  assertSegment(request.folder, 'folder');
  assertSegment(request.filename, 'file name');
  assertDeclaredSize(request.size, maxBytes);
  const fileId = randomUUID();
  const key = storageKey(caller.workspaceId, request.folder, fileId, request.filename);
  const uploadUrl = await storage.presign(key, { method: 'PUT', expiresInSeconds: UPLOAD_URL_SECONDS, size: request.size });
  return { fileId, key, uploadUrl, expiresAt: new Date(now + UPLOAD_URL_SECONDS * 1000) };
}

/** A download URL for a key of the caller's workspace (FORBIDDEN for any other workspace's). */
export async function issueDownloadUrl(storage: StorageDriver, caller: FileCaller, key: string, contentType = 'application/octet-stream'): Promise<string> {
  requireFlag(caller.permissions, 'DOWNLOAD_FILE');
  const segments = parseStorageKey(key, caller.workspaceId);
  const headers = downloadHeaders(segments.at(-1) ?? key, contentType);
  return storage.presign(key, { method: 'GET', expiresInSeconds: DOWNLOAD_URL_SECONDS, contentType, contentDisposition: headers['content-disposition'] });
}
