// Bodies of the `twenty metadata` commands (loaded only when one runs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';
import type { Db } from '../core/db.ts';
import { loadModelFiles } from '../metadata/yaml.ts';
import { formatIssue, validateModelSpec, type ValidationContext } from '../metadata/validate.ts';
import type { ModelSpec } from '../metadata/spec.ts';
import type { WorkspaceModel } from '../metadata/model.ts';
import { applyPlan } from '../metadata/apply.ts';
import { planModel } from '../metadata/plan-model.ts';
import { planToJson, type Plan } from '../metadata/plan.ts';
import { loadWorkspaceModel } from '../metadata/store.ts';
import { exportModel } from '../metadata/export.ts';
import { detectDrift } from '../metadata/drift.ts';
import { findWorkspace, listWorkspaces, standardModelSpec, workspaceValidationContext, type WorkspaceSummary } from '../metadata/workspaces.ts';
import { paint, reporter, table, usageError, type CommandResult, type GlobalOptions } from './output.ts';
import { withRuntime } from './runtime.ts';
import { confirmDestructive } from './prompt.ts';
import type { ApplyFlags, PlanFlags } from './metadata.ts';

const PLAN_FILE_VERSION = 1;

interface PlanFile {
  planFileVersion: number;
  workspaceId: string;
  fingerprint: string;
  prune: boolean;
  spec: ModelSpec;
  plan: ReturnType<typeof planToJson>;
}

function readSpec(paths: string[], context: ValidationContext): ModelSpec {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) throw new AppError('NOT_FOUND', `No such file or directory: ${missing.map((p) => `"${p}"`).join(', ')}.`);
  const { spec, issues } = loadModelFiles(paths);
  const all = [...issues, ...validateModelSpec(spec, context)];
  if (all.length > 0) {
    throw new AppError('VALIDATION_FAILED', `${all.length} problem(s) in the model files:\n${all.map((i) => `  ${formatIssue(i)}`).join('\n')}`, { details: { issues: all } });
  }
  return spec;
}

/** What `plan` and `apply` do for one workspace: the files, validated against its model, planned. */
export async function planFiles(db: Db, current: WorkspaceModel, paths: string[], prune?: boolean): Promise<{ spec: ModelSpec; plan: Plan }> {
  const spec = readSpec(paths, workspaceValidationContext(current));
  return { spec, plan: await planModel(db, current, spec, { prune }) };
}

export async function validateCommand(options: GlobalOptions, paths: string[], flags: PlanFlags): Promise<CommandResult> {
  const standard = standardModelSpec().objects.map((o) => o.nameSingular);
  const context: ValidationContext = flags.workspace
    ? await withRuntime(options, {}, async (rt) => workspaceValidationContext(await loadWorkspaceModel(rt.db, (await findWorkspace(rt.db, flags.workspace as string)).id)))
    : { existingObjects: standard, standardObjects: standard };
  const spec = readSpec(paths, context);
  return { data: { valid: true, objects: spec.objects.length, roles: spec.roles.length }, human: `Valid: ${spec.objects.length} object(s), ${spec.roles.length} role(s).` };
}

async function targetWorkspaces(db: Db, flags: PlanFlags): Promise<WorkspaceSummary[]> {
  if (flags.allWorkspaces && flags.workspace) throw usageError('Give either --workspace or --all-workspaces, not both.');
  if (flags.allWorkspaces) return listWorkspaces(db);
  if (!flags.workspace) throw usageError('Which workspace? Pass --workspace <idOrName> or --all-workspaces.');
  return [await findWorkspace(db, flags.workspace)];
}

function planText(ws: WorkspaceSummary, plan: Plan, flags: PlanFlags): string {
  if (plan.steps.length === 0) return `Workspace "${ws.displayName}": no changes.`;
  const mark = { safe: paint(32, 'safe'), 'data-dependent': paint(33, 'data-dependent'), destructive: paint(31, 'DESTRUCTIVE'), refused: paint(31, 'REFUSED') };
  const lines = [`Workspace "${ws.displayName}": ${plan.steps.length} change(s)`];
  plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. [${mark[s.safety]}] ${s.summary}${s.reason ? ` — ${s.reason}` : ''}`);
    if (flags.sql) for (const statement of planToJson({ ...plan, steps: [s] }).changes[0].sql) lines.push(`       ${paint(2, `${statement};`)}`);
  });
  for (const w of plan.warnings) lines.push(`  ${paint(33, 'note:')} ${w}`);
  return lines.join('\n');
}

function planMarkdown(ws: WorkspaceSummary, plan: Plan, flags: PlanFlags): string {
  const json = planToJson(plan);
  const lines = [`### Metadata plan for \`${ws.displayName}\``, '', plan.steps.length ? '| # | safety | change |' : '_No changes._'];
  if (plan.steps.length) lines.push('|---|---|---|', ...json.changes.map((c, i) => `| ${i + 1} | ${c.safety} | ${c.summary.replace(/\|/g, '\\|')}${c.reason ? ` (${c.reason})` : ''} |`));
  for (const w of plan.warnings) lines.push('', `> ${w}`);
  if (flags.sql && plan.steps.length) lines.push('', '```sql', ...json.changes.flatMap((c) => c.sql.map((s) => `${s};`)), '```');
  return lines.join('\n');
}

