// Repeatable maintenance jobs: purge soft-deleted records past their retention, prune the
// event outbox and delivery log, and clean up file storage (files-cleanup.ts). Every delete is
// batch-limited so no run holds long locks.
import { UnrecoverableError } from 'bullmq';
import { query, rows, type Db } from '../core/db.ts';
import { ident, int, sql, type Sql } from '../core/sql.ts';
import { tableName } from '../metadata/names.ts';
import { errorFields, type Logger } from './logger.ts';
import type { MaintenanceJobData, Queues } from './queues.ts';
import type { StorageDriver } from '../core/storage/storage-driver.ts';
import { cleanupFiles } from './files-cleanup.ts';

export interface MaintenanceSettings {
  softDeleteRetentionDays: number;
  eventLogRetentionDays: number;
  batchSize: number;
  everyMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceSettings = {
  softDeleteRetentionDays: 30,
  eventLogRetentionDays: 14,
  batchSize: 1000,
  everyMs: 3600_000,
};

// Bounds one run; the next run continues where this one stopped.
const MAX_BATCHES_PER_RUN = 100;

/** Upserts the schedulers, so every worker can call it at start without creating duplicates. */
export async function registerSchedules(queues: Queues, settings: MaintenanceSettings): Promise<void> {
  for (const task of ['purgeSoftDeleted', 'pruneEventLog', 'cleanupFiles'] as const) {
    await queues.maintenance.upsertJobScheduler(task, { every: settings.everyMs }, { name: task, data: { task } });
  }
}

/** Runs `statement` (a batch-limited DELETE) until it deletes less than a full batch. */
async function deleteInBatches(db: Db, statement: Sql, batchSize: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const deleted = (await query(db, statement)).rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

export async function purgeSoftDeleted(db: Db, settings: MaintenanceSettings, log: Logger): Promise<number> {
  const tables = await rows<{ workspaceId: string; schemaName: string; nameSingular: string; isCustom: boolean }>(
    db,
    sql`SELECT w."id" AS "workspaceId", w."schemaName", o."nameSingular", o."isCustom"
FROM core.workspace w JOIN core."objectMetadata" o ON o."workspaceId" = w."id"
JOIN core."fieldMetadata" f ON f."objectMetadataId" = o."id" AND f."name" = 'deletedAt'
WHERE w."deletedAt" IS NULL ORDER BY w."id", o."nameSingular"`,
  );
  let total = 0;
  for (const t of tables) {
    const table = ident(t.schemaName, tableName(t));
    try {
      total += await deleteInBatches(
        db,
        sql`DELETE FROM ${table} WHERE "id" IN (SELECT "id" FROM ${table} WHERE "deletedAt" < now() - make_interval(days => ${settings.softDeleteRetentionDays}) LIMIT ${int(settings.batchSize)})`,
        settings.batchSize,
      );
    } catch (error) {
      // One table (say, a RESTRICT foreign key) must not stop the purge of the others.
      log.warn({ workspaceId: t.workspaceId, object: t.nameSingular, ...errorFields(error) }, 'could not purge soft-deleted records');
    }
  }
  return total;
}

export async function pruneEventLog(db: Db, settings: MaintenanceSettings): Promise<{ deliveries: number; events: number }> {
  const days = settings.eventLogRetentionDays;
  const limit = int(settings.batchSize);
  const deliveries = await deleteInBatches(
    db,
    sql`DELETE FROM core."webhookDelivery" WHERE "id" IN (SELECT "id" FROM core."webhookDelivery" WHERE "status" <> 'pending' AND "createdAt" < now() - make_interval(days => ${days}) LIMIT ${limit})`,
    settings.batchSize,
  );
  // An event still referenced by a delivery stays: replaying that delivery needs it.
  const events = await deleteInBatches(
    db,
    sql`DELETE FROM core."eventOutbox" WHERE "id" IN (SELECT e."id" FROM core."eventOutbox" e WHERE e."dispatchedAt" < now() - make_interval(days => ${days})
AND NOT EXISTS (SELECT 1 FROM core."webhookDelivery" d WHERE d."eventId" = e."id") LIMIT ${limit})`,
    settings.batchSize,
  );
  return { deliveries, events };
}

export async function runMaintenance(deps: { db: Db; log: Logger; settings: MaintenanceSettings; storage?: StorageDriver }, job: { id?: string; data: MaintenanceJobData }): Promise<Record<string, number>> {
  const log = deps.log.child({ jobId: job.id, task: job.data.task });
  if (job.data.task === 'cleanupFiles') {
    if (!deps.storage) return {};
    const cleaned = await cleanupFiles({ db: deps.db, storage: deps.storage, log });
    log.info(cleaned, 'file storage cleaned up');
    return cleaned;
  }
  if (job.data.task === 'purgeSoftDeleted') {
    const purged = await purgeSoftDeleted(deps.db, deps.settings, log);
    log.info({ purged }, 'soft-deleted records purged');
    return { purged };
  }
  if (job.data.task !== 'pruneEventLog') throw new UnrecoverableError(`Unknown maintenance task ${JSON.stringify(job.data.task)}.`);
  const pruned = await pruneEventLog(deps.db, deps.settings);
  log.info(pruned, 'event log pruned');
  return pruned;
}
