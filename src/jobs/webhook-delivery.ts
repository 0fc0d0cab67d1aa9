// One webhook delivery attempt, at least once: the worker reads the delivery, the webhook (and
// its secret, which never goes through Redis) and the event from Postgres, POSTs the signed
// body through the SSRF-guarded client, and tells BullMQ whether to retry. The attempt is
// recorded before the request is sent and its outcome after, so the delivery log shows every
// attempt, also one whose outcome was lost (receivers deduplicate on the stable event id).
import { UnrecoverableError } from 'bullmq';
import { AppError, isAppError } from '../core/errors.ts';
import { reconnectDelayMs } from '../core/outage.ts';
import { one, query, transaction, type Db, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import type { OutboundPolicy } from './address-policy.ts';
import type { Logger } from './logger.ts';
import { outboundRequest, type OutboundResult } from './outbound-http.ts';
import { loadEvent } from './outbox.ts';
import { retryDelayMs, retryLater, webhookJobId, type Queues, type RetryPolicy, type WebhookJobData } from './queues.ts';
import { webhookPayload } from './webhook-payload.ts';
import { webhookHeaders } from './webhook-signature.ts';

export interface DeliveryDeps {
  db: Db;
  log: Logger;
  policy: OutboundPolicy;
  timeoutMs: number;
  retry: RetryPolicy;
}

export interface DeliveryJob {
  id?: string;
  data: WebhookJobData;
  /** Attempts that already failed before this one. */
  attemptsMade: number;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'permanent'; statusCode?: number; error: string }
  | { kind: 'retry'; statusCode?: number; error: string; retryAfterMs?: number };

// Honour a receiver's Retry-After, but never park a delivery longer than this.
const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

/** 2xx delivered; 408/429/5xx and network errors retried; other 4xx, 3xx and SSRF blocks are final. */
export function classifyOutcome(result: OutboundResult): DeliveryOutcome {
  if (result.kind === 'blocked') return { kind: 'permanent', error: `blocked: ${result.reason}` };
  if (result.kind === 'failed') return { kind: 'retry', error: result.error };
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  const error = `HTTP ${status}${result.body ? `: ${result.body.slice(0, 200)}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', statusCode: status, error, retryAfterMs: retryAfterMs(result.headers['retry-after']) };
  return { kind: 'permanent', statusCode: status, error };
}

interface DeliveryTarget {
  id: string;
  status: string;
  eventId: string;
  webhookId: string;
  targetUrl: string;
  secret: string;
  webhookDeleted: boolean;
}

async function loadTarget(db: DbClient, deliveryId: string): Promise<DeliveryTarget | undefined> {
  return one<DeliveryTarget>(
    db,
    sql`SELECT d."id", d."status", d."eventId", w."id" AS "webhookId", w."targetUrl", w."secret", w."deletedAt" IS NOT NULL AS "webhookDeleted"
FROM core."webhookDelivery" d JOIN core.webhook w ON w."id" = d."webhookId" WHERE d."id" = ${deliveryId}`,
  );
}

// What the log shows for an attempt until its outcome is recorded: if the worker dies or loses
// Postgres mid-attempt, the attempt stays visible with this text instead of vanishing.
export const OUTCOME_NOT_RECORDED = 'outcome not recorded: the worker stopped or lost Postgres during this attempt; the receiver may have got it';

/** Written before the request is sent: the attempt exists in the log whatever happens next. */
async function startAttempt(db: DbClient, deliveryId: string): Promise<string> {
  const row = await one<{ id: string }>(
    db,
    sql`WITH attempt AS (INSERT INTO core."webhookDeliveryAttempt" ("deliveryId", "statusCode", "error", "durationMs") VALUES (${deliveryId}, NULL, ${OUTCOME_NOT_RECORDED}, 0) RETURNING "id")
, counted AS (UPDATE core."webhookDelivery" SET "attempts" = "attempts" + 1, "updatedAt" = now() WHERE "id" = ${deliveryId})
SELECT "id" FROM attempt`,
  );
  return (row as { id: string }).id;
}

async function recordOutcome(db: DbClient, deliveryId: string, attemptId: string, outcome: DeliveryOutcome, status: string, durationMs: number, nextAttemptAt: Date | null): Promise<void> {
  const error = outcome.kind === 'delivered' ? null : outcome.error;
  await query(
    db,
    sql`WITH attempt AS (UPDATE core."webhookDeliveryAttempt" SET "statusCode" = ${outcome.statusCode ?? null}, "error" = ${error}, "durationMs" = ${Math.round(durationMs)} WHERE "id" = ${attemptId})
UPDATE core."webhookDelivery" SET "status" = ${status}, "lastStatusCode" = ${outcome.statusCode ?? null}, "lastError" = ${error},
  "nextAttemptAt" = ${nextAttemptAt}, "deliveredAt" = CASE WHEN ${status} = 'delivered' THEN now() ELSE "deliveredAt" END, "updatedAt" = now()
WHERE "id" = ${deliveryId}`,
  );
}

// The request went out; re-running the job would send it again. Postgres restarting takes
// seconds, so wait for it a while before giving up (then the job re-runs: at least once).
const RECORD_RETRIES = 8;

async function recordOutcomeSoon(record: () => Promise<void>, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await record();
    } catch (error) {
      if (!(isAppError(error) && error.code === 'SERVICE_UNAVAILABLE') || attempt >= RECORD_RETRIES) throw error;
      if (attempt === 0) log.warn({}, 'cannot record a webhook outcome yet; retrying while Postgres is unavailable');
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(attempt)));
    }
  }
}

