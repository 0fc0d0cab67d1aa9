-- A per-workspace counter that moves whenever anything that decides a caller's permissions
-- changes (roles, grants, flags, role assignments, API keys). Servers cache permissions by
-- (role, counter) and read the counter with every request's authentication, so a change is
-- in force on the next request on every instance. Triggers keep it exact whatever code path
-- (API, CLI, restore, a DBA's UPDATE) made the change.
ALTER TABLE core.workspace ADD COLUMN "permissionsVersion" bigint NOT NULL DEFAULT 1;

CREATE FUNCTION core.bump_permissions_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE core.workspace SET "permissionsVersion" = "permissionsVersion" + 1
  WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."workspaceId" ELSE NEW."workspaceId" END;
  IF TG_OP = 'UPDATE' AND NEW."workspaceId" IS DISTINCT FROM OLD."workspaceId" THEN
    UPDATE core.workspace SET "permissionsVersion" = "permissionsVersion" + 1 WHERE "id" = OLD."workspaceId";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "role_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON core.role FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
CREATE TRIGGER "objectPermission_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON core."objectPermission" FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
CREATE TRIGGER "fieldPermission_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON core."fieldPermission" FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
CREATE TRIGGER "permissionFlag_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON core."permissionFlag" FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
CREATE TRIGGER "roleTarget_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON core."roleTarget" FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
CREATE TRIGGER "apiKey_permissions_version" AFTER INSERT OR UPDATE OF "roleId" OR DELETE ON core."apiKey" FOR EACH ROW EXECUTE FUNCTION core.bump_permissions_version();
