// `twenty restore`: an archive made by `twenty backup`, into the configured database or into
// another one. Nothing is overwritten: an instance restores only into an empty database, a
// workspace only where it does not exist yet. Files archived beside the dump go into this
// instance's storage; files already there are kept.
import type { Command } from 'commander';
import { reporter, run, type GlobalOptions } from './output.ts';
import type { RestoreResult } from '../core/backup.ts';

/** The files archive beside the dump, if any, into the configured storage (never overwriting). */
async function restoreFilesBeside(options: GlobalOptions, dumpFile: string, result: RestoreResult) {
  const { existsSync } = await import('node:fs');
  const { filesArchivePath, restoreFiles } = await import('../core/storage/files-archive.ts');
  const archive = filesArchivePath(dumpFile);
  if (!existsSync(archive)) return undefined;
  const { configFor } = await import('./runtime.ts');
  const { openStorage } = await import('../core/storage/open-storage.ts');
  const { workspacePrefix } = await import('../core/storage/storage-key.ts');
  reporter(options).progress(`Restoring files from ${archive}`);
  return restoreFiles(openStorage(configFor(options)), archive, result.workspaceId ? workspacePrefix(result.workspaceId) : 'workspace-');
}

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
        const files = await restoreFilesBeside(options, resolve(file), result);
        const what = result.kind === 'workspace' ? `workspace ${result.workspaceId} (schema ${result.schemaName}, ${result.coreRows} core rows)` : 'the whole instance';
        const filesNote = files ? ` Files: ${files.files} restored, ${files.skipped} already there.` : '';
        return { data: { ...result, files, database: redactUrl(url) }, human: `Restored ${what} into ${redactUrl(url)}.${filesNote}` };
      });
    });
}
