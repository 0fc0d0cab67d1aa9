// `twenty user create`.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export function registerUser(program: Command): void {
  const user = program.command('user').description('Users (email and password) and their workspace membership')
    .addHelpText('after', '\nExample:\n  $ twenty user create -w Acme --email ada@acme.com');
  user.command('create')
    .description('Create a user and make them a member of a workspace')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .requiredOption('--email <email>', 'login email')
    .option('--password <password>', 'password (prompted when omitted on a TTY; or set TWENTY_PASSWORD)')
    .option('--first-name <name>', 'first name', '')
    .option('--last-name <name>', 'last name', '')
    .addHelpText('after', '\nExample:\n  $ TWENTY_PASSWORD=... twenty user create -w Acme --email ada@acme.com --first-name Ada')
    .action(async (opts: { workspace: string; email: string; password?: string; firstName: string; lastName: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('user create', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { findWorkspace } = await import('../metadata/workspaces.ts');
        const { createUser } = await import('../auth/users.ts');
        const password = await resolvePassword(options, opts.password);
        const created = await withRuntime(options, {}, async (rt) => {
          const ws = await findWorkspace(rt.db, opts.workspace);
          return createUser(rt.db, { workspaceId: ws.id, email: opts.email, password, firstName: opts.firstName, lastName: opts.lastName });
        });
        return { data: created, human: `Created user ${created.email} in workspace ${created.workspaceId}.` };
      });
    });
}

export async function resolvePassword(options: GlobalOptions, given: string | undefined): Promise<string> {
  const fromEnv = process.env.TWENTY_PASSWORD;
  if (given) return given;
  if (fromEnv) return fromEnv;
  const { canPrompt, askSecret } = await import('./prompt.ts');
  const { usageError } = await import('./output.ts');
  if (!canPrompt(options)) throw usageError('A password is required.', 'Pass --password or set TWENTY_PASSWORD.');
  return askSecret('Password');
}
