// core.webhook CRUD and the delivery log, for the CLI and the metadata API. Every query is
// scoped by workspace, so one workspace can never see or touch another's webhooks.
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { one, rows, type DbClient } from '../core/db.ts';
import { join, sql, type Sql } from '../core/sql.ts';
import { didYouMeanSuffix } from '../metadata/suggest.ts';
import { EVENT_ACTIONS } from './outbox.ts';

export interface Webhook {
  id: string;
  workspaceId: string;
  targetUrl: string;
  operations: string[];
  description: string | null;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookInput {
  targetUrl: string;
  operations?: string[];
  description?: string | null;
  secret?: string;
}

const WEBHOOK_COLUMNS = sql`"id", "workspaceId", "targetUrl", "operations", "description", "secret", "createdAt", "updatedAt"`;

export function validateTargetUrl(targetUrl: string): string {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    throw new AppError('BAD_USER_INPUT', `"${targetUrl}" is not a valid webhook URL.`, { hint: 'Use an absolute http(s) URL such as "https://example.com/hooks/twenty".' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('BAD_USER_INPUT', `Webhook URL "${targetUrl}" uses "${url.protocol}"; only http and https are allowed.`);
  }
  return url.toString();
}

/** Operations are "<object>.<action>" where either side may be "*". */
export function validateOperations(operations: readonly string[]): string[] {
  if (operations.length === 0) throw new AppError('BAD_USER_INPUT', 'A webhook needs at least one operation, such as "*.*" or "company.created".');
  const actions = ['*', ...EVENT_ACTIONS];
  return operations.map((op) => {
    const [object, action, extra] = op.trim().split('.');
    if (!object || !action || extra !== undefined || !/^(\*|[a-zA-Z][a-zA-Z0-9]*)$/.test(object)) {
      throw new AppError('BAD_USER_INPUT', `Operation "${op}" is not of the form "<object>.<action>", such as "company.created" or "*.*".`);
    }
    if (!actions.includes(action)) {
      throw new AppError('BAD_USER_INPUT', `Operation "${op}" has an unknown action "${action}".${didYouMeanSuffix(action, actions)}`, {
        hint: `Actions are ${actions.map((a) => `"${a}"`).join(', ')}.`,
      });
    }
    return `${object}.${action}`;
  });
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `Webhook "${id}" does not exist in this workspace.`, { hint: 'List webhooks with `twenty webhook list`.' });
}

export async function createWebhook(db: DbClient, workspaceId: string, input: WebhookInput): Promise<Webhook> {
  const targetUrl = validateTargetUrl(input.targetUrl);
  const operations = validateOperations(input.operations ?? ['*.*']);
  const secret = input.secret || randomBytes(32).toString('hex');
  const row = await one<Webhook>(
    db,
    sql`INSERT INTO core.webhook ("workspaceId", "targetUrl", "operations", "description", "secret") VALUES (${workspaceId}, ${targetUrl}, ${operations}, ${input.description ?? null}, ${secret}) RETURNING ${WEBHOOK_COLUMNS}`,
  );
  return row as Webhook;
}

export async function listWebhooks(db: DbClient, workspaceId: string): Promise<Webhook[]> {
  return rows<Webhook>(db, sql`SELECT ${WEBHOOK_COLUMNS} FROM core.webhook WHERE "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL ORDER BY "createdAt", "id"`);
}

export async function getWebhook(db: DbClient, workspaceId: string, id: string): Promise<Webhook> {
  const row = await one<Webhook>(db, sql`SELECT ${WEBHOOK_COLUMNS} FROM core.webhook WHERE "id" = ${id} AND "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL`);
  if (!row) throw notFound(id);
  return row;
}

export async function updateWebhook(db: DbClient, workspaceId: string, id: string, patch: Partial<WebhookInput>): Promise<Webhook> {
  const sets: Sql[] = [sql`"updatedAt" = now()`];
  if (patch.targetUrl !== undefined) sets.push(sql`"targetUrl" = ${validateTargetUrl(patch.targetUrl)}`);
  if (patch.operations !== undefined) sets.push(sql`"operations" = ${validateOperations(patch.operations)}`);
  if (patch.description !== undefined) sets.push(sql`"description" = ${patch.description}`);
  if (patch.secret) sets.push(sql`"secret" = ${patch.secret}`);
  const row = await one<Webhook>(
    db,
    sql`UPDATE core.webhook SET ${join(sets)} WHERE "id" = ${id} AND "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL RETURNING ${WEBHOOK_COLUMNS}`,
  );
  if (!row) throw notFound(id);
  return row;
}

/** Soft delete: pending deliveries stop (the delivery job sees deletedAt) and the log stays readable. */
export async function deleteWebhook(db: DbClient, workspaceId: string, id: string): Promise<Webhook> {
  const row = await one<Webhook>(
    db,
    sql`UPDATE core.webhook SET "deletedAt" = now() WHERE "id" = ${id} AND "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL RETURNING ${WEBHOOK_COLUMNS}`,
  );
  if (!row) throw notFound(id);
  return row;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  eventId: string;
  webhookId: string;
  workspaceId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface DeliveryAttempt {
  id: string;
  deliveryId: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryFilter {
  webhookId?: string;
  status?: DeliveryStatus;
  limit?: number;
}

export async function listDeliveries(db: DbClient, workspaceId: string, filter: DeliveryFilter = {}): Promise<Delivery[]> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
  return rows<Delivery>(
    db,
    sql`SELECT "id", "eventId", "webhookId", "workspaceId", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "deliveredAt", "createdAt"
FROM core."webhookDelivery"
WHERE "workspaceId" = ${workspaceId} AND (${filter.webhookId ?? null}::uuid IS NULL OR "webhookId" = ${filter.webhookId ?? null}::uuid) AND (${filter.status ?? null}::text IS NULL OR "status" = ${filter.status ?? null}::text)
ORDER BY "createdAt" DESC, "id" LIMIT ${limit}`,
  );
}

export async function listDeliveryAttempts(db: DbClient, workspaceId: string, deliveryId: string): Promise<DeliveryAttempt[]> {
  return rows<DeliveryAttempt>(
    db,
    sql`SELECT a."id", a."deliveryId", a."attemptedAt", a."statusCode", a."error", a."durationMs"
FROM core."webhookDeliveryAttempt" a JOIN core."webhookDelivery" d ON d."id" = a."deliveryId"
WHERE d."id" = ${deliveryId} AND d."workspaceId" = ${workspaceId} ORDER BY a."attemptedAt", a."id"`,
  );
}
