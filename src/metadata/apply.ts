// Apply = plan and execute in ONE transaction under a per-workspace advisory lock: the
// model is read inside the lock, so concurrent applies queue instead of interleaving, and a
// failure at any statement leaves neither metadata rows nor DDL behind.
import type pg from 'pg';
import { AppError } from '../core/errors.ts';
import { compile, sql, type Sql } from '../core/sql.ts';
import { connect, query, rows, type Db } from '../core/db.ts';
import type { ModelSpec } from './spec.ts';
import type { WorkspaceModel } from './model.ts';
import { resolveDesiredModel, type ResolveOptions } from './resolve.ts';
import { diffModels } from './diff.ts';
import { diffRoles, loadRoles } from './roles.ts';
import { buildPlan, modelFingerprint, type Plan } from './plan.ts';
import { bumpMetadataVersion, loadWorkspaceModel } from './store.ts';

export interface ApplyOptions extends ResolveOptions {
  dryRun?: boolean;
  allowDestructive?: boolean;
  /** Refuse unless the workspace still has this fingerprint (saved plans). */
  expectFingerprint?: string;
  /** Tests: throw after this many statements have run, to prove nothing is left behind. */
  failAfterStatements?: number;
  lockTimeoutMs?: number;
  retries?: number;
  onStep?: (index: number, total: number, summary: string) => void;
}

export interface ApplyResult {
  plan: Plan;
  applied: boolean;
  version: number;
}

function lockKey(workspaceId: string): Sql {
  return sql`hashtextextended(${`twenty:metadata:${workspaceId}`}, 0)`;
}

/** Ids written in the files that rows of other workspaces already hold (ids are global keys). */
async function idsUsedElsewhere(client: pg.PoolClient, workspaceId: string, spec: ModelSpec): Promise<Set<string>> {
  const ids = spec.objects.flatMap((o) => [o.id, ...o.fields.map((f) => f.id)]).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return new Set();
  const found = await rows<{ id: string }>(
    client,
    sql`SELECT "id"::text FROM core."objectMetadata" WHERE "id"::text = ANY(${ids}) AND "workspaceId" <> ${workspaceId}
        UNION SELECT "id"::text FROM core."fieldMetadata" WHERE "id"::text = ANY(${ids}) AND "workspaceId" <> ${workspaceId}`,
  );
  return new Set(found.map((r) => r.id));
}

/** Refusals that depend only on the plan, before anything runs. */
export function checkPlan(plan: Plan, options: Pick<ApplyOptions, 'allowDestructive'>): void {
  const refused = plan.steps.filter((s) => s.safety === 'refused');
  if (refused.length > 0) {
    throw new AppError('BAD_USER_INPUT', `The plan has ${refused.length} change(s) that cannot be applied: ${refused.map((s) => `${s.summary} (${s.reason})`).join('; ')}.`, {
      details: { refused: refused.map((s) => s.summary) },
    });
  }
  const destructive = plan.steps.filter((s) => s.safety === 'destructive');
  if (destructive.length > 0 && !options.allowDestructive) {
    throw new AppError('DESTRUCTIVE_CHANGE', `The plan would lose data: ${destructive.map((s) => `${s.summary} (${s.reason})`).join('; ')}.`, {
      hint: 'Review the plan, then run again with --allow-destructive.',
      details: { destructive: destructive.map((s) => ({ summary: s.summary, rows: s.rows })) },
    });
  }
}

/**
 * Runs resolve → diff → plan → execute on one connection inside an open transaction.
 * Exposed for workspace creation, which applies the standard model in its own transaction.
 */
export async function applyInTransaction(client: pg.PoolClient, workspaceId: string, spec: ModelSpec, options: ApplyOptions = {}): Promise<ApplyResult> {
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  await query(client, sql`SELECT set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`);
  try {
    await query(client, sql`SELECT pg_advisory_xact_lock(${lockKey(workspaceId)})`);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'LOCK_HELD')) throw error;
    throw new AppError('LOCK_HELD', `Another metadata change to workspace "${workspaceId}" is running and did not finish within ${lockTimeoutMs} ms.`, {
      hint: 'Wait for it to finish, then run the command again.',
      cause: error,
    });
  }
  const current = await loadWorkspaceModel(client, workspaceId);
  return applyAgainst(client, current, spec, options);
}

async function applyAgainst(client: pg.PoolClient, current: WorkspaceModel, spec: ModelSpec, options: ApplyOptions): Promise<ApplyResult> {
  if (options.expectFingerprint) {
    if (modelFingerprint(current) !== options.expectFingerprint) {
      throw new AppError('STALE_PLAN', 'The workspace metadata changed since this plan was made.', { hint: 'Run `twenty metadata plan` again and review the new plan.' });
    }
  }
  const { model: desired, issues } = resolveDesiredModel(current, spec, { ...options, takenIds: await idsUsedElsewhere(client, current.workspaceId, spec) });
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The model does not fit the workspace: ${issues.map((i) => i.message).join(' ')}`, { details: { issues } });
  }
  const roles = diffRoles(await loadRoles(client, current.workspaceId), spec, desired);
  if (roles.issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The roles do not fit the workspace: ${roles.issues.map((i) => i.message).join(' ')}`, { details: { issues: roles.issues } });
  }
  // Roles last: their grants name objects and fields this plan may create.
  const plan = await buildPlan(client, current, desired, [...diffModels(current, desired), ...roles.changes]);
  if (options.dryRun || plan.steps.length === 0) return { plan, applied: false, version: current.version };
  checkPlan(plan, options);

  let executed = 0;
  for (const [index, step] of plan.steps.entries()) {
    options.onStep?.(index + 1, plan.steps.length, step.summary);
    for (const statement of [...step.ddl, ...step.metadata]) {
      if (options.failAfterStatements !== undefined && executed >= options.failAfterStatements) {
        throw new AppError('INTERNAL_SERVER_ERROR', `Injected failure after ${executed} statement(s).`);
      }
      try {
        await query(client, statement);
      } catch (error) {
        const e = error instanceof AppError ? error : new AppError('INTERNAL_SERVER_ERROR', 'A statement failed.', { cause: error });
        throw new AppError(e.code, `Applying step ${index + 1} of ${plan.steps.length} (${step.summary}) failed: ${e.message} Nothing was changed.`, {
          hint: e.hint,
          cause: error,
          details: { phase: 'execute', step: index + 1, of: plan.steps.length, change: step.summary, outcome: 'not-applied', statement: compile(statement).text },
        });
      }
      executed += 1;
    }
  }
  const version = await bumpMetadataVersion(client, current.workspaceId);
  return { plan, applied: true, version };
}

/** Applies a model to a workspace in one transaction, retrying when a table lock is busy. */
export async function applyModel(db: Db, workspaceId: string, spec: ModelSpec, options: ApplyOptions = {}): Promise<ApplyResult> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const client = await connect(db);
    try {
      await client.query('BEGIN');
      const result = await applyInTransaction(client, workspaceId, spec, options);
      if (result.applied) await client.query('COMMIT');
      else await client.query('ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const retriable = error instanceof AppError && (error.code === 'LOCK_HELD' || (error.code === 'CONFLICT' && error.details?.phase !== undefined));
      if (!retriable || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt + Math.random() * 100));
    } finally {
      client.release();
    }
  }
}
