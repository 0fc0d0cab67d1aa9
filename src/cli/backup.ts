// `twenty backup`: the whole instance, or one workspace with its core rows, as a pg_dump
// custom-format archive (readable by `twenty restore` and by pg_restore), and the files of the
// local storage driver as a tar beside it (`<archive>.files.tar`).
import type { Command } from 'commander';
import { reporter, run, type GlobalOptions } from './output.ts';

function defaultFile(home: string, label: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${home}/backups/twenty-${label}-${stamp}.dump`;
}

export function registerBackup(program: Command): void {
  program.command('backup')
    .description('Back up the instance, or one workspace, to a pg_dump archive (and its local files to <archive>.files.tar)')
    .option('-w, --workspace <idOrName>', 'only this workspace: its schema and its core rows')
    .option('-o, --output <file>', 'archive to write (default: <home>/backups/twenty-<what>-<time>.dump)')
    .addHelpText('after', `
Examples:
  $ twenty backup                                     the whole instance
  $ twenty backup --workspace Acme -o acme.dump       one workspace
  $ twenty restore acme.dump --into-database postgres://postgres@db/twenty_copy`)
    .action(async (flags: { workspace?: string; output?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('backup', options, async () => {
        const { resolve } = await import('node:path');
        const { withRuntime } = await import('./runtime.ts');
        const { requireValue } = await import('../core/config.ts');
        const { backup } = await import('../core/backup.ts');
        const { findWorkspace } = await import('../metadata/workspaces.ts');
        const result = await withRuntime(options, { migrated: Boolean(flags.workspace), applicationName: 'twenty-backup' }, async (rt) => {
          const ws = flags.workspace ? await findWorkspace(rt.db, flags.workspace) : undefined;
          const file = resolve(flags.output ?? defaultFile(rt.config.home, ws ? ws.schemaName : 'instance'));
          reporter(options).progress(`Backing up ${ws ? `workspace "${ws.displayName}"` : 'the whole instance'} to ${file}`);
          const dumped = await backup(rt.db, requireValue(rt.config, 'PG_DATABASE_URL'), file, ws);
          // The local driver's files go beside the dump; an S3 bucket is backed up by its own means.
          if (rt.config.values.STORAGE_TYPE === 's3') return { ...dumped, files: undefined };
          const { openStorage } = await import('../core/storage/open-storage.ts');
          const { archiveFiles, filesArchivePath } = await import('../core/storage/files-archive.ts');
          const { workspacePrefix } = await import('../core/storage/storage-key.ts');
          return { ...dumped, files: await archiveFiles(openStorage(rt.config), ws ? workspacePrefix(ws.id) : 'workspace-', filesArchivePath(file)) };
        });
        const files = result.files ? `; ${result.files.files} files (${(result.files.bytes / 1024).toFixed(0)} KiB) in ${result.files.file}` : '';
        return { data: result, human: `Wrote ${result.file} (${(result.bytes / 1024).toFixed(0)} KiB, ${result.kind})${files}.` };
      });
    });
}
