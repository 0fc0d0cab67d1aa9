// `twenty service install`: systemd units for the server, the worker and (when managed) the
// private Postgres and Redis, so they start at boot and restart on failure.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export interface ServiceInstallFlags {
  user?: string;
  bin?: string;
  unitDir: string;
  dryRun?: boolean;
}

export function registerService(program: Command): void {
  const service = program.command('service').description('Run twenty under systemd');
  service.command('install')
    .description('Write systemd units for `twenty serve`, `twenty worker` and the managed services')
    .option('--user <user>', 'system user the services run as (default: the current user)')
    .option('--bin <path>', 'twenty binary the units start (default: this one)')
    .option('--unit-dir <dir>', 'where to write the units', '/etc/systemd/system')
    .option('--dry-run', 'print the units instead of writing them')
    .addHelpText('after', `
Examples:
  $ twenty service install --dry-run
  $ sudo twenty service install --user twenty && sudo systemctl enable --now twenty-server twenty-worker

Without systemd, run \`twenty services start\` at boot (cron @reboot, OpenRC, runit, supervisord)
and keep \`twenty serve\` and \`twenty worker\` running under that supervisor; both stop cleanly on SIGTERM.`)
    .action(async (flags: ServiceInstallFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('service install', options, async () => {
        const { installServices } = await import('./service-run.ts');
        return installServices(options, flags);
      });
    });
}
