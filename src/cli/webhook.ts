// `twenty webhook create|list|delete|deliveries|replay`.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

type Ws = { workspace: string };

async function workspaceId(db: import('../core/db.ts').Db, idOrName: string): Promise<string> {
  const { findWorkspace } = await import('../metadata/workspaces.ts');
  return (await findWorkspace(db, idOrName)).id;
}

export function registerWebhook(program: Command): void {
  const hook = program.command('webhook').description('Webhooks: signed, retried deliveries of record events')
    .addHelpText('after', '\nExamples:\n  $ twenty webhook create -w Acme --url https://hooks.example.com/t --operations company.created\n  $ twenty webhook deliveries -w Acme --status failed');
  hook.command('create')
    .description('Create a webhook; its signing secret is printed once')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .requiredOption('--url <url>', 'target URL (https://…)')
    .option('--operations <list>', 'comma-separated events: company.created, *.updated, person.*, *.*', '*.*')
    .option('--description <text>', 'what it is for')
    .option('--secret <secret>', 'signing secret (generated when omitted)')
    .addHelpText('after', '\nExample:\n  $ twenty webhook create -w Acme --url https://hooks.example.com/twenty --operations company.created,person.*')
    .action(async (opts: Ws & { url: string; operations: string; description?: string; secret?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('webhook create', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { createWebhook } = await import('../jobs/webhooks-store.ts');
        const created = await withRuntime(options, {}, async (rt) =>
          createWebhook(rt.db, await workspaceId(rt.db, opts.workspace), { targetUrl: opts.url, operations: opts.operations.split(',').map((o) => o.trim()), description: opts.description ?? null, secret: opts.secret }),
        );
        return { data: created, human: `Webhook ${created.id} → ${created.targetUrl} (${created.operations.join(', ')}).\nSigning secret (shown once): ${created.secret}` };
      });
    });
  hook.command('list')
    .description('List webhooks (secrets are never shown)')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .action(async (opts: Ws, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('webhook list', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { listWebhooks } = await import('../jobs/webhooks-store.ts');
        const list = (await withRuntime(options, {}, async (rt) => listWebhooks(rt.db, await workspaceId(rt.db, opts.workspace)))).map(({ secret: _secret, ...w }) => w);
        return { data: { webhooks: list }, human: table(['id', 'url', 'operations', 'description'], list.map((w) => [w.id, w.targetUrl, w.operations.join(','), w.description])) };
      });
    });
  hook.command('delete <id>')
    .description('Delete a webhook; pending deliveries are not sent')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .action(async (id: string, opts: Ws, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('webhook delete', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { deleteWebhook } = await import('../jobs/webhooks-store.ts');
        const { secret: _secret, ...deleted } = await withRuntime(options, {}, async (rt) => deleteWebhook(rt.db, await workspaceId(rt.db, opts.workspace), id));
        return { data: deleted, human: `Deleted webhook ${deleted.id}.` };
      });
    });
  hook.command('deliveries')
    .description('Show delivery attempts: status, attempts, last status code or error')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--webhook <id>', 'only this webhook')
    .addHelpText('after', '\nExample:\n  $ twenty webhook deliveries -w Acme --status failed')
    .action(async (opts: Ws & { status?: 'pending' | 'delivered' | 'failed'; webhook?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('webhook deliveries', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { listDeliveries } = await import('../jobs/webhooks-store.ts');
        const list = await withRuntime(options, {}, async (rt) => listDeliveries(rt.db, await workspaceId(rt.db, opts.workspace), { status: opts.status, webhookId: opts.webhook }));
        return { data: { deliveries: list }, human: table(['id', 'event', 'status', 'attempts', 'last', 'next attempt'], list.map((d) => [d.id, d.eventId, d.status, d.attempts, d.lastStatusCode ?? d.lastError, d.nextAttemptAt?.toISOString()])) };
      });
    });
  hook.command('replay <deliveryId>')
    .description('Send a permanently failed delivery again')
    .requiredOption('-w, --workspace <idOrName>', 'workspace')
    .action(async (deliveryId: string, opts: Ws, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('webhook replay', options, async () => {
        const { withRuntime } = await import('./runtime.ts');
        const { requireValue } = await import('../core/config.ts');
        const { createRedis } = await import('../core/redis.ts');
        const { queuePrefixOf } = await import('../core/redis-url.ts');
        const { createQueues, closeQueues } = await import('../jobs/queues.ts');
        const { replayDelivery } = await import('../jobs/webhook-delivery.ts');
        await withRuntime(options, { redis: true }, async (rt) => {
          const redis = createRedis(requireValue(rt.config, 'REDIS_URL'), { maxRetriesPerRequest: 2 });
          const queues = createQueues(redis, { prefix: queuePrefixOf(rt.config) });
          try {
            await replayDelivery(rt.db, queues, deliveryId, { workspaceId: await workspaceId(rt.db, opts.workspace) });
          } finally {
            await closeQueues(queues);
            redis.disconnect();
          }
        });
        return { data: { deliveryId, replayed: true }, human: `Delivery ${deliveryId} queued again.` };
      });
    });
}