async function markFailed(db: DbClient, deliveryId: string, error: string): Promise<void> {
  await query(db, sql`UPDATE core."webhookDelivery" SET "status" = 'failed', "lastError" = ${error}, "nextAttemptAt" = NULL, "updatedAt" = now() WHERE "id" = ${deliveryId}`);
}

/** Processes one webhooks-queue job; throws to make BullMQ retry (or fail, when final). */
export async function deliverWebhook(deps: DeliveryDeps, job: DeliveryJob): Promise<'delivered' | 'skipped'> {
  const { deliveryId } = job.data;
  const log = deps.log.child({ jobId: job.id, deliveryId, workspaceId: job.data.workspaceId, webhookId: job.data.webhookId });
  const target = await loadTarget(deps.db, deliveryId);
  if (!target) throw new UnrecoverableError(`Delivery "${deliveryId}" does not exist.`);
  if (target.status === 'delivered') return 'skipped';
  if (target.webhookDeleted) {
    await markFailed(deps.db, deliveryId, 'the webhook was deleted');
    return 'skipped';
  }
  const event = await loadEvent(deps.db, target.eventId);
  if (!event) {
    await markFailed(deps.db, deliveryId, 'the event no longer exists');
    throw new UnrecoverableError(`Event "${target.eventId}" of delivery "${deliveryId}" does not exist.`);
  }
  const body = JSON.stringify(webhookPayload(event, { id: target.webhookId, targetUrl: target.targetUrl }));
  const headers = webhookHeaders({ secret: target.secret, body, eventId: event.id, deliveryId });
  const attemptId = await startAttempt(deps.db, deliveryId);
  const started = performance.now();
  const result = await outboundRequest({ url: target.targetUrl, method: 'POST', headers: { ...headers }, body, timeoutMs: deps.timeoutMs }, deps.policy);
  const outcome = classifyOutcome(result);
  const attempt = job.attemptsMade + 1;
  const final = outcome.kind === 'permanent' || (outcome.kind === 'retry' && attempt >= deps.retry.attempts);
  const delayMs = outcome.kind === 'retry' ? Math.max(outcome.retryAfterMs ?? 0, retryDelayMs(attempt, deps.retry)) : 0;
  const status = outcome.kind === 'delivered' ? 'delivered' : final ? 'failed' : 'pending';
  const durationMs = performance.now() - started;
  await recordOutcomeSoon(() => recordOutcome(deps.db, deliveryId, attemptId, outcome, status, durationMs, status === 'pending' ? new Date(Date.now() + delayMs) : null), log);
  if (outcome.kind === 'delivered') {
    log.info({ eventId: event.id, attempt, statusCode: outcome.statusCode }, 'webhook delivered');
    return 'delivered';
  }
  if (result.kind === 'blocked') log.warn({ eventId: event.id, reason: result.reason }, 'webhook blocked by the outbound address policy');
  else log.warn({ eventId: event.id, attempt, statusCode: outcome.statusCode, error: outcome.error, final }, 'webhook attempt failed');
  if (outcome.kind === 'permanent') throw new UnrecoverableError(outcome.error);
  throw final ? new Error(outcome.error) : retryLater(outcome.error, delayMs);
}

/** Puts a failed delivery back on the queue; the receiver gets the same event and delivery ids. */
export async function replayDelivery(db: Db, queues: Queues, deliveryId: string, scope: { workspaceId?: string } = {}): Promise<void> {
  await transaction(db, async (client) => {
    const row = await one<{ eventId: string; webhookId: string; workspaceId: string; status: string }>(
      client,
      sql`SELECT "eventId", "webhookId", "workspaceId", "status" FROM core."webhookDelivery" WHERE "id" = ${deliveryId} AND (${scope.workspaceId ?? null}::uuid IS NULL OR "workspaceId" = ${scope.workspaceId ?? null}::uuid) FOR UPDATE`,
    );
    if (!row) throw new AppError('NOT_FOUND', `Webhook delivery "${deliveryId}" does not exist.`, { hint: 'List deliveries with `twenty webhook deliveries`.' });
    if (row.status !== 'failed') {
      throw new AppError('CONFLICT', `Webhook delivery "${deliveryId}" is ${row.status}; only failed deliveries can be replayed.`);
    }
    await query(client, sql`UPDATE core."webhookDelivery" SET "status" = 'pending', "nextAttemptAt" = now(), "updatedAt" = now() WHERE "id" = ${deliveryId}`);
    // The failed job may still sit in Redis under the same id, which would swallow the new one.
    const jobId = webhookJobId(row.eventId, row.webhookId);
    await queues.webhooks.remove(jobId);
    await queues.webhooks.add('webhook', { deliveryId, eventId: row.eventId, webhookId: row.webhookId, workspaceId: row.workspaceId }, { jobId });
  });
}