export async function planCommand(options: GlobalOptions, paths: string[], flags: PlanFlags): Promise<CommandResult> {
  if (!['text', 'json', 'markdown'].includes(flags.format ?? 'text')) throw usageError(`--format must be text, json or markdown, not "${flags.format}".`);
  return withRuntime(options, {}, async (rt) => {
    const workspaces = await targetWorkspaces(rt.db, flags);
    const results: { ws: WorkspaceSummary; plan: Plan; spec: ModelSpec }[] = [];
    for (const ws of workspaces) {
      results.push({ ws, ...(await planFiles(rt.db, await loadWorkspaceModel(rt.db, ws.id), paths, flags.prune)) });
    }
    if (flags.out) {
      if (results.length !== 1) throw usageError('--out saves the plan of one workspace; use --workspace.');
      const [{ ws, plan, spec }] = results;
      const file: PlanFile = { planFileVersion: PLAN_FILE_VERSION, workspaceId: ws.id, fingerprint: plan.fingerprint, prune: Boolean(flags.prune), spec, plan: planToJson(plan) };
      writeFileSync(flags.out, `${JSON.stringify(file, null, 2)}\n`);
    }
    const pending = results.some((r) => r.plan.steps.length > 0);
    const data = { workspaces: results.map((r) => ({ id: r.ws.id, displayName: r.ws.displayName, ...planToJson(r.plan) })), changesPending: pending, ...(flags.out ? { savedTo: flags.out } : {}) };
    const human = flags.format === 'json' ? JSON.stringify(data, null, 2) : results.map((r) => (flags.format === 'markdown' ? planMarkdown : planText)(r.ws, r.plan, flags)).join('\n\n');
    return { data, human, exitCode: flags.detailedExitcode && pending ? 2 : 0 };
  });
}

function readPlanFile(path: string): PlanFile {
  let file: PlanFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  } catch {
    throw new AppError('BAD_USER_INPUT', `"${path}" is not a plan file (invalid JSON).`);
  }
  if (file?.planFileVersion !== PLAN_FILE_VERSION || !file.spec || !file.fingerprint) throw new AppError('BAD_USER_INPUT', `"${path}" is not a plan file made by \`twenty metadata plan --out\`.`);
  return file;
}

