// Runs the real CLI (bin/twenty) as a child process, and starts `twenty serve` on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/twenty', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed --json envelope when stdout holds one. */
  json?: { ok: boolean; command: string; data?: Record<string, any>; error?: { code: string; message: string; hint?: string } };
}

/** Environment for a child: no inherited service URLs unless given, never interactive. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // Tests make hundreds of calls with one key: the rate limits (tested on their own, with
  // small values passed in `extra`) are raised out of the way.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    NO_COLOR: '1',
    API_RATE_LIMITING_SHORT_LIMIT: '1000000',
    API_RATE_LIMITING_LONG_LIMIT: '1000000',
    API_RATE_LIMITING_REST_LIMIT: '1000000',
    API_RATE_LIMITING_METADATA_LIMIT: '1000000',
  };
  delete env.PG_DATABASE_URL;
  delete env.REDIS_URL;
  delete env.TWENTY_HOME;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** `bin` runs another build of the CLI than bin/twenty, e.g. the single binary. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000, bin = BIN): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: CliResult['json'];
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/** A temporary home directory, removed after the test file. */
export function tempHome(prefix = 'twenty-home-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running command and waits for its ready line on stderr. */
export function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 20_000, bin = BIN): Promise<Served & { match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<number | null>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res(child.exitCode);
        child.once('exit', (code) => res(code));
        child.kill(signal);
      });
    child.stdout.resume();
    child.stderr.on('data', (d) => {
      stderr += d;
      const match = stderr.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1] ?? '', child, stop, match });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready: ${stderr}`));
    });
    after(() => stop('SIGKILL'));
  });
}

export function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  return startProcess(['serve', '--port', '0'], env, /listening on (http:\/\/\S+)/);
}
