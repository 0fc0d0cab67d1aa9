// A plan: each change with its safety class, the rows it touches and its exact statements.
// Safety needs the data (how many rows would lose values), so planning reads the workspace.
import { createHash } from 'node:crypto';
import type { Change } from './diff.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from './model.ts';
import { changeStatements, isSafeTypeChange } from './ddl.ts';
import { metadataStatements } from './store.ts';
import { describeRoleChange } from './roles.ts';
import { fieldColumns, FIELD_TYPE_SPECS, isEmptyTextColumn } from './field-types.ts';
import { textColumnsToMigrate } from './text-fields.ts';
import { tableName } from './names.ts';
import { compile, ident, join, sql, type Sql } from '../core/sql.ts';
import { one, type DbClient } from '../core/db.ts';

export type Safety = 'safe' | 'data-dependent' | 'destructive' | 'refused';

export interface PlanStep {
  change: Change;
  summary: string;
  safety: Safety;
  /** Rows that make the step data-dependent or destructive (null when not counted). */
  rows: number | null;
  reason?: string;
  ddl: Sql[];
  metadata: Sql[];
}

export interface Plan {
  workspaceId: string;
  /** The metadata the plan was made against (modelFingerprint); apply refuses any other. */
  fingerprint: string;
  steps: PlanStep[];
  warnings: string[];
  /** The model once the plan is applied (its version is the one planned against). */
  desired: WorkspaceModel;
}

/** Identifies the metadata a plan was made against; a stale plan is refused at apply. */
export function modelFingerprint(model: WorkspaceModel): string {
  return createHash('sha256').update(JSON.stringify(model.objects)).digest('hex').slice(0, 32);
}

const q = (o: ObjectModel, f?: FieldModel) => (f ? `"${o.nameSingular}.${f.name}"` : `"${o.nameSingular}"`);

export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'createRole':
    case 'updateRole':
    case 'deleteRole':
      return describeRoleChange(change);
    case 'createObject': return `create object ${q(change.object)} (table "${tableName(change.object)}")`;
    case 'updateObject':
      return change.before.nameSingular !== change.after.nameSingular
        ? `rename object ${q(change.before)} to ${q(change.after)}`
        : `update object ${q(change.after)} (labels, icon or description)`;
    case 'deleteObject': return `drop object ${q(change.object)} and its table`;
    case 'createField':
      return change.field.relation
        ? `add relation ${q(change.object, change.field)} (${change.field.relation.type} → "${change.field.relation.targetObject}")`
        : `add field ${q(change.object, change.field)} (${change.field.type}${change.field.isNullable ? '' : ', not null'}${change.field.isUnique ? ', unique' : ''})`;
    case 'updateField': {
      const parts: string[] = [];
      const { before: b, after: a } = change;
      const texts = textColumnsToMigrate(b, a);
      if (b.name !== a.name) parts.push(`rename from "${b.name}"`);
      if (b.type !== a.type) parts.push(`type ${b.type} → ${a.type}`);
      if (texts.length > 0) parts.push(`empty text is '' (null → '', NOT NULL DEFAULT '' on ${texts.map((c) => `"${c.column}"`).join(', ')})`);
      else if (b.isNullable !== a.isNullable) parts.push(a.isNullable ? 'allow null' : 'set not null');
      if (b.isUnique !== a.isUnique) parts.push(a.isUnique ? 'add unique' : 'drop unique');
      if (texts.length === 0 && JSON.stringify(b.defaultValue) !== JSON.stringify(a.defaultValue)) parts.push('change default');
      if (b.relation?.onDelete !== a.relation?.onDelete) parts.push(`on delete ${b.relation?.onDelete} → ${a.relation?.onDelete}`);
      for (const o of change.options) {
        if (o.kind === 'add') parts.push(`add option ${o.option.value}`);
        if (o.kind === 'rename') parts.push(`rename option ${o.from} → ${o.to}`);
        if (o.kind === 'remove') parts.push(`remove option ${o.option.value}`);
      }
      if (parts.length === 0) parts.push('update label, icon, description or settings');
      return `alter field ${q(change.object, a)}: ${parts.join(', ')}`;
    }
    case 'deleteField': return `drop field ${q(change.object, change.field)}`;
    case 'createIndex': return `create ${change.index.isUnique ? 'unique ' : ''}index on ${q(change.object)} (${change.index.fields.join(', ')})`;
    case 'deleteIndex': return `drop index "${change.index.name}" on ${q(change.object)}`;
  }
}

