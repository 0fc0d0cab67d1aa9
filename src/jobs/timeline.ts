// The timeline-queue job: one timelineActivity row per event in the workspace's own schema,
// named like the event (`company.created`), with the change as Twenty keeps it in
// `properties`, and linked to the record through the timelineActivity relation to its object
// when the workspace has one. The row id is the event id, so re-runs insert nothing.
import { UnrecoverableError } from 'bullmq';
import { one, query, rows, type Db } from '../core/db.ts';
import { ident, join, sql, type Sql } from '../core/sql.ts';
import { joinColumnName, tableName } from '../metadata/names.ts';
import { jobWorkspaceSchema } from './job-workspace.ts';
import type { Logger } from './logger.ts';
import { loadEvent, type EventPayload } from './outbox.ts';
import type { TimelineJobData } from './queues.ts';

// Objects whose own changes do not appear on a timeline (a timeline row about a timeline row).
const UNTRACKED_OBJECTS = new Set(['timelineActivity']);

/** Twenty's `properties`: the record after/before, and for updates the fields and their diff. */
export function timelineProperties(payload: EventPayload): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (payload.before) properties.before = payload.before;
  if (payload.after) properties.after = payload.after;
  if (payload.updatedFields && payload.updatedFields.length > 0) {
    properties.updatedFields = payload.updatedFields;
    properties.diff = Object.fromEntries(
      payload.updatedFields.map((field) => [field, { before: payload.before?.[field] ?? null, after: payload.after?.[field] ?? null }]),
    );
  }
  return properties;
}

/** The record's label identifier as text (a FULL_NAME is "first last"), for linkedRecordCachedName. */
export function cachedRecordName(record: Record<string, unknown>, labelField: string | null): string | null {
  if (!labelField) return null;
  const value = record[labelField];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const name = value && typeof value === 'object' ? (value as Record<string, unknown>) : { firstName: record[`${labelField}FirstName`], lastName: record[`${labelField}LastName`] };
  const text = [name.firstName, name.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  return text || null;
}

interface TimelineRelation {
  fieldName: string;
  targetObjectId: string;
  targetName: string;
  targetIsCustom: boolean;
}

/** `(SELECT "id" FROM <target> WHERE "id" = $1)`: NULL instead of an FK error when the record is gone. */
function existingId(schema: string, relation: TimelineRelation, id: string): Sql {
  return sql`(SELECT "id" FROM ${ident(schema, tableName({ nameSingular: relation.targetName, isCustom: relation.targetIsCustom }))} WHERE "id" = ${id})`;
}

export async function writeTimelineActivity(deps: { db: Db; log: Logger }, job: { id?: string; data: TimelineJobData }): Promise<'written' | 'skipped'> {
  const { eventId, workspaceId } = job.data ?? {};
  const schema = await jobWorkspaceSchema(deps.db, workspaceId);
  const event = await loadEvent(deps.db, String(eventId));
  if (!event || event.workspaceId !== workspaceId) throw new UnrecoverableError(`Event "${eventId}" does not exist in workspace "${workspaceId}".`);
  if (UNTRACKED_OBJECTS.has(event.objectName) || !event.recordId) return 'skipped';
  const timeline = await one<{ id: string; isCustom: boolean }>(
    deps.db,
    sql`SELECT "id", "isCustom" FROM core."objectMetadata" WHERE "workspaceId" = ${workspaceId} AND "nameSingular" = 'timelineActivity' AND "isActive"`,
  );
  if (!timeline) return 'skipped';
  const relations = await rows<TimelineRelation>(
    deps.db,
    sql`SELECT f."name" AS "fieldName", t."id" AS "targetObjectId", t."nameSingular" AS "targetName", t."isCustom" AS "targetIsCustom"
FROM core."fieldMetadata" f JOIN core."objectMetadata" t ON t."id" = f."relationTargetObjectMetadataId"
WHERE f."objectMetadataId" = ${timeline.id} AND f."type" = 'RELATION' AND f."isActive" AND coalesce(f."settings"->>'relationType', 'MANY_TO_ONE') = 'MANY_TO_ONE'`,
  );
  const recordLink = relations.find((r) => r.targetObjectId === event.objectMetadataId);
  const memberLink = relations.find((r) => r.targetName === 'workspaceMember');
  const record = event.payload.record ?? event.payload.after ?? event.payload.before ?? {};
  const objectLabel = await one<{ label: string | null }>(deps.db, sql`SELECT "labelIdentifierFieldName" AS "label" FROM core."objectMetadata" WHERE "id" = ${event.objectMetadataId}`);

  const columns: Sql[] = [sql`"id"`, sql`"happensAt"`, sql`"name"`, sql`"properties"`, sql`"linkedRecordCachedName"`, sql`"linkedRecordId"`, sql`"linkedObjectMetadataId"`];
  const values: Sql[] = [
    sql`${event.id}`,
    sql`${event.createdAt}`,
    sql`${event.name}`,
    sql`${JSON.stringify(timelineProperties(event.payload))}::jsonb`,
    sql`${cachedRecordName(record, objectLabel?.label ?? null)}`,
    sql`${event.recordId}`,
    sql`${event.objectMetadataId}`,
  ];
  if (recordLink) {
    columns.push(ident(joinColumnName(recordLink.fieldName)));
    values.push(existingId(schema, recordLink, event.recordId));
  }
  if (memberLink && event.actor.workspaceMemberId) {
    columns.push(ident(joinColumnName(memberLink.fieldName)));
    values.push(existingId(schema, memberLink, event.actor.workspaceMemberId));
  }
  const table = ident(schema, tableName({ nameSingular: 'timelineActivity', isCustom: timeline.isCustom }));
  await query(deps.db, sql`INSERT INTO ${table} (${join(columns)}) VALUES (${join(values)}) ON CONFLICT ("id") DO NOTHING`);
  deps.log.info({ jobId: job.id, workspaceId, eventId: event.id, linked: recordLink?.fieldName ?? null }, 'timeline activity written');
  return 'written';
}
