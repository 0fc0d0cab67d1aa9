// The webhook pipeline for durability tests: a fresh database, `twenty init` against the given
// Redis, one webhook to a receiver that deduplicates on X-Twenty-Webhook-Event-Id (as Twenty
// tells receivers to), and the worker and server as real child processes.
import assert from 'node:assert/strict';
import { rows, type Db } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { cliEnv, runCli, serve, startProcess, tempHome, type Served } from './cli.ts';
import { createTestDatabase, uniqueName } from './services.ts';
import { startReceiver, type ReceivedRequest, type Receiver, type Reply } from './webhook-receiver.ts';

export interface DedupingReceiver extends Receiver {
  /** Requests that arrived, per event id. */
  arrivals: Map<string, number>;
  /** Event ids the receiver acted on: the first 2xx-answered arrival of each; repeats are no-ops. */
  processed: Set<string>;
}

export function eventIdOf(request: ReceivedRequest): string {
  return String(request.headers['x-twenty-webhook-event-id']);
}

/** `answer` decides each reply (by 0-based arrival index); the default is 200 at once. */
export async function startDedupingReceiver(answer: (index: number) => Reply = () => ({ status: 200 })): Promise<DedupingReceiver> {
  const receiver = (await startReceiver()) as DedupingReceiver;
  receiver.arrivals = new Map();
  receiver.processed = new Set();
  receiver.reply = (request, index) => {
    const id = eventIdOf(request);
    receiver.arrivals.set(id, (receiver.arrivals.get(id) ?? 0) + 1);
    const reply = answer(index);
    if (reply.status >= 200 && reply.status < 300) receiver.processed.add(id);
    return reply;
  };
  return receiver;
}

export interface Worker extends Served {
  /** The worker's JSON log (stdout) and stderr, from its ready line on. */
  log(): string;
}

export interface WebhookStack {
  env: NodeJS.ProcessEnv;
  db: Db;
  token: string;
  workspaceId: string;
  startWorker(extra?: Record<string, string>): Promise<Worker>;
  serve(): Promise<Served>;
  /** A REST call with the workspace's API key. */
  rest(server: Served, method: string, path: string, body?: unknown): Promise<Response>;
  /** Ids of the outbox events of the workspace with this name, e.g. "company.created". */
  eventIds(name: string): Promise<string[]>;
  /** Delivery rows of the workspace, counted per status. */
  deliveryCounts(): Promise<Record<string, number>>;
}

export interface StackOptions {
  redisUrl: string;
  receiver: Receiver;
  operations: string;
  /** Extra environment for every child (worker, server, CLI). */
  env?: Record<string, string>;
}

export async function startWebhookStack(options: StackOptions): Promise<WebhookStack> {
  const { url, db } = await createTestDatabase();
  const env = cliEnv({
    TWENTY_HOME: tempHome(),
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    QUEUE_PREFIX: uniqueName('twq'),
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', options.redisUrl, '--workspace', 'Durable'], env);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const hook = await runCli(['webhook', 'create', '-w', 'Durable', '--url', options.receiver.url(), '--operations', options.operations, '--json'], env);
  assert.equal(hook.code, 0, hook.stderr + hook.stdout);
  const token = init.json?.data?.apiKey.token as string;
  const workspaceId = init.json?.data?.workspace.id as string;
  return {
    env,
    db,
    token,
    workspaceId,
    async startWorker(extra = {}) {
      const worker = await startProcess(['worker'], { ...env, ...extra }, /worker started/);
      let log = '';
      for (const stream of [worker.child.stdout, worker.child.stderr]) stream?.on('data', (d) => (log += d));
      return Object.assign(worker, { log: () => log });
    },
    serve: () => serve(env),
    rest: (server, method, path, body) =>
      fetch(`${server.url}/rest${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async eventIds(name) {
      const found = await rows<{ id: string }>(db, sql`SELECT "id" FROM core."eventOutbox" WHERE "workspaceId" = ${workspaceId} AND "name" = ${name}`);
      return found.map((r) => r.id);
    },
    async deliveryCounts() {
      const found = await rows<{ status: string; n: number }>(
        db,
        sql`SELECT "status", count(*)::int AS n FROM core."webhookDelivery" WHERE "workspaceId" = ${workspaceId} GROUP BY "status"`,
      );
      return Object.fromEntries(found.map((r) => [r.status, r.n]));
    },
  };
}

/** Polls `check` until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string | Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