async function count(db: DbClient, query: Sql): Promise<number> {
  const row = await one<{ n: number }>(db, query);
  return row?.n ?? 0;
}

function table(model: WorkspaceModel, object: ObjectModel): Sql {
  return ident(model.schema, tableName(object));
}

async function assess(db: DbClient, current: WorkspaceModel, change: Change): Promise<Pick<PlanStep, 'safety' | 'rows' | 'reason'>> {
  const safe = { safety: 'safe' as const, rows: null };
  switch (change.kind) {
    case 'deleteObject': {
      const rows = await count(db, sql`SELECT count(*) AS n FROM ${table(current, change.object)}`);
      return { safety: 'destructive', rows, reason: `${rows} row(s) would be deleted` };
    }
    case 'deleteField': {
      const columns = fieldColumns(change.field);
      if (columns.length === 0) return safe;
      const object = current.objects.find((o) => o.id === change.object.id);
      if (!object) return safe;
      // '' is empty text, not a value that could be lost.
      const holds = (c: (typeof columns)[number]) => (isEmptyTextColumn(change.field, c) ? sql`${ident(c.column)} <> ''` : sql`${ident(c.column)} IS NOT NULL`);
      const rows = await count(db, sql`SELECT count(*) AS n FROM ${table(current, object)} WHERE ${join(columns.map(holds), sql` OR `)}`);
      return { safety: 'destructive', rows, reason: `${rows} row(s) hold a value that would be lost` };
    }
    case 'createField': {
      if (change.field.isNullable || change.field.defaultValue !== null || change.field.type === 'RELATION') return safe;
      const object = current.objects.find((o) => o.id === change.object.id);
      if (!object) return safe;
      const rows = await count(db, sql`SELECT count(*) AS n FROM ${table(current, object)}`);
      return rows > 0 ? { safety: 'data-dependent', rows, reason: `${rows} existing row(s) have no value for a NOT NULL field without default` } : safe;
    }
    case 'createIndex': {
      if (!change.index.isUnique) return safe;
      return duplicates(db, current, change.object, change.index.fields);
    }
    case 'updateField':
      return assessFieldUpdate(db, current, change);
    default:
      return safe;
  }
}

/**
 * Values that appear more than once in the columns a unique index would cover. A unique field's
 * index (`fieldIndex`) is partial like its DDL: live rows, and '' is empty text, not a value.
 */
