// `twenty restore`: an archive made by `twenty backup`, into the configured database or into
// another one. Nothing is overwritten: an instance restores only into an empty database, a
// workspace only where it does not exist yet.
import type { Command } from 'commander';
import { reporter, run, type GlobalOptions } from './output.ts';

export function registerRestore(program: Command): void {
  program.command('restore <file>')
    .description('Restore a backup made by `twenty backup`')
    .option('--into-database <url>', 'restore into this database instead of the configured one (it must exist)')
    .addHelpText('after', `
Examples:
  $ twenty restore acme.dump                          a workspace, into this instance
  $ createdb twenty_copy && twenty restore instance.dump --into-database postgres://postgres@127.0.0.1/twenty_copy`)
    .action(async (file: string, flags: { intoDatabase?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('restore', options, async () => {
        const { resolve } = await import('node:path');
        const { configFor, ensureManagedServices } = await import('./runtime.ts');
        const { redactUrl, requireValue } = await import('../core/config.ts');
        const { restore } = await import('../core/backup.ts');
        let url = flags.intoDatabase;
        if (!url) {
          const config = configFor(options);
          url = requireValue(config, 'PG_DATABASE_URL');
          await ensureManagedServices(config, { postgres: true });
        }
        reporter(options).progress(`Restoring ${file} into ${redactUrl(url)}`);
        const result = await restore(url, resolve(file));
        const what = result.kind === 'workspace' ? `workspace ${result.workspaceId} (schema ${result.schemaName}, ${result.coreRows} core rows)` : 'the whole instance';
        return { data: { ...result, database: redactUrl(url) }, human: `Restored ${what} into ${redactUrl(url)}.` };
      });
    });
}
