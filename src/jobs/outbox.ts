// The transactional outbox: every committed record change leaves a row in core."eventOutbox"
// written by the SAME statement (or transaction) as the change, so an event exists if and only
// if the change committed (RELIABILITY W1). The dispatcher moves rows to the queue afterwards.
import { randomUUID } from 'node:crypto';
import { query, type DbClient } from '../core/db.ts';
import { ident, sql, type Sql } from '../core/sql.ts';

export type EventAction = 'created' | 'updated' | 'deleted' | 'destroyed' | 'restored' | 'upserted';

export const EVENT_ACTIONS: readonly EventAction[] = ['created', 'updated', 'deleted', 'destroyed', 'restored', 'upserted'];

/** Who made the change; copied into webhook payloads as userId / workspaceMemberId. */
export interface EventActor {
  userId?: string;
  workspaceMemberId?: string;
  apiKeyId?: string;
}

/**
 * What a consumer needs about the change. `record` is what the webhook sends: the row after
 * the change, or the removed row for `destroyed`. `before` is the row before an update.
 */
export interface EventPayload {
  record: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  updatedFields: string[] | null;
}

export interface OutboxEvent {
  id?: string;
  workspaceId: string;
  objectMetadataId: string;
  objectName: string;
  action: EventAction;
  recordId: string;
  payload: EventPayload;
  actor: EventActor;
}

export function eventName(objectName: string, action: EventAction): string {
  return `${objectName}.${action}`;
}

export interface OutboxFragmentArgs {
  workspaceId: string;
  objectName: string;
  objectMetadataId: string;
  action: EventAction;
  /** Name of the CTE holding the changed rows. */
  changedCte: string;
  /** True when the CTE also has a "before" json column (updates). */
  hasBefore?: boolean;
  updatedFields?: string[];
  actor: EventActor;
  /** Name given to the outbox CTE itself; change it only if it clashes with one of yours. */
  cteName?: string;
}

/**
 * An extra data-modifying CTE for a mutation compiled as ONE statement:
 *
 *   WITH "changed" AS (UPDATE ... RETURNING "id", to_json(t) AS "record", <old> AS "before"),
 *        ${outboxInsertFragment({ changedCte: 'changed', hasBefore: true, ... })}
 *   SELECT ... FROM "changed"
 *
 * Contract for the changed CTE: one row per changed record with columns
 *   "id"     uuid  the record id,
 *   "record" json  the row after the change (for `destroyed`: the row that was removed),
 *   "before" json  the row before the change, only when `hasBefore` is true.
 * The fragment is `"<cteName>" AS (INSERT INTO core."eventOutbox" ... SELECT ... FROM "<changedCte>")`
 * with no leading WITH and no trailing comma. Postgres runs every data-modifying CTE to
 * completion even when nothing reads it, so the events commit or roll back with the change,
 * and the insert trigger wakes the dispatchers on commit.
 */
export function outboxInsertFragment(args: OutboxFragmentArgs): Sql {
  const changed = ident(args.changedCte);
  const record = sql`${changed}."record"::jsonb`;
  const before = args.hasBefore ? sql`${changed}."before"::jsonb` : sql`NULL::jsonb`;
  const after = args.action === 'destroyed' ? sql`NULL::jsonb` : record;
  const beforeOrRemoved = args.action === 'destroyed' ? record : before;
  const updatedFields = args.updatedFields ? JSON.stringify(args.updatedFields) : null;
  return sql`${ident(args.cteName ?? 'eventOutbox_insert')} AS (INSERT INTO core."eventOutbox" ("workspaceId", "name", "objectMetadataId", "objectName", "recordId", "payload", "actor") SELECT ${args.workspaceId}::uuid, ${eventName(args.objectName, args.action)}, ${args.objectMetadataId}::uuid, ${args.objectName}, ${changed}."id", jsonb_build_object('record', ${record}, 'before', ${beforeOrRemoved}, 'after', ${after}, 'updatedFields', ${updatedFields}::jsonb), ${JSON.stringify(args.actor)}::jsonb FROM ${changed} RETURNING "id")`;
}

/**
 * For code paths that are not one statement (imports, merges): insert the events on the
 * caller's transaction client so they share its fate. Returns the event ids in input order.
 */
export async function insertEvents(client: DbClient, events: readonly OutboxEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const data = events.map((e) => ({
    id: e.id ?? randomUUID(),
    workspaceId: e.workspaceId,
    name: eventName(e.objectName, e.action),
    objectMetadataId: e.objectMetadataId,
    objectName: e.objectName,
    recordId: e.recordId,
    payload: e.payload,
    actor: e.actor,
  }));
  await query(
    client,
    sql`INSERT INTO core."eventOutbox" ("id", "workspaceId", "name", "objectMetadataId", "objectName", "recordId", "payload", "actor")
SELECT e."id", e."workspaceId", e."name", e."objectMetadataId", e."objectName", e."recordId", e."payload", e."actor"
FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS e("id" uuid, "workspaceId" uuid, "name" text, "objectMetadataId" uuid, "objectName" text, "recordId" uuid, "payload" jsonb, "actor" jsonb)`,
  );
  return data.map((e) => e.id);
}

export interface StoredEvent {
  id: string;
  workspaceId: string;
  name: string;
  objectMetadataId: string | null;
  objectName: string;
  recordId: string | null;
  payload: EventPayload;
  actor: EventActor;
  createdAt: Date;
}

export async function loadEvent(db: DbClient, eventId: string): Promise<StoredEvent | undefined> {
  const result = await query<StoredEvent>(
    db,
    sql`SELECT "id", "workspaceId", "name", "objectMetadataId", "objectName", "recordId", "payload", "actor", "createdAt" FROM core."eventOutbox" WHERE "id" = ${eventId}`,
  );
  return result.rows[0];
}
