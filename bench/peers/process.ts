// A peer server as a child process: pinned to the server CPUs, its output in a log file (never
// through this process, which is the load generator), ready when its ready line appears and
// its HTTP endpoint answers.
import { spawn } from 'node:child_process';
import { createWriteStream, openSync } from 'node:fs';
import { serverCpuPrefix } from '../proc.ts';

export type PeerName = 'twenty' | 'postgraphile' | 'raw';

export interface RunningPeer {
  name: PeerName;
  pid: number;
  /** Base URL, no trailing slash. */
  url: string;
  /** ms from spawn until the peer answered its probe. */
  readyMs: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface PeerProcessSpec {
  name: PeerName;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Which stream carries the ready line; the other goes straight to the log file. */
  readyStream: 'stdout' | 'stderr';
  /** Returns the base URL once the ready line has been seen. */
  ready: RegExp;
  /** Answers once the server can serve (e.g. PostGraphile builds its schema after listening). */
  probe(url: string): Promise<boolean>;
  timeoutMs?: number;
}

export function startPeerProcess(spec: PeerProcessSpec): Promise<RunningPeer> {
  const [command, ...args] = [...serverCpuPrefix(), spec.command, ...spec.args];
  const logFd = openSync(spec.logFile, 'a');
  const quiet = spec.readyStream === 'stdout' ? 'stderr' : 'stdout';
  const stdio: ['ignore', number | 'pipe', number | 'pipe'] = quiet === 'stdout' ? ['ignore', logFd, 'pipe'] : ['ignore', 'pipe', logFd];
  const started = performance.now();
  const child = spawn(command, args, { env: spec.env, stdio });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      void stop().then(() => reject(new Error(`${spec.name} did not start: ${why} (log: ${spec.logFile})`)));
    };
    const timer = setTimeout(() => fail(`not ready within ${spec.timeoutMs ?? 60_000} ms`), spec.timeoutMs ?? 60_000);
    const onExit = (code: number | null) => fail(`exited with ${code}`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(error.message));
    const stream = child[spec.readyStream];
    stream?.on('data', async (chunk: Buffer) => {
      log.write(chunk);
      if (done) return;
      seen += chunk;
      const match = seen.match(spec.ready);
      if (!match) return;
      seen = '';
      const url = match[1].replace(/\/$/, '');
      while (!(await spec.probe(url).catch(() => false))) {
        if (done) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ name: spec.name, pid: child.pid as number, url, readyMs: performance.now() - started, logFile: spec.logFile, stop });
    });
  });
}
