// The body of `twenty upgrade`: core migrations under their lock, then the shipped standard
// objects applied to each workspace with `standard: true`, one transaction per workspace.
// Applying is idempotent (an up-to-date workspace plans zero steps), which is what makes an
// interrupted upgrade resumable: the next run skips what is done. Then each workspace's
// favorites are copied to Twenty 2.x navigation menu items (once; see favorites-to-navigation.ts).
import { AppError } from '../core/errors.ts';
import { migrate, migrationStatus } from '../core/migrate.ts';
import type { Db } from '../core/db.ts';
import { applyModel } from '../metadata/apply.ts';
import { copyFavoritesToNavigation } from '../metadata/favorites-to-navigation.ts';
import { listWorkspaces, standardModelSpec, type WorkspaceSummary } from '../metadata/workspaces.ts';
import { withRuntime } from './runtime.ts';
import { reporter, table, type CommandResult, type GlobalOptions } from './output.ts';
import type { UpgradeFlags } from './upgrade.ts';

interface WorkspaceOutcome {
  id: string;
  displayName: string;
  state: 'upgraded' | 'up-to-date' | 'pending' | 'failed';
  changes: number;
  /** Favorites copied to navigation menu items by this run. */
  navigationMenuItems: number;
  /** Each change with the rows it touches (e.g. null texts filled with ''), for the record. */
  steps?: { summary: string; safety: string; rows: number | null }[];
  version?: number;
  error?: { code: string; message: string; hint?: string };
}

async function upgradeWorkspace(db: Db, ws: WorkspaceSummary, flags: UpgradeFlags): Promise<WorkspaceOutcome> {
  const base = { id: ws.id, displayName: ws.displayName };
  try {
    const result = await applyModel(db, ws.id, standardModelSpec(), { standard: true, dryRun: flags.dryRun, allowDestructive: flags.allowDestructive });
    const changes = result.plan.steps.length;
    const copied = flags.dryRun ? 0 : await copyFavoritesToNavigation(db, ws.id);
    const state = changes === 0 && copied === 0 ? 'up-to-date' : result.applied || copied > 0 ? 'upgraded' : 'pending';
    const steps = result.plan.steps.map((s) => ({ summary: s.summary, safety: s.safety, rows: s.rows }));
    return { ...base, state, changes, ...(changes > 0 ? { steps } : {}), navigationMenuItems: copied, version: result.version };
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('INTERNAL_SERVER_ERROR', 'The upgrade failed.', { cause: error });
    return { ...base, state: 'failed', changes: 0, navigationMenuItems: 0, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
  }
}

export async function upgrade(options: GlobalOptions, flags: UpgradeFlags): Promise<CommandResult> {
  const log = reporter(options);
  return withRuntime(options, { migrated: false, applicationName: 'twenty-upgrade' }, async (rt) => {
    const migrations = flags.dryRun
      ? (await migrationStatus(rt.db)).filter((m) => m.state === 'pending').map((m) => m.name)
      : await migrate(rt.db, { onWait: () => log.progress('Another migration run holds the lock; waiting…'), onApply: (name) => log.progress(`Applying core migration ${name}`) });
    const outcomes: WorkspaceOutcome[] = [];
    // A dry run cannot plan workspaces against core tables that pending migrations would change.
    const workspaces = flags.dryRun && migrations.length > 0 ? [] : await listWorkspaces(rt.db);
    for (const ws of workspaces) {
      log.progress(`Upgrading workspace "${ws.displayName}"`);
      outcomes.push(await upgradeWorkspace(rt.db, ws, flags));
    }
    const failed = outcomes.filter((o) => o.state === 'failed');
    const changed = outcomes.filter((o) => o.state !== 'up-to-date' && o.state !== 'failed');
    const data = { dryRun: Boolean(flags.dryRun), migrations: { [flags.dryRun ? 'pending' : 'applied']: migrations }, workspaces: outcomes, changed: migrations.length > 0 || changed.length > 0 };
    return { data, human: describe(flags, migrations, outcomes), ok: failed.length === 0, exitCode: failed.length ? 5 : 0 };
  });
}

/** Rows the workspace's changes touch (null texts filled, …), summed over its counted steps. */
function rowsOf(outcome: WorkspaceOutcome): number {
  return (outcome.steps ?? []).reduce((sum, s) => sum + (s.rows ?? 0), 0);
}

function describe(flags: UpgradeFlags, migrations: string[], outcomes: WorkspaceOutcome[]): string {
  const verb = flags.dryRun ? 'to apply' : 'applied';
  const lines = [migrations.length ? `Core migrations ${verb}: ${migrations.join(', ')}` : 'Core schema: up to date'];
  const count = (state: WorkspaceOutcome['state']) => outcomes.filter((o) => o.state === state).length;
  lines.push(`Workspaces: ${outcomes.length} checked, ${count(flags.dryRun ? 'pending' : 'upgraded')} ${flags.dryRun ? 'with changes' : 'upgraded'}, ${count('up-to-date')} up to date, ${count('failed')} failed`);
  if (outcomes.some((o) => o.state !== 'up-to-date')) {
    lines.push(table(['workspace', 'state', 'changes', 'rows', 'detail'], outcomes.map((o) => [o.displayName, o.state, o.changes, rowsOf(o), o.error ? `${o.error.message}${o.error.hint ? ` ${o.error.hint}` : ''}` : ''])));
  }
  if (outcomes.some((o) => o.state === 'failed')) lines.push('Fix the failures and run `twenty upgrade` again; upgraded workspaces are skipped.');
  return lines.join('\n');
}
