-- Events: a transactional outbox written in the same statement as the record change, and a
-- webhook delivery log (one row per event × webhook, one row per HTTP attempt).
-- Forward-only. Applied by src/core/migrate.ts in one transaction under an advisory lock.

CREATE TABLE core."eventOutbox" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL,
  "name" text NOT NULL,
  "objectMetadataId" uuid,
  "objectName" text NOT NULL,
  "recordId" uuid,
  "payload" jsonb NOT NULL DEFAULT '{}'::jsonb,
  "actor" jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "dispatchedAt" timestamptz,
  "attempts" integer NOT NULL DEFAULT 0
);
-- No FK to core.workspace: an event must never make a record write fail, and a job for a
-- vanished workspace fails on its own. The dispatcher only ever scans undispatched rows.
CREATE INDEX "eventOutbox_undispatched_idx" ON core."eventOutbox" ("createdAt") WHERE "dispatchedAt" IS NULL;
CREATE INDEX "eventOutbox_dispatchedAt_idx" ON core."eventOutbox" ("dispatchedAt") WHERE "dispatchedAt" IS NOT NULL;

-- Wake dispatchers on commit. Statement-level, so a 1,000-row insert sends one notification,
-- and Postgres folds identical notifications of one transaction into one.
CREATE FUNCTION core."eventOutbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('twenty_event_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER "eventOutbox_notify" AFTER INSERT ON core."eventOutbox"
  FOR EACH STATEMENT EXECUTE FUNCTION core."eventOutbox_notify"();

CREATE TABLE core."webhookDelivery" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "eventId" uuid NOT NULL,
  "webhookId" uuid NOT NULL REFERENCES core.webhook("id") ON DELETE CASCADE,
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
  "attempts" integer NOT NULL DEFAULT 0,
  "lastStatusCode" integer,
  "lastError" text,
  "nextAttemptAt" timestamptz,
  "deliveredAt" timestamptz,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  UNIQUE ("eventId", "webhookId")
);
CREATE INDEX "webhookDelivery_webhookId_idx" ON core."webhookDelivery" ("webhookId", "createdAt" DESC);
CREATE INDEX "webhookDelivery_workspace_status_idx" ON core."webhookDelivery" ("workspaceId", "status");

CREATE TABLE core."webhookDeliveryAttempt" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "deliveryId" uuid NOT NULL REFERENCES core."webhookDelivery"("id") ON DELETE CASCADE,
  "attemptedAt" timestamptz NOT NULL DEFAULT now(),
  "statusCode" integer,
  "error" text,
  "durationMs" integer NOT NULL
);
CREATE INDEX "webhookDeliveryAttempt_deliveryId_idx" ON core."webhookDeliveryAttempt" ("deliveryId", "attemptedAt");
