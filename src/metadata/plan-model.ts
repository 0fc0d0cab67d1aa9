// Planning a model change: resolve(current, spec) → diff → measure → plan, against a model
// the caller read once. Reads only facts (ids other workspaces hold, roles, row counts); writes
// nothing, so the CLI plans outside any lock and the metadata API plans inside its own.
import type pg from 'pg';
import { AppError } from '../core/errors.ts';
import { rows, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import type { ModelSpec } from './spec.ts';
import type { WorkspaceModel } from './model.ts';
import { resolveDesiredModel, type ResolveOptions } from './resolve.ts';
import { diffModels } from './diff.ts';
import { diffRoles, loadRoles } from './roles.ts';
import { buildPlan, type Plan } from './plan.ts';

/** Ids written in the files that rows of other workspaces already hold (ids are global keys). */
async function idsUsedElsewhere(db: DbClient, workspaceId: string, spec: ModelSpec): Promise<Set<string>> {
  const ids = spec.objects.flatMap((o) => [o.id, ...o.fields.map((f) => f.id)]).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return new Set();
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT "id"::text FROM core."objectMetadata" WHERE "id"::text = ANY(${ids}) AND "workspaceId" <> ${workspaceId}
        UNION SELECT "id"::text FROM core."fieldMetadata" WHERE "id"::text = ANY(${ids}) AND "workspaceId" <> ${workspaceId}`,
  );
  return new Set(found.map((r) => r.id));
}

/** The plan that takes `current` to what `spec` describes; VALIDATION_FAILED when it cannot fit. */
export async function planModel(db: DbClient | pg.PoolClient, current: WorkspaceModel, spec: ModelSpec, options: ResolveOptions = {}): Promise<Plan> {
  const takenIds = await idsUsedElsewhere(db, current.workspaceId, spec);
  const { model: desired, issues } = resolveDesiredModel(current, spec, { ...options, takenIds });
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The model does not fit the workspace: ${issues.map((i) => i.message).join(' ')}`, { details: { issues } });
  }
  const roles = diffRoles(await loadRoles(db, current.workspaceId), spec, desired);
  if (roles.issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The roles do not fit the workspace: ${roles.issues.map((i) => i.message).join(' ')}`, { details: { issues: roles.issues } });
  }
  // Roles last: their grants name objects and fields this plan may create.
  return buildPlan(db, current, desired, [...diffModels(current, desired), ...roles.changes]);
}
