// The file mutations of /metadata with Twenty 2.43's signatures: createFileUpload and
// completeFileUpload (the flow the SDK's MetadataApiClient.uploadFile drives), and the logo and
// profile-picture completions. The work is in src/api/files/file-uploads.ts; this file only maps
// GraphQL arguments to it. The deprecated multipart variants (uploadWorkspaceLogo,
// uploadWorkspaceMemberProfilePicture, uploadFilesFieldFileByUniversalIdentifier) are not served.
import { AppError } from '../../../core/errors.ts';
import { requireFlag } from '../../../auth/permissions.ts';
import { completeFileUpload, createFileUpload, FILE_FOLDERS, type FilesContext } from '../../files/file-uploads.ts';
import type { FileCaller } from '../../files/file-urls.ts';
import type { MetadataContext } from '../context.ts';

export const fileUploadTypeDefs = /* GraphQL */ `
  scalar DateTime
  enum FileFolder { ${FILE_FOLDERS.join(' ')} }
  type FileUploadTarget {
    fileId: UUID!
    uploadUrl: String!
    contentType: String!
    expiresAt: DateTime!
  }
  type FileWithSignedUrl {
    id: UUID!
    path: String!
    size: Float!
    createdAt: DateTime!
    url: String!
  }
  extend type Mutation {
    createFileUpload(filename: String!, size: Float!, fileFolder: FileFolder!, fieldMetadataId: String, fieldMetadataUniversalIdentifier: String): FileUploadTarget!
    completeFileUpload(fileId: String!): FileWithSignedUrl!
    completeWorkspaceLogoUpload(fileId: String!): FileWithSignedUrl!
    completeWorkspaceMemberProfilePictureUpload(fileId: String!): FileWithSignedUrl!
  }
`;

interface CreateArgs {
  filename: string;
  size: number;
  fileFolder: string;
  fieldMetadataId?: string | null;
  fieldMetadataUniversalIdentifier?: string | null;
}

async function filesOf(ctx: MetadataContext): Promise<{ files: FilesContext; caller: FileCaller; model: Awaited<ReturnType<MetadataContext['workspace']>>['model'] }> {
  const { workspaceId, model } = await ctx.workspace();
  if (!ctx.files || !ctx.permissions) throw new AppError('SERVICE_UNAVAILABLE', 'File storage is not configured on this server.', { hint: 'Set STORAGE_TYPE (and its keys), then restart `twenty serve`.' });
  return { files: { db: ctx.db, storage: ctx.files.storage, maxBytes: ctx.files.maxBytes }, caller: { workspaceId, permissions: ctx.permissions }, model };
}

/** The FILES field an upload is for, by id (or universal identifier, which is the id here). */
function filesFieldId(model: Awaited<ReturnType<MetadataContext['workspace']>>['model'], id: string | null | undefined): string | null {
  if (!id) return null;
  for (const object of model.objects) {
    const field = object.fields.find((f) => f.id === id);
    if (field?.type === 'FILES') return field.id;
  }
  throw new AppError('NOT_FOUND', `No FILES field has the id "${id}".`, { details: { fieldMetadataId: id } });
}

const iso = <T extends { createdAt: Date }>(file: T) => ({ ...file, createdAt: file.createdAt.toISOString() });

export const fileUploadResolvers = {
  Mutation: {
    createFileUpload: async (_: unknown, args: CreateArgs, ctx: MetadataContext) => {
      const { files, caller, model } = await filesOf(ctx);
      const fieldMetadataId = filesFieldId(model, args.fieldMetadataId ?? args.fieldMetadataUniversalIdentifier);
      const target = await createFileUpload(files, caller, { filename: args.filename, size: args.size, fileFolder: args.fileFolder, fieldMetadataId });
      return { ...target, expiresAt: target.expiresAt.toISOString() };
    },
    completeFileUpload: async (_: unknown, args: { fileId: string }, ctx: MetadataContext) => {
      const { files, caller } = await filesOf(ctx);
      return iso(await completeFileUpload(files, caller, args.fileId));
    },
    completeWorkspaceLogoUpload: async (_: unknown, args: { fileId: string }, ctx: MetadataContext) => {
      const { files, caller } = await filesOf(ctx);
      requireFlag(ctx.permissions, 'WORKSPACE');
      return iso(await completeFileUpload(files, caller, args.fileId, 'CorePicture'));
    },
    completeWorkspaceMemberProfilePictureUpload: async (_: unknown, args: { fileId: string }, ctx: MetadataContext) => {
      const { files, caller } = await filesOf(ctx);
      return iso(await completeFileUpload(files, caller, args.fileId, 'CorePicture'));
    },
  },
};
