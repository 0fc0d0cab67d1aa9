// Peer 3: the raw baseline (raw-server.ts) on the project's Node, pinned like the others.
import { join } from 'node:path';
import { NODE22, REPO } from '../setup.ts';
import { startPeerProcess, type RunningPeer } from './process.ts';
import type { PeerOptions } from './twenty.ts';

export function startRaw(schema: string, options: PeerOptions): Promise<RunningPeer> {
  return startPeerProcess({
    name: 'raw',
    command: NODE22,
    args: ['--disable-warning=ExperimentalWarning', join(REPO, 'bench/peers/raw-server.ts'), options.pgUrl, schema, String(options.poolSize)],
    env: { ...process.env, NODE_ENV: 'production' },
    logFile: join(options.logDir, `raw-${options.tag}.log`),
    readyStream: 'stderr',
    ready: /listening on (http:\/\/\S+)/,
    probe: async (url) => (await fetch(`${url}/healthz`)).ok,
  });
}
