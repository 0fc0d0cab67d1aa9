// `twenty db migrate|status`: the core schema.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('Core schema migrations')
    .addHelpText('after', '\nExamples:\n  $ twenty db status\n  $ twenty db migrate --json');
  db.command('migrate')
    .description('Apply pending core migrations (safe to run concurrently: runs queue on a lock)')
    .addHelpText('after', '\nExample:\n  $ twenty db migrate --json')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('db migrate', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { reporter } = await import('./output.ts');
        const { migrate } = await import('../core/migrate.ts');
        const log = reporter(options);
        const applied = await withRuntime(options, { migrated: false }, (rt) =>
          migrate(rt.directDb(), { onWait: () => log.progress('Another migration run holds the lock; waiting…'), onApply: (name) => log.progress(`Applying ${name}`) }),
        );
        return { data: { applied }, human: applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The core schema is up to date.' };
      });
    });
  db.command('status')
    .description('List core migrations and whether each is applied')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('db status', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { migrationStatus } = await import('../core/migrate.ts');
        const status = await withRuntime(options, { migrated: false }, (rt) => migrationStatus(rt.db));
        const pending = status.filter((s) => s.state !== 'applied').length;
        return {
          data: { migrations: status, pending },
          human: table(['migration', 'state', 'applied at'], status.map((s) => [s.name, s.state, s.appliedAt])),
        };
      });
    });
}
