-- Auth: stable ids for the seeded roles, refresh-token rotation, TOTP replay guard.
-- Forward-only. Applied by src/core/migrate.ts in one transaction under an advisory lock.

-- 'admin' | 'member' | 'guest' on the roles seeded per workspace, so fallbacks find them even
-- after an editable role is renamed.
ALTER TABLE core.role ADD COLUMN "standardId" text;
CREATE UNIQUE INDEX "role_standardId_key" ON core.role ("workspaceId", "standardId") WHERE "standardId" IS NOT NULL;

-- One row per issued refresh token; renewing revokes the row and links its successor, and a
-- revoked token presented again revokes the whole family (token theft detection).
CREATE TABLE core."refreshToken" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workspaceId" uuid NOT NULL REFERENCES core.workspace("id") ON DELETE CASCADE,
  "userId" uuid NOT NULL REFERENCES core."user"("id") ON DELETE CASCADE,
  "expiresAt" timestamptz NOT NULL,
  "revokedAt" timestamptz,
  "replacedById" uuid,
  "createdAt" timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX "refreshToken_userId_workspaceId_idx" ON core."refreshToken" ("userId", "workspaceId");

-- The last TOTP time step accepted, so one code cannot be used twice (RFC 6238 §5.2).
ALTER TABLE core."user" ADD COLUMN "totpLastUsedStep" bigint;
