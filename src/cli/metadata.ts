// `twenty metadata validate|plan|apply|export|drift`: the data model as YAML in git.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export interface PlanFlags {
  workspace?: string;
  allWorkspaces?: boolean;
  prune?: boolean;
  sql?: boolean;
  format?: string;
  out?: string;
  detailedExitcode?: boolean;
}

export interface ApplyFlags extends PlanFlags {
  dryRun?: boolean;
  allowDestructive?: boolean;
}

const workspaceOption = ['-w, --workspace <idOrName>', 'workspace (id or name)'] as const;

export function registerMetadata(program: Command): void {
  const md = program.command('metadata').description('The data model as YAML files: validate, plan, apply, export, drift')
    .addHelpText('after', '\nExamples:\n  $ twenty metadata validate ./model\n  $ twenty metadata plan ./model -w Acme --sql\n  $ twenty metadata apply ./model -w Acme');
  md.command('validate <paths...>')
    .description('Check model files; every problem with file:line:column, the rule and a suggestion')
    .option(...workspaceOption)
    .addHelpText('after', '\nExamples:\n  $ twenty metadata validate ./model\n  $ twenty metadata validate deal.yaml pet.yaml --json')
    .action(async (paths: string[], flags: PlanFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('metadata validate', options, async () => (await import('./metadata-run.ts')).validateCommand(options, paths, flags));
    });
  md.command('plan <paths...>')
    .description('Show the ordered changes applying the files would make, each marked safe, data-dependent or destructive')
    .option(...workspaceOption)
    .option('--all-workspaces', 'plan for every workspace')
    .option('--prune', 'also remove custom objects and fields the files do not mention')
    .option('--sql', 'show the exact DDL of each change')
    .option('--format <format>', 'text, json or markdown (for PR comments)', 'text')
    .option('--out <file>', 'save the plan (with a fingerprint of the workspace) for `metadata apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when changes are pending, 1 on error')
    .addHelpText('after', '\nExamples:\n  $ twenty metadata plan ./model -w Acme --sql\n  $ twenty metadata plan ./model -w Acme --format markdown > plan.md\n  $ twenty metadata plan ./model -w Acme --out plan.json && twenty metadata apply plan.json -w Acme')
    .action(async (paths: string[], flags: PlanFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('metadata plan', options, async () => (await import('./metadata-run.ts')).planCommand(options, paths, flags));
    });
  md.command('apply <paths...>')
    .description('Apply model files (or a saved plan.json) in one transaction per workspace')
    .option(...workspaceOption)
    .option('--all-workspaces', 'apply to every workspace (one transaction each; exit 5 when some fail)')
    .option('--prune', 'also remove custom objects and fields the files do not mention')
    .option('--dry-run', 'plan only; change nothing')
    .option('--allow-destructive', 'allow changes that lose data (dropped fields, removed options in use)')
    .option('--detailed-exitcode', 'with --dry-run: exit 2 when changes are pending')
    .addHelpText('after', '\nExamples:\n  $ twenty metadata apply ./model -w Acme\n  $ twenty metadata apply ./model --all-workspaces --allow-destructive --json\n  $ twenty metadata apply plan.json -w Acme')
    .action(async (paths: string[], flags: ApplyFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('metadata apply', options, async () => (await import('./metadata-run.ts')).applyCommand(options, paths, flags));
    });
  md.command('export')
    .description('Write the workspace model as canonical YAML (export → apply is "no changes")')
    .requiredOption(...workspaceOption)
    .option('-o, --out <dir>', 'write <dir>/model.yaml instead of printing')
    .option('--check', 'exit 2 when <dir>/model.yaml differs from the workspace (a CI guard)')
    .option('--include-standard', 'also write the standard objects in full')
    .addHelpText('after', '\nExamples:\n  $ twenty metadata export -w Acme -o ./model\n  $ twenty metadata export -w Acme -o ./model --check')
    .action(async (flags: { workspace: string; out?: string; check?: boolean; includeStandard?: boolean }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('metadata export', options, async () => (await import('./metadata-run.ts')).exportCommand(options, flags));
    });
  md.command('drift')
    .description('Compare the metadata with the database catalog; list each difference')
    .option(...workspaceOption)
    .option('--all-workspaces', 'check every workspace')
    .option('--detailed-exitcode', 'exit 2 (not 1) when drift is found')
    .addHelpText('after', '\nExample:\n  $ twenty metadata drift -w Acme')
    .action(async (flags: PlanFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('metadata drift', options, async () => (await import('./metadata-run.ts')).driftCommand(options, flags));
    });
}
