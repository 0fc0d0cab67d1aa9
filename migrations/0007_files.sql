-- Files: one row per object a workspace stores (attachments, logos, profile pictures, FILES
-- fields). An upload is 'pending' from createFileUpload until completeFileUpload has checked
-- its size and bytes; the clean-up job removes pending rows (and their bytes) past expiresAt.
-- Forward-only. Applied by src/core/migrate.ts in one transaction under an advisory lock.
CREATE TABLE core.file (
  "id" uuid PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  -- The storage key below workspace-<id>/: <folder>/<id>/<filename>.
  "path" text NOT NULL,
  "folder" text NOT NULL,
  "filename" text NOT NULL,
  "size" bigint NOT NULL CHECK ("size" > 0),
  "contentType" text NOT NULL,
  "fieldMetadataId" uuid REFERENCES core."fieldMetadata"("id") ON DELETE SET NULL,
  "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'completed')),
  "expiresAt" timestamptz NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "completedAt" timestamptz,
  UNIQUE ("workspaceId", "path")
);
CREATE INDEX "file_pending_expiresAt_idx" ON core.file ("expiresAt") WHERE "status" = 'pending';
