// `twenty init`: find or provision Postgres and Redis, write the config, migrate, and create
// the first workspace, admin and API key. Interactive on a TTY, fully scriptable otherwise.
// The config file is written last, so a failed init can simply be run again.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export interface InitFlags {
  yes?: boolean;
  force?: boolean;
  pgUrl?: string;
  redisUrl?: string;
  workspace?: string;
  adminEmail?: string;
  adminPassword?: string;
  port?: string;
  demo?: boolean;
}

export function registerInit(program: Command): void {
  program.command('init')
    .description('Set this machine up: Postgres, Redis, config, core schema, first workspace, admin and API key')
    .option('-y, --yes', 'accept defaults without prompting (managed private Postgres and Redis)')
    .option('--pg-url <url>', 'use this existing Postgres (also PG_DATABASE_URL)')
    .option('--redis-url <url>', 'use this existing Redis (also REDIS_URL)')
    .option('--workspace <name>', 'name of the first workspace', 'Default Workspace')
    .option('--admin-email <email>', 'email of the first admin', 'admin@example.com')
    .option('--admin-password <password>', 'password of the first admin (generated and shown once when omitted)')
    .option('--port <port>', 'port for `twenty serve` (NODE_PORT)')
    .option('--demo', 'fill the first workspace with the demo data set (companies, people, opportunities, notes, tasks)')
    .option('--force', 're-run on an initialised home: keep its secret and services, repair what is missing')
    .addHelpText('after', `
Examples:
  $ twenty init                                   interactive
  $ twenty init --yes                             managed private Postgres and Redis on free ports
  $ twenty init --yes --demo                      the same, with demo data to try the API on
  $ PG_DATABASE_URL=postgres://u:p@db/twenty REDIS_URL=redis://cache:6379 twenty init --yes --json`)
    .action(async (flags: InitFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('init', options, async () => {
        const { initialise } = await import('./init-run.ts');
        return initialise(options, flags);
      });
    });
}
