// Redis topologies for scale-out tests, built from Debian's redis-server on free ports in a temp
// dir and torn down after the test file: a Sentinel set (primary, replica, three sentinels) and
// a three-master Cluster. AOF on and noeviction everywhere, as the managed Redis runs.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../../src/core/provision/free-port.ts';

const run = promisify(execFile);
const HOST = '127.0.0.1';

interface Node {
  port: number;
  child: ChildProcess;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-redis-topology-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts redis-server with these arguments and waits until it answers PING. */
async function startNode(dir: string, port: number, args: string[]): Promise<Node> {
  const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await until(async () => (await command(port, 'PING')) === 'PONG', 10_000, `redis-server on port ${port} did not start`);
  return { port, child };
}

/** One command on a fresh connection; undefined when the node does not answer. */
export async function command(port: number, ...args: string[]): Promise<unknown> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.call(args[0], ...args.slice(1));
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const DATA = ['--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''];

export interface SentinelSet {
  /** redis+sentinel://127.0.0.1:s1,…/mymaster */
  url: string;
  name: string;
  /** The port of the primary as the sentinels see it now. */
  primaryPort(): Promise<number>;
  /** SENTINEL FAILOVER, then waits until every sentinel names the new primary and it accepts writes. */
  failover(): Promise<{ from: number; to: number }>;
}

export async function startSentinelSet(): Promise<SentinelSet> {
  const dir = tempDir();
  const name = 'mymaster';
  const primary = await freePort();
  await startNode(dir, primary, ['--port', String(primary), '--bind', HOST, '--dir', dir, '--appenddirname', `aof-${primary}`, ...DATA]);
  const replica = await freePort();
  await startNode(dir, replica, ['--port', String(replica), '--bind', HOST, '--dir', dir, '--appenddirname', `aof-${replica}`, '--replicaof', HOST, String(primary), ...DATA]);
  await until(async () => /master_link_status:up/.test(String(await command(replica, 'INFO', 'replication'))), 10_000, 'the replica did not sync');
  const sentinels: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const port = await freePort();
    const conf = join(dir, `sentinel-${port}.conf`);
    // Sentinel rewrites its own config file, so each gets one.
    writeFileSync(
      conf,
      [`port ${port}`, `bind ${HOST}`, `dir ${dir}`, `sentinel monitor ${name} ${HOST} ${primary} 2`, `sentinel down-after-milliseconds ${name} 1000`, `sentinel failover-timeout ${name} 5000`, `sentinel parallel-syncs ${name} 1`, ''].join('\n'),
    );
    await startNode(dir, port, [conf, '--sentinel']);
    sentinels.push(port);
  }
  const primaryPort = async () => {
    const reply = (await command(sentinels[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[] | undefined;
    return Number(reply?.[1]);
  };
  // Ready once every sentinel knows the replica and the other sentinels (else no quorum to fail over).
  await until(
    async () => {
      for (const port of sentinels) {
        const replicas = (await command(port, 'SENTINEL', 'REPLICAS', name)) as unknown[] | undefined;
        const peers = (await command(port, 'SENTINEL', 'SENTINELS', name)) as unknown[] | undefined;
        if (!replicas || replicas.length < 1 || !peers || peers.length < 2) return false;
      }
      return true;
    },
    20_000,
    'the sentinels did not discover the replica and each other',
  );
  return {
    url: `redis+sentinel://${sentinels.map((p) => `${HOST}:${p}`).join(',')}/${name}`,
    name,
    primaryPort,
    async failover() {
      const from = await primaryPort();
      const ok = await command(sentinels[0], 'SENTINEL', 'FAILOVER', name);
      if (ok !== 'OK') throw new Error(`SENTINEL FAILOVER answered ${String(ok)}`);
      let to = from;
      await until(
        async () => {
          to = await primaryPort();
          if (to === from) return false;
          const role = (await command(to, 'ROLE')) as unknown[] | undefined;
          return role?.[0] === 'master';
        },
        30_000,
        'the sentinels did not promote the replica',
      );
      return { from, to };
    },
  };
}

export interface RedisCluster {
  /** redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 */
  url: string;
  ports: number[];
}

/** Three masters, no replicas, slots spread by `redis-cli --cluster create`. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = tempDir();
  const ports: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const port = await freePort();
    ports.push(port);
    await startNode(dir, port, ['--port', String(port), '--bind', HOST, '--dir', dir, '--appenddirname', `aof-${port}`, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', ...DATA]);
  }
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `${HOST}:${p}`), '--cluster-yes'], { timeout: 30_000 });
  await until(
    async () => {
      for (const port of ports) if (!/cluster_state:ok/.test(String(await command(port, 'CLUSTER', 'INFO')))) return false;
      return true;
    },
    20_000,
    'the cluster did not reach cluster_state:ok',
  );
  return { url: `redis+cluster://${ports.map((p) => `${HOST}:${p}`).join(',')}`, ports };
}