async function duplicates(db: DbClient, current: WorkspaceModel, object: ObjectModel, fieldNames: string[], fieldIndex = false): Promise<Pick<PlanStep, 'safety' | 'rows' | 'reason'>> {
  const existing = current.objects.find((o) => o.id === object.id);
  if (!existing) return { safety: 'safe', rows: null };
  const columns = fieldNames.flatMap((n) => {
    const f = existing.fields.find((x) => x.name === n);
    if (!f) return [];
    const c = fieldColumns(f);
    return (FIELD_TYPE_SPECS[f.type].composite ? c.filter((x) => x.subField?.unique) : c).map((column) => ({ column, empty: isEmptyTextColumn(f, column) }));
  });
  if (columns.length === 0) return { safety: 'safe', rows: null };
  const cols = columns.map((c) => ident(c.column.column));
  const where = fieldIndex ? [...(existing.fields.some((f) => f.name === 'deletedAt') ? [sql`"deletedAt" IS NULL`] : []), ...columns.filter((c) => c.empty).map((c) => sql`${ident(c.column.column)} <> ''`)] : [];
  const filter = where.length > 0 ? sql` WHERE ${join(where, sql` AND `)}` : sql``;
  const rows = await count(db, sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${table(current, existing)}${filter} GROUP BY ${join(cols)} HAVING count(*) > 1) d`);
  return rows > 0 ? { safety: 'data-dependent', rows, reason: `${rows} value(s) appear more than once` } : { safety: 'safe', rows: 0 };
}

async function assessFieldUpdate(db: DbClient, current: WorkspaceModel, change: Extract<Change, { kind: 'updateField' }>): Promise<Pick<PlanStep, 'safety' | 'rows' | 'reason'>> {
  const { before, after } = change;
  const object = current.objects.find((o) => o.id === change.object.id);
  if (!object) return { safety: 'safe', rows: null };
  if (before.type !== after.type && !isSafeTypeChange(before.type, after.type)) {
    return { safety: 'refused', rows: null, reason: `no safe cast from ${before.type} to ${after.type}; add a new field, copy the data, then remove the old one` };
  }
  const removed = change.options.filter((o) => o.kind === 'remove').map((o) => (o.kind === 'remove' ? o.option.value : ''));
  if (removed.length > 0) {
    const col = ident(fieldColumns(before)[0].column);
    const rows = await count(db, before.type === 'MULTI_SELECT'
      ? sql`SELECT count(*) AS n FROM ${table(current, object)} WHERE ${col}::text[] && ${removed}::text[]`
      : sql`SELECT count(*) AS n FROM ${table(current, object)} WHERE ${col}::text = ANY(${removed}::text[])`);
    if (rows > 0) return { safety: 'destructive', rows, reason: `${rows} row(s) use a removed option (${removed.join(', ')}) and would lose it` };
  }
  const texts = textColumnsToMigrate(before, after);
  if (texts.length > 0) {
    // Counted by their current names: a rename in this same change happens first in the DDL.
    const columns = fieldColumns(before).filter((c) => texts.some((t) => t.subField?.name === c.subField?.name));
    const rows = await count(db, sql`SELECT count(*) AS n FROM ${table(current, object)} WHERE ${join(columns.map((c) => sql`${ident(c.column)} IS NULL`), sql` OR `)}`);
    return { safety: 'safe', rows, reason: `${rows} row(s) hold null text that becomes '' (no value is lost)` };
  }
  if (before.isNullable && !after.isNullable && after.type !== 'RELATION') {
    const rows = await count(db, sql`SELECT count(*) AS n FROM ${table(current, object)} WHERE ${ident(fieldColumns(before)[0].column)} IS NULL`);
    if (rows > 0) return { safety: 'data-dependent', rows, reason: `${rows} row(s) are null; setting NOT NULL would fail` };
  }
  if (!before.isUnique && after.isUnique) return duplicates(db, current, object, [before.name], true);
  return { safety: 'safe', rows: null };
}

function renameHints(changes: Change[]): string[] {
  const hints: string[] = [];
  for (const drop of changes) {
    if (drop.kind !== 'deleteField') continue;
    const add = changes.find((c) => c.kind === 'createField' && c.object.id === drop.object.id && c.field.type === drop.field.type);
    if (add && add.kind === 'createField') {
      hints.push(`possible rename: "${drop.object.nameSingular}.${drop.field.name}" is dropped and "${add.field.name}" (same type ${add.field.type}) is added; write \`renamedFrom: ${drop.field.name}\` on "${add.field.name}" to keep the data`);
    }
  }
  return hints;
}

export async function buildPlan(db: DbClient, current: WorkspaceModel, desired: WorkspaceModel, changes: Change[]): Promise<Plan> {
  const steps: PlanStep[] = [];
  for (const change of changes) {
    let ddl: Sql[];
    let refusal: string | undefined;
    try {
      ddl = changeStatements(desired, change);
    } catch (error) {
      ddl = [];
      refusal = error instanceof Error ? error.message : String(error);
    }
    const assessed = await assess(db, current, change);
    steps.push({ change, summary: describeChange(change), ddl, metadata: metadataStatements(desired, change), ...assessed, ...(refusal && assessed.safety !== 'refused' ? { safety: 'refused', reason: refusal } : {}) });
  }
  return { workspaceId: current.workspaceId, fingerprint: modelFingerprint(current), steps, warnings: renameHints(changes), desired };
}

/** What a change is about: an object's name, or `role:<label>`. */
function changeSubject(change: Change): string {
  if (change.kind === 'createRole' || change.kind === 'deleteRole') return `role:${change.role.label}`;
  if (change.kind === 'updateRole') return `role:${change.after.label}`;
  return 'object' in change ? change.object.nameSingular : change.after.nameSingular;
}

/** Plain-data view of a plan for --json and plan files. */
export function planToJson(plan: Plan) {
  return {
    workspaceId: plan.workspaceId,
    fingerprint: plan.fingerprint,
    warnings: plan.warnings,
    changes: plan.steps.map((s) => ({
      kind: s.change.kind,
      object: changeSubject(s.change),
      summary: s.summary,
      safety: s.safety,
      rows: s.rows,
      ...(s.reason ? { reason: s.reason } : {}),
      sql: s.ddl.map((d) => compile(d).text),
    })),
  };
}
