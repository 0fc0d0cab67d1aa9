// A private ("managed") Redis inside the instance's home, started on demand. Settings go into a
// redis.conf (mode 0600) rewritten on every start rather than onto the command line, so the
// password never shows in `ps`. AOF persistence is on and the eviction policy is noeviction,
// which BullMQ requires (an evicted job key is a lost job).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import { assertPortFree } from './free-port.ts';
import { probeRedis } from './probe.ts';
import { findExecutable, isServerPid, readPidFile, run, sleep, tailFile } from './process.ts';

export interface ManagedRedisStatus {
  running: boolean;
  pid?: number;
  port?: number;
}

const CONF_FILE = 'redis.conf';
const PID_FILE = 'redis.pid';
const LOG_FILE = 'redis.log';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 50;

export function findRedisServer(): string | undefined {
  return findExecutable('redis-server', ['/usr/bin', '/usr/sbin', '/usr/local/bin']);
}

/** Redis config strings: double-quoted, with backslash escapes. */
function confQuote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function confText(dataDir: string, port: number, password: string | undefined): string {
  return [
    '# Written by twenty on every start of the managed Redis; edits here are overwritten.',
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${confQuote(dataDir)}`,
    'daemonize yes',
    `pidfile ${confQuote(join(dataDir, PID_FILE))}`,
    `logfile ${confQuote(join(dataDir, LOG_FILE))}`,
    'appendonly yes',
    'maxmemory-policy noeviction',
    ...(password ? [`requirepass ${confQuote(password)}`] : []),
    '',
  ].join('\n');
}

function configuredPort(dataDir: string): number | undefined {
  try {
    const match = /^port (\d+)$/m.exec(readFileSync(join(dataDir, CONF_FILE), 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function localUrl(port: number, password: string | undefined): string {
  return password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;
}

export async function managedRedisStatus(dataDir: string): Promise<ManagedRedisStatus> {
  const dir = resolve(dataDir);
  const pid = readPidFile(join(dir, PID_FILE));
  if (pid === undefined || !isServerPid(pid, 'redis-server')) return { running: false };
  const port = configuredPort(dir);
  return port === undefined ? { running: true, pid } : { running: true, pid, port };
}

function startFailed(dataDir: string, port: number, reason: string): AppError {
  const log = join(dataDir, LOG_FILE);
  const logTail = tailFile(log);
  const hint = /already in use/i.test(logTail)
    ? `Port ${port} is taken by another program; choose another port for the managed Redis.`
    : `Read the Redis log at "${log}".`;
  return new AppError('SERVICE_UNAVAILABLE', `The managed Redis in "${dataDir}" did not start: ${reason}.`, {
    hint,
    details: { dataDir, port, logTail },
  });
}

/**
 * Polls PING until it answers from our server (its pidfile names a live redis-server: Redis writes
 * it only after binding the port); stops early when the daemon has already exited.
 */
async function waitUntilReady(dataDir: string, port: number, password: string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const url = localUrl(port, password);
  for (;;) {
    const probe = await probeRedis(url, { timeoutMs: 500 });
    const pid = readPidFile(join(dataDir, PID_FILE));
    const alive = pid !== undefined && isServerPid(pid, 'redis-server');
    if (probe.ok && alive) return;
    // A wrong password will not fix itself by waiting.
    if (!probe.ok && probe.error.details?.problem === 'auth') throw probe.error;
    if (pid !== undefined && !alive) throw startFailed(dataDir, port, 'the server exited');
    if (Date.now() > deadline) throw startFailed(dataDir, port, `no answer to PING within ${READY_TIMEOUT_MS / 1000} seconds`);
    await sleep(POLL_MS);
  }
}

/** Starts Redis on 127.0.0.1:port and waits until PING answers; already running on that port is success. */
export async function startManagedRedis(opts: { dataDir: string; port: number; password?: string }): Promise<void> {
  const dataDir = resolve(opts.dataDir);
  if (opts.password !== undefined && (opts.password === '' || /[\r\n]/.test(opts.password))) {
    throw new AppError('BAD_USER_INPUT', 'The managed Redis password must be non-empty and on one line.');
  }
  const status = await managedRedisStatus(dataDir);
  if (status.running) {
    if (status.port !== undefined && status.port !== opts.port) {
      throw new AppError('CONFLICT', `The managed Redis in "${dataDir}" is already running on port ${status.port}, not ${opts.port}.`, {
        hint: 'Stop it first, or use the port it runs on.',
        details: { dataDir, runningPort: status.port, wantedPort: opts.port },
      });
    }
    await waitUntilReady(dataDir, opts.port, opts.password);
    return;
  }
  const server = findRedisServer();
  if (!server) {
    throw new AppError('SERVICE_UNAVAILABLE', 'No redis-server program was found on this machine.', {
      hint: 'Install Debian\'s "redis-server" package (`apt-get install redis-server`), or use an existing server by setting REDIS_URL.',
    });
  }
  await assertPortFree(opts.port, 'managed Redis');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const conf = join(dataDir, CONF_FILE);
  writeFileSync(conf, confText(dataDir, opts.port, opts.password), { mode: 0o600 });
  chmodSync(conf, 0o600);
  // With daemonize the foreground process exits as soon as it has forked, before the server listens.
  const result = await run(server, [conf], { cwd: dataDir });
  if (result.code !== 0) {
    throw startFailed(dataDir, opts.port, `redis-server exited with code ${result.code}: ${`${result.stderr}${result.stdout}`.trim().split('\n').at(-1) ?? ''}`);
  }
  await waitUntilReady(dataDir, opts.port, opts.password);
}

/**
 * Stops Redis with SIGTERM to the pid in its pidfile: Redis treats it as SHUTDOWN (fsyncs the AOF,
 * removes the pidfile) and no password is needed. Not running is success.
 */
export async function stopManagedRedis(dataDir: string): Promise<void> {
  const dir = resolve(dataDir);
  const { running, pid } = await managedRedisStatus(dir);
  if (!running || pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // exited between the status check and the signal
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isServerPid(pid, 'redis-server')) {
    if (Date.now() > deadline) {
      throw new AppError('TIMEOUT', `The managed Redis in "${dir}" (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} seconds.`, {
        hint: `Read the Redis log at "${join(dir, LOG_FILE)}"; as a last resort run \`kill -9 ${pid}\`.`,
        details: { dataDir: dir, pid },
      });
    }
    await sleep(POLL_MS);
  }
}
