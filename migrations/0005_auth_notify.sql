-- Servers cache authentication results (key or membership, metadata and permissions versions)
-- and drop a workspace's entries when Postgres tells them something about it changed. The
-- notifications come from triggers, so every path that changes these rows sends them, and
-- they are delivered at commit.
CREATE FUNCTION core.notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('twenty_auth', (CASE WHEN TG_OP = 'DELETE' THEN OLD."workspaceId" ELSE NEW."workspaceId" END)::text);
  RETURN NULL;
END $$;

CREATE FUNCTION core.notify_workspace_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('twenty_auth', (CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "workspace_notify_auth" AFTER UPDATE OR DELETE ON core.workspace FOR EACH ROW EXECUTE FUNCTION core.notify_workspace_change();
CREATE TRIGGER "apiKey_notify_auth" AFTER UPDATE OR DELETE ON core."apiKey" FOR EACH ROW EXECUTE FUNCTION core.notify_auth_change();
CREATE TRIGGER "userWorkspace_notify_auth" AFTER UPDATE OR DELETE ON core."userWorkspace" FOR EACH ROW EXECUTE FUNCTION core.notify_auth_change();
