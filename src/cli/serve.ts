// `twenty serve`: the API server, until SIGTERM/SIGINT.
import type { Command } from 'commander';
import { printError, type GlobalOptions } from './output.ts';

export function registerServe(program: Command): void {
  program.command('serve')
    .description('Start the API server (/graphql, /rest, /metadata, /healthz)')
    .option('-p, --port <port>', 'port to listen on (NODE_PORT; 0 picks a free port)')
    .option('--host <host>', 'address to bind (NODE_HOST)')
    .addHelpText('after', '\nExamples:\n  $ twenty serve\n  $ twenty serve --port 8080 --host 0.0.0.0')
    .action(async (opts: { port?: string; host?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      try {
        const { configFor, ensureManagedServices } = await import('./runtime.ts');
        const { startServer } = await import('../server/listen.ts');
        const config = configFor(options, { NODE_PORT: opts.port, NODE_HOST: opts.host });
        await ensureManagedServices(config, { postgres: true, redis: true });
        const server = await startServer(config);
        const stop = () => server.close().then(() => process.exit(0));
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        // A machine-readable ready line on stderr: scripts and tests wait for it, and may send
        // SIGTERM as soon as they read it, so it comes after the handlers.
        process.stderr.write(`twenty: listening on ${server.url}\n`);
      } catch (error) {
        process.exit(printError('serve', options, error));
      }
    });
}
