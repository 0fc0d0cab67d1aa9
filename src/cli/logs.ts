// `twenty logs`: the log files of the managed Postgres and Redis in the home. The server and
// the worker log JSON to stdout, so their logs are wherever their supervisor keeps them.
import type { Command } from 'commander';
import { run, usageError, type GlobalOptions } from './output.ts';
import { SERVICES, type Service } from './managed-services.ts';

interface LogsFlags {
  lines: string;
  follow?: boolean;
}

export function registerLogs(program: Command): void {
  program.command('logs [service]')
    .description('Show the logs of the managed Postgres and Redis (server and worker log to stdout)')
    .option('-n, --lines <n>', 'lines to show from the end of each log', '50')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .addHelpText('after', `
Examples:
  $ twenty logs                 both managed services
  $ twenty logs postgres -n 200
  $ twenty logs redis -f
  $ journalctl -u twenty-server -f          the server, when installed with \`twenty service install\``)
    .action(async (service: string | undefined, flags: LogsFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('logs', options, async () => {
        if (service !== undefined && !(SERVICES as readonly string[]).includes(service)) {
          throw usageError(`There is no managed service "${service}"; use one of: ${SERVICES.join(', ')}.`, 'The server and worker log to stdout: see `journalctl -u twenty-server` under systemd.');
        }
        const lines = Number(flags.lines);
        if (!Number.isInteger(lines) || lines < 0) throw usageError(`--lines must be a whole number, not "${flags.lines}".`);
        if (flags.follow && options.json) throw usageError('--follow cannot be combined with --json.');
        const { showLogs } = await import('./logs-run.ts');
        return showLogs(options, service as Service | undefined, lines, Boolean(flags.follow));
      });
    });
}
