// `twenty services status|start|stop`: the private Postgres and Redis of this home.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

async function statusOf(options: GlobalOptions) {
  const { configFor, managedDataDir } = await import('./runtime.ts');
  const { boolValue } = await import('../core/config.ts');
  const { managedPostgresStatus } = await import('../core/provision/managed-postgres.ts');
  const { managedRedisStatus } = await import('../core/provision/managed-redis.ts');
  const config = configFor(options);
  const out: { service: string; managed: boolean; running: boolean | null; pid?: number; port?: number }[] = [];
  const pg = boolValue(config, 'MANAGED_POSTGRES') ? await managedPostgresStatus(managedDataDir(config, 'postgres')) : undefined;
  out.push({ service: 'postgres', managed: Boolean(pg), running: pg?.running ?? null, pid: pg?.pid, port: pg?.port });
  const redis = boolValue(config, 'MANAGED_REDIS') ? await managedRedisStatus(managedDataDir(config, 'redis')) : undefined;
  out.push({ service: 'redis', managed: Boolean(redis), running: redis?.running ?? null, pid: redis?.pid, port: redis?.port });
  return out;
}

export function registerServices(program: Command): void {
  const services = program.command('services').description('Start, stop and inspect the managed (private) Postgres and Redis')
    .addHelpText('after', '\nExamples:\n  $ twenty services status\n  $ twenty services stop');
  services.command('status')
    .description('Show whether the managed services are running')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('services status', options, async () => {
        const list = await statusOf(options);
        return { data: { services: list }, human: table(['service', 'managed', 'running', 'pid', 'port'], list.map((s) => [s.service, s.managed ? 'yes' : 'no (external URL)', s.running === null ? '-' : s.running ? 'yes' : 'no', s.pid, s.port])) };
      });
    });
  services.command('start')
    .description('Start the managed services (commands also start them on demand)')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('services start', options, async () => {
        const { configFor, ensureManagedServices } = await import('./runtime.ts');
        await ensureManagedServices(configFor(options), { postgres: true, redis: true });
        const list = await statusOf(options);
        return { data: { services: list }, human: 'Managed services are running.' };
      });
    });
  services.command('stop')
    .description('Stop the managed services')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('services stop', options, async () => {
        const { configFor, managedDataDir } = await import('./runtime.ts');
        const { boolValue } = await import('../core/config.ts');
        const config = configFor(options);
        if (boolValue(config, 'MANAGED_REDIS')) await (await import('../core/provision/managed-redis.ts')).stopManagedRedis(managedDataDir(config, 'redis'));
        if (boolValue(config, 'MANAGED_POSTGRES')) await (await import('../core/provision/managed-postgres.ts')).stopManagedPostgres(managedDataDir(config, 'postgres'));
        return { data: { services: await statusOf(options) }, human: 'Managed services are stopped.' };
      });
    });
}
