// `twenty status`: is everything up? Services, the server's /healthz, live workers (heartbeats)
// and the outbox backlog, queue depth, workspaces.
// Read-only: unlike other commands it never starts the managed services.
import type { Command } from 'commander';
import { run, type GlobalOptions } from './output.ts';

export function registerStatus(program: Command): void {
  program.command('status')
    .description('Show services, server health, live workers, outbox backlog, queue depth and workspaces; exit 1 when something is down')
    .addHelpText('after', '\nExamples:\n  $ twenty status\n  $ twenty status --json | jq .data.server\n  $ twenty status --json | jq .data.worker')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('status', options, async () => {
        const { instanceStatus } = await import('./status-run.ts');
        return instanceStatus(options);
      });
    });
}
