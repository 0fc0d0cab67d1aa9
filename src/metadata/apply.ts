// Apply executes a plan: in ONE transaction under a per-workspace advisory lock, the model is
// read once, the plan's fingerprint is checked against it (a plan made against other metadata
// is refused, like a stale terraform plan), and the plan's statements run in order. A failure at
// any statement leaves neither metadata rows nor DDL behind.
import type pg from 'pg';
import { AppError } from '../core/errors.ts';
import { compile, sql, type Sql } from '../core/sql.ts';
import { query, transaction, type Db } from '../core/db.ts';
import type { ModelSpec } from './spec.ts';
import type { WorkspaceModel } from './model.ts';
import type { ResolveOptions } from './resolve.ts';
import { modelFingerprint, type Plan } from './plan.ts';
import { planModel } from './plan-model.ts';
import { bumpMetadataVersion, loadWorkspaceModel } from './store.ts';

export interface LockOptions {
  lockTimeoutMs?: number;
  /** Attempts after the first when the lock or a table lock is busy. */
  retries?: number;
}

export interface ExecuteOptions {
  allowDestructive?: boolean;
  onStep?: (index: number, total: number, summary: string) => void;
}

export interface ApplyOptions extends ResolveOptions, LockOptions, ExecuteOptions {
  dryRun?: boolean;
}

export interface ApplyResult {
  plan: Plan;
  applied: boolean;
  version: number;
}

function lockKey(workspaceId: string): Sql {
  return sql`hashtextextended(${`twenty:metadata:${workspaceId}`}, 0)`;
}

/** Takes the workspace's metadata lock inside the open transaction on `client`. */
async function lockWorkspace(client: pg.PoolClient, workspaceId: string, lockTimeoutMs: number): Promise<void> {
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
 * Runs a plan's statements on `client` (inside the caller's transaction and lock) and bumps the
 * metadata version; `current` is the model read under that lock. Returns the new version.
 */
export async function executePlan(client: pg.PoolClient, current: WorkspaceModel, plan: Plan, options: ExecuteOptions = {}): Promise<number> {
  if (plan.workspaceId !== current.workspaceId || plan.fingerprint !== modelFingerprint(current)) {
    throw new AppError('STALE_PLAN', 'The workspace metadata changed since this plan was made.', { hint: 'Run `twenty metadata plan` again and review the new plan.' });
  }
  checkPlan(plan, options);
  for (const [index, step] of plan.steps.entries()) {
    options.onStep?.(index + 1, plan.steps.length, step.summary);
    for (const statement of [...step.ddl, ...step.metadata]) {
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
    }
  }
  return bumpMetadataVersion(client, current.workspaceId);
}

/**
 * One metadata change: a transaction holding the workspace's lock, the model read once under
 * it, then `change`. A busy lock (or a table lock hit mid-plan) is retried with back-off.
 */
export async function withWorkspaceModel<T>(db: Db, workspaceId: string, change: (client: pg.PoolClient, current: WorkspaceModel) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await transaction(db, async (client) => {
        await lockWorkspace(client, workspaceId, options.lockTimeoutMs ?? 5000);
        return change(client, await loadWorkspaceModel(client, workspaceId));
      });
    } catch (error) {
      const retriable = error instanceof AppError && (error.code === 'LOCK_HELD' || (error.code === 'CONFLICT' && error.details?.phase !== undefined));
      if (!retriable || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt + Math.random() * 100));
    }
  }
}

/**
 * Plans and applies `spec` on a connection inside an open transaction. Workspace creation uses
 * it to apply the standard model in the transaction that creates the workspace.
 */
export async function applyInTransaction(client: pg.PoolClient, workspaceId: string, spec: ModelSpec, options: ApplyOptions = {}): Promise<ApplyResult> {
  await lockWorkspace(client, workspaceId, options.lockTimeoutMs ?? 5000);
  return planAndExecute(client, await loadWorkspaceModel(client, workspaceId), spec, options);
}

async function planAndExecute(client: pg.PoolClient, current: WorkspaceModel, spec: ModelSpec, options: ApplyOptions): Promise<ApplyResult> {
  const plan = await planModel(client, current, spec, options);
  if (options.dryRun || plan.steps.length === 0) return { plan, applied: false, version: current.version };
  return { plan, applied: true, version: await executePlan(client, current, plan, options) };
}

/** Plans and applies a model to a workspace in one transaction under its lock. */
export async function applyModel(db: Db, workspaceId: string, spec: ModelSpec, options: ApplyOptions = {}): Promise<ApplyResult> {
  return withWorkspaceModel(db, workspaceId, (client, current) => planAndExecute(client, current, spec, options), options);
}

/** Executes a plan made earlier (and reviewed) after checking it still fits the workspace. */
export async function applyPlan(db: Db, plan: Plan, options: ExecuteOptions & LockOptions = {}): Promise<ApplyResult> {
  if (plan.steps.length === 0) return { plan, applied: false, version: plan.desired.version };
  const version = await withWorkspaceModel(db, plan.workspaceId, (client, current) => executePlan(client, current, plan, options), options);
  return { plan, applied: true, version };
}
