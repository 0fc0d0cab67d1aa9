// `twenty worker`: BullMQ workers for events, webhooks, timeline and scheduled jobs.
import type { Command } from 'commander';
import { printError, type GlobalOptions } from './output.ts';

export function registerWorker(program: Command): void {
  program.command('worker')
    .description('Run background jobs: event dispatch, webhooks, timeline, scheduled clean-ups')
    .option('-c, --concurrency <n>', 'jobs run at once per queue (WORKER_CONCURRENCY)')
    .addHelpText('after', '\nExamples:\n  $ twenty worker\n  $ twenty worker --concurrency 16')
    .action(async (opts: { concurrency?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      try {
        const { runWorker } = await import('../worker/run.ts');
        const { configFor, ensureManagedServices } = await import('./runtime.ts');
        const config = configFor(options, { WORKER_CONCURRENCY: opts.concurrency });
        await ensureManagedServices(config, { postgres: true, redis: true });
        const worker = await runWorker(config);
        const stop = () => worker.close().then(() => process.exit(0));
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        // Only after the handlers: a supervisor may send SIGTERM as soon as it reads this line.
        process.stderr.write('twenty: worker started\n');
      } catch (error) {
        process.exit(printError('worker', options, error));
      }
    });
}
