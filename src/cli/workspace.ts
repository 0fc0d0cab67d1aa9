// `twenty workspace create|list|delete`.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';
import { addSeedCommand } from './seed.ts';

export function registerWorkspace(program: Command): void {
  const ws = program.command('workspace').description('Workspaces: one Postgres schema each, with the standard CRM objects')
    .addHelpText('after', '\nExamples:\n  $ twenty workspace create Acme\n  $ twenty workspace seed -w Acme --demo\n  $ twenty workspace list --json');
  addSeedCommand(ws);
  ws.command('create <displayName>')
    .description('Create a workspace with the standard objects')
    .option('--id <uuid>', 'use this workspace id instead of a random one')
    .addHelpText('after', '\nExamples:\n  $ twenty workspace create "Acme"\n  $ twenty workspace create Acme --id 20202020-1c25-4d02-bf25-6aeccf7ea419 --json')
    .action(async (displayName: string, opts: { id?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('workspace create', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { createWorkspaceWithRoles: createWorkspace } = await import('../auth/workspace-setup.ts');
        const created = await withRuntime(options, {}, (rt) => createWorkspace(rt.db, { displayName, id: opts.id }));
        return { data: created, human: `Created workspace "${created.displayName}" (${created.id}) in schema ${created.schemaName}.` };
      });
    });
  ws.command('list')
    .description('List workspaces')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('workspace list', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { listWorkspaces } = await import('../metadata/workspaces.ts');
        const list = await withRuntime(options, {}, (rt) => listWorkspaces(rt.db));
        return {
          data: { workspaces: list },
          human: list.length ? table(['id', 'name', 'schema', 'version', 'created'], list.map((w) => [w.id, w.displayName, w.schemaName, w.metadataVersion, w.createdAt])) : 'No workspaces yet. Create one with `twenty workspace create <name>`.',
        };
      });
    });
  ws.command('delete <idOrName>')
    .description('Delete a workspace, its schema and all its data')
    .option('-y, --yes', 'confirm without a prompt')
    .addHelpText('after', '\nExample:\n  $ twenty workspace delete Acme --yes')
    .action(async (idOrName: string, opts: { yes?: boolean }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('workspace delete', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { confirmDestructive } = await import('./prompt.ts');
        const { deleteWorkspace, findWorkspace } = await import('../metadata/workspaces.ts');
        const deleted = await withRuntime(options, {}, async (rt) => {
          const ws = await findWorkspace(rt.db, idOrName);
          await confirmDestructive({ ...options, yes: opts.yes }, `Delete workspace "${ws.displayName}" and ALL its data?`);
          return deleteWorkspace(rt.db, ws.id);
        });
        return { data: deleted, human: `Deleted workspace "${deleted.displayName}".` };
      });
    });
}
