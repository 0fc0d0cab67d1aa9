-- Twenty 2.x navigation menu items: the left menu's entries (records, objects, views, links,
-- folders), a metadata entity rather than a workspace object. A member's own entries name their
-- userWorkspace; workspace-wide entries have none. `twenty upgrade` copies each workspace's
-- favorites here (as RECORD entries whose id is the favorite's id, so the copy runs once).
CREATE TABLE core."navigationMenuItem" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "userWorkspaceId" uuid REFERENCES core."userWorkspace"("id") ON DELETE CASCADE,
  "type" text NOT NULL CHECK ("type" IN ('VIEW', 'FOLDER', 'LINK', 'OBJECT', 'RECORD', 'PAGE_LAYOUT')),
  "targetRecordId" uuid,
  "targetObjectMetadataId" uuid REFERENCES core."objectMetadata"("id") ON DELETE CASCADE,
  "viewId" uuid,
  "name" text,
  "link" text,
  "icon" text,
  "color" text,
  "folderId" uuid REFERENCES core."navigationMenuItem"("id") ON DELETE CASCADE,
  "pageLayoutId" uuid,
  "position" double precision NOT NULL DEFAULT 0,
  "applicationId" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CHECK ("type" <> 'RECORD' OR ("targetRecordId" IS NOT NULL AND "targetObjectMetadataId" IS NOT NULL))
);
CREATE INDEX "navigationMenuItem_workspace_user" ON core."navigationMenuItem" ("workspaceId", "userWorkspaceId");
