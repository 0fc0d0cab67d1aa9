// `twenty apikey create|list|revoke`: Twenty-format API keys, shown once.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

function expiry(days: string): Date {
  const n = Number(days);
  if (!Number.isInteger(n) || n < 1 || n > 36500) throw new Error('bad days');
  return new Date(Date.now() + n * 86_400_000);
}

export function registerApiKey(program: Command): void {
  const key = program.command('apikey').description('API keys (Bearer tokens for /graphql, /rest and /metadata)')
    .addHelpText('after', '\nExamples:\n  $ twenty apikey create -w Acme --name zapier\n  $ twenty apikey revoke <id> -w Acme');
  key.command('create')
    .description('Create an API key; the token is printed once')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .option('--name <name>', 'a name to recognise the key by', 'CLI key')
    .option('--expires-in <days>', 'days until the key expires', '365')
    .addHelpText('after', '\nExample:\n  $ twenty apikey create -w Acme --name zapier --expires-in 90 --json')
    .action(async (opts: { workspace: string; name: string; expiresIn: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('apikey create', options, async () => {
        const { usageError } = await import('./output.ts');
        let expiresAt: Date;
        try {
          expiresAt = expiry(opts.expiresIn);
        } catch {
          throw usageError(`--expires-in must be a whole number of days from 1 to 36500, not "${opts.expiresIn}".`);
        }
        const { withRuntime } = await import('./runtime.ts');
        const { requireValue } = await import('../core/config.ts');
        const { findWorkspace } = await import('../metadata/workspaces.ts');
        const { createApiKey } = await import('../auth/api-keys.ts');
        const created = await withRuntime(options, {}, async (rt) => {
          const ws = await findWorkspace(rt.db, opts.workspace);
          return createApiKey(rt.db, requireValue(rt.config, 'APP_SECRET'), { workspaceId: ws.id, name: opts.name, expiresAt });
        });
        return { data: created, human: `API key "${created.name}" (${created.id}), expires ${created.expiresAt}.\nToken (shown once):\n${created.token}` };
      });
    });
  key.command('list')
    .description('List API keys (never their tokens)')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .action(async (opts: { workspace: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('apikey list', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { findWorkspace } = await import('../metadata/workspaces.ts');
        const { listApiKeys } = await import('../auth/api-keys.ts');
        const keys = await withRuntime(options, {}, async (rt) => listApiKeys(rt.db, (await findWorkspace(rt.db, opts.workspace)).id));
        return { data: { apiKeys: keys }, human: table(['id', 'name', 'expires', 'revoked'], keys.map((k) => [k.id, k.name, k.expiresAt, k.revokedAt])) };
      });
    });
  key.command('revoke <id>')
    .description('Revoke an API key; it is refused from the next request on')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .action(async (id: string, opts: { workspace: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('apikey revoke', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { findWorkspace } = await import('../metadata/workspaces.ts');
        const { isUuid } = await import('../core/uuid.ts');
        const { revokeApiKey } = await import('../auth/api-keys.ts');
        const { usageError } = await import('./output.ts');
        if (!isUuid(id)) throw usageError(`"${id}" is not an API key id (a UUID).`);
        const key = await withRuntime(options, {}, async (rt) => revokeApiKey(rt.db, (await findWorkspace(rt.db, opts.workspace)).id, id));
        return { data: key, human: `Revoked API key "${key.name}" (${key.id}).` };
      });
    });
}