export async function applyCommand(options: GlobalOptions, paths: string[], flags: ApplyFlags): Promise<CommandResult> {
  const log = reporter(options);
  const planFile = paths.length === 1 && paths[0].endsWith('.json') ? readPlanFile(paths[0]) : undefined;
  return withRuntime(options, {}, async (rt) => {
    const workspaces = planFile ? [await findWorkspace(rt.db, planFile.workspaceId)] : await targetWorkspaces(rt.db, flags);
    if (planFile && flags.workspace && (await findWorkspace(rt.db, flags.workspace)).id !== planFile.workspaceId) {
      throw usageError(`The plan file was made for workspace ${planFile.workspaceId}, not "${flags.workspace}".`);
    }
    const outcomes: { ws: WorkspaceSummary; ok: boolean; applied?: boolean; changes?: number; version?: number; error?: AppError }[] = [];
    for (const ws of workspaces) {
      try {
        const current = await loadWorkspaceModel(rt.db, ws.id);
        const { plan } = planFile ? { plan: await planModel(rt.db, current, planFile.spec, { prune: planFile.prune }) } : await planFiles(rt.db, current, paths, flags.prune);
        if (planFile && (plan.fingerprint !== planFile.fingerprint)) {
          throw new AppError('STALE_PLAN', 'The workspace metadata changed since this plan was made.', { hint: 'Run `twenty metadata plan --out` again and review the new plan.' });
        }
        if (flags.dryRun || plan.steps.length === 0) {
          outcomes.push({ ws, ok: true, applied: false, changes: plan.steps.length });
          if (!options.json) process.stdout.write(`${planText(ws, plan, flags)}\n`);
          continue;
        }
        if (plan.steps.some((s) => s.safety === 'destructive') && !flags.allowDestructive) {
          await confirmDestructive({ ...options, yes: false }, `${planText(ws, plan, flags)}\nApply these changes, losing data?`, '--allow-destructive');
        }
        // The plan shown (and confirmed) is the plan executed; apply refuses it if the metadata
        // moved meanwhile.
        const result = await applyPlan(rt.db, plan, {
          allowDestructive: flags.allowDestructive || plan.steps.some((s) => s.safety === 'destructive'),
          onStep: (i, n, summary) => log.progress(`[${ws.displayName}] ${i}/${n} ${summary}`),
        });
        outcomes.push({ ws, ok: true, applied: result.applied, changes: result.plan.steps.length, version: result.version });
      } catch (error) {
        if (workspaces.length === 1) throw error;
        outcomes.push({ ws, ok: false, error: error instanceof AppError ? error : new AppError('INTERNAL_SERVER_ERROR', 'Apply failed.') });
      }
    }
    const failed = outcomes.filter((o) => !o.ok);
    const pending = outcomes.some((o) => !o.applied && (o.changes ?? 0) > 0);
    const data = { workspaces: outcomes.map((o) => ({ id: o.ws.id, displayName: o.ws.displayName, ok: o.ok, applied: o.applied ?? false, changes: o.changes ?? 0, version: o.version, ...(o.error ? { error: { code: o.error.code, message: o.error.message } } : {}) })) };
    const human = table(['workspace', 'result', 'changes'], outcomes.map((o) => [o.ws.displayName, o.ok ? (o.applied ? `applied (v${o.version})` : flags.dryRun ? 'dry run' : 'no changes') : `FAILED: ${o.error?.message}`, o.changes ?? '']));
    const exitCode = failed.length ? 5 : flags.dryRun && flags.detailedExitcode && pending ? 2 : 0;
    return { data, human, ok: failed.length === 0, exitCode };
  });
}

export async function exportCommand(options: GlobalOptions, flags: { workspace: string; out?: string; check?: boolean; includeStandard?: boolean }): Promise<CommandResult> {
  if (flags.check && !flags.out) throw usageError('--check compares with <dir>/model.yaml; give --out <dir>.');
  return withRuntime(options, {}, async (rt) => {
    const ws = await findWorkspace(rt.db, flags.workspace);
    const text = exportModel(await loadWorkspaceModel(rt.db, ws.id), { includeStandard: flags.includeStandard });
    if (!flags.out) return { data: { workspaceId: ws.id, yaml: text }, human: text };
    const file = join(flags.out, 'model.yaml');
    if (flags.check) {
      const same = existsSync(file) && readFileSync(file, 'utf8') === text;
      return { data: { workspaceId: ws.id, file, upToDate: same }, human: same ? `${file} matches workspace "${ws.displayName}".` : `${file} differs from workspace "${ws.displayName}"; run \`twenty metadata export -w ${ws.displayName} -o ${flags.out}\`.`, exitCode: same ? 0 : 2, ok: same };
    }
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(file, text);
    return { data: { workspaceId: ws.id, file }, human: `Wrote ${file}.` };
  });
}

export async function driftCommand(options: GlobalOptions, flags: PlanFlags): Promise<CommandResult> {
  return withRuntime(options, {}, async (rt) => {
    const workspaces = await targetWorkspaces(rt.db, flags);
    const results = [];
    for (const ws of workspaces) results.push({ ws, drift: await detectDrift(rt.db, await loadWorkspaceModel(rt.db, ws.id)) });
    const total = results.reduce((n, r) => n + r.drift.length, 0);
    const human = results.map((r) => (r.drift.length ? `Workspace "${r.ws.displayName}": ${r.drift.length} difference(s)\n${r.drift.map((d) => `  - ${d.message}\n    fix: ${d.hint}`).join('\n')}` : `Workspace "${r.ws.displayName}": no drift.`)).join('\n');
    return { data: { workspaces: results.map((r) => ({ id: r.ws.id, displayName: r.ws.displayName, drift: r.drift })) }, human, ok: total === 0, exitCode: total ? (flags.detailedExitcode ? 2 : 1) : 0 };
  });
}
