// The transactional outbox inside the mutation statement: every changed row also becomes an
// event row in core."eventOutbox", written by the SAME statement, so an event exists exactly
// when its change committed. Records in events are API-shaped (composites nested, FK ids).
import { ident, join, sql, type Sql } from '../../core/sql.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import { outboxInsertFragment, type EventAction } from '../../jobs/outbox.ts';
import type { CompileContext } from './context.ts';
import { nextAlias } from './context.ts';
import type { Actor, SelectedField, Selection } from './ir.ts';
import { recordSql } from './select.ts';
import { joinColumnName } from '../../metadata/names.ts';

/** Every stored field of a record: scalars, composites, and MANY_TO_ONE ids. */
export function eventRecordSelection(object: ObjectModel): Selection {
  return {
    fields: object.fields.flatMap((f): SelectedField[] => {
      if (f.type === 'TS_VECTOR') return [];
      if (f.type !== 'RELATION') return [{ kind: 'field', alias: f.name, field: f.name }];
      return f.relation?.type === 'MANY_TO_ONE' ? [{ kind: 'foreignKey', alias: joinColumnName(f.name), field: f.name }] : [];
    }),
  };
}

/** The API-shaped JSON of a row of `alias` (used for "before" images in RETURNING). */
export function eventRecordSql(ctx: CompileContext, object: ObjectModel, alias: string): Sql {
  return recordSql(ctx, object, alias, eventRecordSelection(object));
}

export interface EventCteArgs {
  object: ObjectModel;
  action: EventAction;
  /** CTE with the changed rows (`"w".*`). */
  changed: string;
  /** Column of `changed` holding the API-shaped row before the change (updates). */
  beforeColumn?: string;
  /** Only rows matching this condition on the changed alias (e.g. inserted vs updated by upsert). */
  where?: (alias: string) => Sql;
  updatedFields?: string[];
  actor: Actor;
  suffix: string;
}

/** Two CTEs: the event rows (id, record[, before]) and the outbox insert. No leading WITH. */
export function eventCtes(ctx: CompileContext, args: EventCteArgs): Sql {
  const rowsCte = `ev_rows${args.suffix}`;
  const a = nextAlias(ctx);
  const before = args.beforeColumn ? sql`, ${ident(a, args.beforeColumn)} AS "before"` : sql``;
  const where = args.where ? sql` WHERE ${args.where(a)}` : sql``;
  const rows = sql`${ident(rowsCte)} AS (SELECT ${ident(a, 'id')} AS "id", ${eventRecordSql(ctx, args.object, a)} AS "record"${before} FROM ${ident(args.changed)} AS ${ident(a)}${where})`;
  const insert = outboxInsertFragment({
    workspaceId: ctx.model.workspaceId,
    objectName: args.object.nameSingular,
    objectMetadataId: args.object.id,
    action: args.action,
    changedCte: rowsCte,
    hasBefore: Boolean(args.beforeColumn),
    updatedFields: args.updatedFields,
    actor: {
      ...(args.actor.userId ? { userId: args.actor.userId } : {}),
      ...(args.actor.workspaceMemberId ? { workspaceMemberId: args.actor.workspaceMemberId } : {}),
      ...(args.actor.apiKeyId ? { apiKeyId: args.actor.apiKeyId } : {}),
    },
    cteName: `ev_insert${args.suffix}`,
  });
  return join([rows, insert]);
}
