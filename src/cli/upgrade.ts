// `twenty upgrade`: after installing a new binary, bring the database up to it.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export interface UpgradeFlags {
  dryRun?: boolean;
  allowDestructive?: boolean;
}

export function registerUpgrade(program: Command): void {
  program.command('upgrade')
    .description('Apply core migrations, then the standard objects of this version to every workspace')
    .option('--dry-run', 'show what would change; change nothing')
    .option('--allow-destructive', 'apply standard-object changes that can lose data')
    .addHelpText('after', `
Each workspace is upgraded in its own transaction, so a failure leaves that workspace as it was
and the others upgraded; run the command again to resume. A second run changes nothing.
Workspaces made by an older version are brought to the current rules too (e.g. text is never
null: null texts become ''); the output lists each change with the rows it touches.

Examples:
  $ twenty upgrade --dry-run
  $ twenty upgrade --json`)
    .action(async (flags: UpgradeFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('upgrade', options, async () => {
        const { upgrade } = await import('./upgrade-run.ts');
        return upgrade(options, flags);
      });
    });
}
