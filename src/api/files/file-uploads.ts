// Twenty 2.43's two-step upload: createFileUpload records a pending file and hands out a URL the
// client PUTs the bytes to (S3 presigned, or our signed /files route); completeFileUpload then
// checks that the stored object has the declared size and that its bytes are what its name says,
// and only then marks it completed. A failed check deletes the object and the row.
import type { DbClient } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { StorageDriver } from '../../core/storage/storage-driver.ts';
import { workspacePrefix } from '../../core/storage/storage-key.ts';
import { assertContentMatchesName, sniff } from './file-content.ts';
import { completeFileRecord, deleteFileRecord, findFile, insertPendingFile, type FileRecord } from '../../core/storage/file-records.ts';
import { contentTypeForName } from './file-names.ts';
import { issueDownloadUrl, issueUploadUrl, type FileCaller } from './file-urls.ts';

// Twenty's FileFolder enum (2.43).
export const FILE_FOLDERS = ['RecordExport', 'CorePicture', 'AgentChat', 'BuiltLogicFunction', 'BuiltFrontComponent', 'PublicAsset', 'Source', 'FilesField', 'Dependencies', 'Workflow', 'EmailAttachment', 'EmailImage', 'AppTarball', 'GeneratedSdkClient', 'Dpa'] as const;

export interface FilesContext {
  db: DbClient;
  storage: StorageDriver;
  maxBytes: number;
}

export interface CreateFileUploadInput {
  filename: string;
  size: number;
  fileFolder: string;
  fieldMetadataId?: string | null;
}

export interface FileUploadTarget {
  fileId: string;
  uploadUrl: string;
  contentType: string;
  expiresAt: Date;
}

export interface FileWithSignedUrl {
  id: string;
  path: string;
  size: number;
  createdAt: Date;
  url: string;
}

export async function createFileUpload(ctx: FilesContext, caller: FileCaller, input: CreateFileUploadInput): Promise<FileUploadTarget> {
  if (!(FILE_FOLDERS as readonly string[]).includes(input.fileFolder)) {
    throw new AppError('BAD_USER_INPUT', `"${input.fileFolder}" is not a file folder.`, { hint: `Folders: ${FILE_FOLDERS.join(', ')}.` });
  }
  const target = await issueUploadUrl(ctx.storage, ctx.maxBytes, caller, { folder: input.fileFolder, filename: input.filename, size: input.size });
  const contentType = contentTypeForName(input.filename);
  await insertPendingFile(ctx.db, {
    id: target.fileId,
    workspaceId: caller.workspaceId,
    path: target.key.slice(workspacePrefix(caller.workspaceId).length),
    folder: input.fileFolder,
    filename: input.filename,
    size: input.size,
    contentType,
    fieldMetadataId: input.fieldMetadataId ?? null,
    expiresAt: target.expiresAt,
  });
  return { fileId: target.fileId, uploadUrl: target.uploadUrl, contentType, expiresAt: target.expiresAt };
}

async function discard(ctx: FilesContext, file: FileRecord, key: string, error: AppError): Promise<never> {
  await ctx.storage.delete(key);
  await deleteFileRecord(ctx.db, file.workspaceId, file.id);
  throw error;
}

export async function completeFileUpload(ctx: FilesContext, caller: FileCaller, fileId: string, expectedFolder?: string): Promise<FileWithSignedUrl> {
  const file = /^[0-9a-f-]{36}$/i.test(fileId) ? await findFile(ctx.db, caller.workspaceId, fileId) : undefined;
  if (!file) throw new AppError('NOT_FOUND', `File "${fileId}" does not exist.`, { details: { fileId } });
  if (expectedFolder && file.folder !== expectedFolder) {
    throw new AppError('BAD_USER_INPUT', `File "${fileId}" was not uploaded to the ${expectedFolder} folder.`);
  }
  const key = workspacePrefix(caller.workspaceId) + file.path;
  if (file.status === 'pending') {
    const head = await ctx.storage.head(key);
    if (!head) throw new AppError('BAD_USER_INPUT', `File "${fileId}" has not been uploaded yet.`, { hint: 'PUT the bytes to the uploadUrl first.' });
    if (head.size !== file.size) {
      await discard(ctx, file, key, new AppError('BAD_USER_INPUT', `File "${fileId}" is ${head.size} bytes, not the declared ${file.size}.`, { details: { declared: file.size, stored: head.size } }));
    }
    const { contentType, body } = await sniff(await ctx.storage.get(key));
    body.destroy();
    try {
      assertContentMatchesName(file.filename, contentType);
    } catch (error) {
      await discard(ctx, file, key, error as AppError);
    }
    await completeFileRecord(ctx.db, caller.workspaceId, fileId, contentType);
    file.contentType = contentType;
  }
  return { id: file.id, path: file.path, size: file.size, createdAt: file.createdAt, url: await issueDownloadUrl(ctx.storage, caller, key, file.contentType) };
}
