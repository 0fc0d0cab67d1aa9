// The events-queue job: one committed change fans out into a delivery row and a webhook job
// per matching webhook of the event's own workspace, plus a timeline job. Every step is
// idempotent (unique delivery per event × webhook, job ids derived from it), so a re-run after
// a crash or a stalled lock adds nothing.
import { UnrecoverableError } from 'bullmq';
import { rows, type Db } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { isUuid } from '../core/uuid.ts';
import { jobWorkspaceSchema } from './job-workspace.ts';
import type { Logger } from './logger.ts';
import { loadEvent } from './outbox.ts';
import { webhookJobId, type EventJobData, type Queues } from './queues.ts';
import { matchingOperations } from './webhook-match.ts';

export interface FanoutDeps {
  db: Db;
  queues: Queues;
  log: Logger;
}

export async function fanOutEvent(deps: FanoutDeps, job: { id?: string; data: EventJobData }): Promise<{ deliveries: number }> {
  const { eventId, workspaceId } = job.data ?? {};
  if (typeof eventId !== 'string' || !isUuid(eventId)) throw new UnrecoverableError(`The job has no valid event id (got ${JSON.stringify(eventId ?? null)}).`);
  await jobWorkspaceSchema(deps.db, workspaceId);
  const event = await loadEvent(deps.db, eventId);
  if (!event) throw new UnrecoverableError(`Event "${eventId}" does not exist.`);
  if (event.workspaceId !== workspaceId) throw new UnrecoverableError(`Event "${eventId}" does not belong to workspace "${workspaceId}".`);

  // Insert any missing deliveries, then (re-)enqueue every one still pending: a crash between
  // the two steps is repaired by the retry, and job ids keep the queue free of duplicates.
  const pending = await rows<{ id: string; webhookId: string }>(
    deps.db,
    sql`WITH inserted AS (
  INSERT INTO core."webhookDelivery" ("eventId", "webhookId", "workspaceId")
  SELECT ${eventId}, w."id", w."workspaceId" FROM core.webhook w
  WHERE w."workspaceId" = ${workspaceId} AND w."deletedAt" IS NULL AND w."operations" && ${matchingOperations(event.name)}::text[]
  ON CONFLICT ("eventId", "webhookId") DO NOTHING RETURNING "id", "webhookId", "status")
SELECT "id", "webhookId" FROM inserted
UNION
SELECT "id", "webhookId" FROM core."webhookDelivery" WHERE "eventId" = ${eventId} AND "status" = 'pending'`,
  );
  if (pending.length > 0) {
    await deps.queues.webhooks.addBulk(
      pending.map((d) => ({ name: 'webhook', data: { deliveryId: d.id, eventId, webhookId: d.webhookId, workspaceId }, opts: { jobId: webhookJobId(eventId, d.webhookId) } })),
    );
  }
  await deps.queues.timeline.add('timeline', { eventId, workspaceId }, { jobId: eventId });
  deps.log.info({ jobId: job.id, workspaceId, eventId, event: event.name, deliveries: pending.length }, 'event fanned out');
  return { deliveries: pending.length };
}
