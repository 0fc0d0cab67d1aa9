-- Core schema: tenants, users, metadata, API keys, roles, webhooks.
-- Forward-only. Applied by src/core/migrate.ts in one transaction under an advisory lock.

CREATE TABLE core.workspace (
  "id" uuid PRIMARY KEY,
  "displayName" text NOT NULL,
  "schemaName" text NOT NULL UNIQUE,
  "metadataVersion" integer NOT NULL DEFAULT 1,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  "deletedAt" timestamptz
);
CREATE UNIQUE INDEX "workspace_displayName_key" ON core.workspace (lower("displayName")) WHERE "deletedAt" IS NULL;

CREATE TABLE core."user" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "email" text NOT NULL,
  "firstName" text NOT NULL DEFAULT '',
  "lastName" text NOT NULL DEFAULT '',
  "passwordHash" text,
  "totpSecret" text,
  "totpEnabledAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  "deletedAt" timestamptz
);
CREATE UNIQUE INDEX "user_email_key" ON core."user" (lower("email")) WHERE "deletedAt" IS NULL;

CREATE TABLE core."userWorkspace" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId" uuid NOT NULL REFERENCES core."user"("id") ON DELETE CASCADE,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "workspaceMemberId" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("userId", "workspaceId")
);

CREATE TABLE core."objectMetadata" (
  "id" uuid PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "nameSingular" text NOT NULL,
  "namePlural" text NOT NULL,
  "labelSingular" text NOT NULL,
  "labelPlural" text NOT NULL,
  "description" text,
  "icon" text,
  "isCustom" boolean NOT NULL,
  "isSystem" boolean NOT NULL DEFAULT false,
  "isActive" boolean NOT NULL DEFAULT true,
  "labelIdentifierFieldName" text,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("workspaceId", "nameSingular"),
  UNIQUE ("workspaceId", "namePlural")
);

CREATE TABLE core."fieldMetadata" (
  "id" uuid PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "objectMetadataId" uuid NOT NULL REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "name" text NOT NULL,
  "label" text NOT NULL,
  "type" text NOT NULL,
  "description" text,
  "icon" text,
  "isNullable" boolean NOT NULL DEFAULT true,
  "isUnique" boolean NOT NULL DEFAULT false,
  "defaultValue" jsonb,
  "options" jsonb,
  "settings" jsonb,
  "isCustom" boolean NOT NULL,
  "isSystem" boolean NOT NULL DEFAULT false,
  "isActive" boolean NOT NULL DEFAULT true,
  "relationTargetObjectMetadataId" uuid REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "relationTargetFieldMetadataId" uuid,
  "position" integer NOT NULL DEFAULT 0,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("objectMetadataId", "name")
);
CREATE INDEX "fieldMetadata_workspaceId_idx" ON core."fieldMetadata" ("workspaceId");

CREATE TABLE core."indexMetadata" (
  "id" uuid PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "objectMetadataId" uuid NOT NULL REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "name" text NOT NULL,
  "fieldNames" text[] NOT NULL,
  "isUnique" boolean NOT NULL DEFAULT false,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("workspaceId", "name")
);

CREATE TABLE core.role (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "label" text NOT NULL,
  "description" text,
  "icon" text,
  "isEditable" boolean NOT NULL DEFAULT true,
  "canBeAssignedToUsers" boolean NOT NULL DEFAULT true,
  "canBeAssignedToApiKeys" boolean NOT NULL DEFAULT true,
  "canUpdateAllSettings" boolean NOT NULL DEFAULT false,
  "canReadAllObjectRecords" boolean NOT NULL DEFAULT false,
  "canUpdateAllObjectRecords" boolean NOT NULL DEFAULT false,
  "canSoftDeleteAllObjectRecords" boolean NOT NULL DEFAULT false,
  "canDestroyAllObjectRecords" boolean NOT NULL DEFAULT false,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("workspaceId", "label")
);

CREATE TABLE core."objectPermission" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "roleId" uuid NOT NULL REFERENCES core.role("id") ON DELETE CASCADE,
  "objectMetadataId" uuid NOT NULL REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "canReadObjectRecords" boolean,
  "canUpdateObjectRecords" boolean,
  "canSoftDeleteObjectRecords" boolean,
  "canDestroyObjectRecords" boolean,
  UNIQUE ("roleId", "objectMetadataId")
);

CREATE TABLE core."fieldPermission" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "roleId" uuid NOT NULL REFERENCES core.role("id") ON DELETE CASCADE,
  "objectMetadataId" uuid NOT NULL REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "fieldMetadataId" uuid NOT NULL REFERENCES core."fieldMetadata"("id") ON DELETE CASCADE,
  "canReadFieldValue" boolean,
  "canUpdateFieldValue" boolean,
  UNIQUE ("roleId", "fieldMetadataId")
);

CREATE TABLE core."permissionFlag" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "roleId" uuid NOT NULL REFERENCES core.role("id") ON DELETE CASCADE,
  "flag" text NOT NULL,
  UNIQUE ("roleId", "flag")
);

CREATE TABLE core."apiKey" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "name" text NOT NULL,
  "expiresAt" timestamptz NOT NULL,
  "revokedAt" timestamptz,
  "roleId" uuid REFERENCES core.role("id") ON DELETE SET NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX "apiKey_workspaceId_idx" ON core."apiKey" ("workspaceId");

CREATE TABLE core."roleTarget" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "roleId" uuid NOT NULL REFERENCES core.role("id") ON DELETE CASCADE,
  "userWorkspaceId" uuid REFERENCES core."userWorkspace"("id") ON DELETE CASCADE,
  "apiKeyId" uuid REFERENCES core."apiKey"("id") ON DELETE CASCADE,
  CHECK (("userWorkspaceId" IS NULL) <> ("apiKeyId" IS NULL)),
  UNIQUE ("userWorkspaceId"),
  UNIQUE ("apiKeyId")
);

CREATE TABLE core.webhook (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "targetUrl" text NOT NULL,
  "operations" text[] NOT NULL DEFAULT ARRAY['*.*'],
  "description" text,
  "secret" text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  "deletedAt" timestamptz
);
CREATE INDEX "webhook_workspaceId_idx" ON core.webhook ("workspaceId");
