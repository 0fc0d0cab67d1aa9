// `twenty files ls|get|put|rm -w WS`: the files of one workspace in storage, for operators.
// Keys are given relative to the workspace (`attachment/<id>/report.pdf`); a key of another
// workspace, or one that leaves it, is refused like it is over HTTP.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

interface WorkspaceOpts {
  workspace: string;
}

/** Runs `body` with the workspace's id and the configured storage driver. */
async function withStorage<T>(options: GlobalOptions, workspace: string, body: (workspaceId: string, storage: import('../core/storage/storage-driver.ts').StorageDriver, db: import('../core/db.ts').Db) => Promise<T>): Promise<T> {
  const { withRuntime } = await import('./runtime.ts');
  const { findWorkspace } = await import('../metadata/workspaces.ts');
  const { openStorage } = await import('../core/storage/open-storage.ts');
  return withRuntime(options, {}, async (rt) => body((await findWorkspace(rt.db, workspace)).id, openStorage(rt.config), rt.db));
}

async function fullKey(workspaceId: string, relative: string): Promise<string> {
  const { workspacePrefix, parseStorageKey } = await import('../core/storage/storage-key.ts');
  const key = relative.startsWith('workspace-') ? relative : workspacePrefix(workspaceId) + relative;
  parseStorageKey(key, workspaceId);
  return key;
}

export function registerFiles(program: Command): void {
  const files = program.command('files').description('Files a workspace keeps in storage (local disk or S3)')
    .addHelpText('after', '\nExamples:\n  $ twenty files ls -w Acme\n  $ twenty files put ./logo.png -w Acme --folder workspace-logo\n  $ twenty files get attachment/<id>/report.pdf -w Acme -o report.pdf\n  $ twenty files rm attachment/<id>/report.pdf -w Acme --yes');
  files.command('ls [prefix]')
    .description('List the workspace\'s files (optionally under a folder), with sizes')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .addHelpText('after', '\nExample:\n  $ twenty files ls attachment/ -w Acme --json')
    .action(async (prefix: string | undefined, opts: WorkspaceOpts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('files ls', options, async () => {
        const { workspacePrefix } = await import('../core/storage/storage-key.ts');
        const listed = await withStorage(options, opts.workspace, async (workspaceId, storage) => {
          const base = workspacePrefix(workspaceId);
          const out = [];
          for await (const item of storage.list(base + (prefix ?? ''))) out.push({ key: item.key.slice(base.length), size: item.size, lastModified: item.lastModified.toISOString() });
          return out;
        });
        const bytes = listed.reduce((sum, f) => sum + f.size, 0);
        return { data: { files: listed, count: listed.length, bytes }, human: `${table(['key', 'size', 'modified'], listed.map((f) => [f.key, f.size, f.lastModified]))}\n${listed.length} files, ${bytes} bytes` };
      });
    });
  files.command('get <key>')
    .description('Copy a file out of storage (`-o -` writes it to stdout)')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .requiredOption('-o, --out <file>', 'where to write it (`-` for stdout)')
    .addHelpText('after', '\nExample:\n  $ twenty files get attachment/<id>/report.pdf -w Acme -o report.pdf')
    .action(async (key: string, opts: WorkspaceOpts & { out: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('files get', options, async () => {
        const { pipeline } = await import('node:stream/promises');
        const { createWriteStream } = await import('node:fs');
        const size = await withStorage(options, opts.workspace, async (workspaceId, storage) => {
          const full = await fullKey(workspaceId, key);
          const head = await storage.head(full);
          const { AppError } = await import('../core/errors.ts');
          if (!head) throw new AppError('NOT_FOUND', `File "${key}" does not exist in this workspace.`, { hint: 'List the files with `twenty files ls -w <workspace>`.' });
          await pipeline(await storage.get(full), opts.out === '-' ? process.stdout : createWriteStream(opts.out), { end: opts.out !== '-' });
          return head.size;
        });
        return { data: { key, size, out: opts.out }, human: opts.out === '-' ? '' : `Wrote ${size} bytes to ${opts.out}.` };
      });
    });
  files.command('put <file>')
    .description('Store a local file in the workspace; prints its key')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .option('--folder <name>', 'the folder (e.g. attachment, workspace-logo)', 'attachment')
    .option('--name <name>', 'the file name in storage (default: the local file\'s)')
    .addHelpText('after', '\nExample:\n  $ twenty files put ./report.pdf -w Acme --folder attachment')
    .action(async (file: string, opts: WorkspaceOpts & { folder: string; name?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('files put', options, async () => {
        const { createReadStream } = await import('node:fs');
        const { stat } = await import('node:fs/promises');
        const { basename } = await import('node:path');
        const { randomUUID } = await import('node:crypto');
        const { storageKey, workspacePrefix } = await import('../core/storage/storage-key.ts');
        const { size } = await stat(file);
        const stored = await withStorage(options, opts.workspace, async (workspaceId, storage, db) => {
          const id = randomUUID();
          const filename = opts.name ?? basename(file);
          const key = storageKey(workspaceId, opts.folder, id, filename);
          const path = key.slice(workspacePrefix(workspaceId).length);
          await storage.put(key, createReadStream(file), { size });
          // Recorded as a completed file, so the clean-up job sees it is owned.
          const { insertPendingFile, completeFileRecord } = await import('../core/storage/file-records.ts');
          await insertPendingFile(db, { id, workspaceId, path, folder: opts.folder, filename, size, contentType: 'application/octet-stream', fieldMetadataId: null, expiresAt: new Date() });
          await completeFileRecord(db, workspaceId, id, 'application/octet-stream');
          return path;
        });
        return { data: { key: stored, size }, human: `Stored ${size} bytes as ${stored}.` };
      });
    });
  files.command('rm <key>')
    .description('Delete a file from storage')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .option('-y, --yes', 'confirm without a prompt')
    .addHelpText('after', '\nExample:\n  $ twenty files rm attachment/<id>/report.pdf -w Acme --yes')
    .action(async (key: string, opts: WorkspaceOpts & { yes?: boolean }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('files rm', options, async () => {
        const { confirmDestructive } = await import('./prompt.ts');
        const { AppError } = await import('../core/errors.ts');
        await withStorage(options, opts.workspace, async (workspaceId, storage, db) => {
          const full = await fullKey(workspaceId, key);
          if (!(await storage.head(full))) throw new AppError('NOT_FOUND', `File "${key}" does not exist in this workspace.`);
          await confirmDestructive({ ...options, yes: opts.yes }, `Delete file "${key}"?`);
          await storage.delete(full);
          const { deleteFileRecordByPath } = await import('../core/storage/file-records.ts');
          await deleteFileRecordByPath(db, workspaceId, full.slice(full.indexOf('/') + 1));
        });
        return { data: { key, deleted: true }, human: `Deleted ${key}.` };
      });
    });
}
