// Peer 2: PostGraphile v5 with its recommended preset (amber), serving the workspace schema of
// the same database. It needs Node ≥ 22, hence the project's pinned Node. Its CLI always uses
// pg's default pool of 10 connections, which is why every peer runs with 10.
import { join } from 'node:path';
import { NODE22, REPO } from '../setup.ts';
import { startPeerProcess, type RunningPeer } from './process.ts';
import type { PeerOptions } from './twenty.ts';

export const POSTGRAPHILE_POOL_SIZE = 10;

export function startPostgraphile(schema: string, options: PeerOptions): Promise<RunningPeer> {
  if (options.poolSize !== POSTGRAPHILE_POOL_SIZE) throw new Error(`PostGraphile's CLI pool is fixed at ${POSTGRAPHILE_POOL_SIZE} connections; run every peer with that pool size.`);
  const cli = join(REPO, 'node_modules/postgraphile/dist/cli-run.js');
  return startPeerProcess({
    name: 'postgraphile',
    command: NODE22,
    args: [cli, '-P', 'postgraphile/presets/amber', '-c', options.pgUrl, '-s', schema, '-p', '0', '-n', '127.0.0.1'],
    env: { ...process.env, GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    logFile: join(options.logDir, `postgraphile-${options.tag}.log`),
    readyStream: 'stdout',
    ready: /Server listening on port \d+ at (http:\/\/\S+?)\/graphql/,
    // It listens before its schema is built; the first answered query means it is ready.
    probe: async (url) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
      return res.ok && (await res.text()).includes('"data"');
    },
  });
}
