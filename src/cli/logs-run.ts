// The body of `twenty logs`: tail each managed service's log file, optionally following it.
import { closeSync, existsSync, openSync, readSync, statSync, watchFile } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';
import { boolValue, type Config } from '../core/config.ts';
import { configFor, managedDataDir } from './runtime.ts';
import type { CommandResult, GlobalOptions } from './output.ts';
import { SERVICES, type Service } from './managed-services.ts';

const LOG_FILES: Record<Service, string> = { postgres: 'postgres.log', redis: 'redis.log' };
const MANAGED_KEY = { postgres: 'MANAGED_POSTGRES', redis: 'MANAGED_REDIS' } as const;

function readRange(file: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines, reading backwards in blocks so a large log is not loaded whole. */
function lastLines(file: string, count: number): string[] {
  const size = statSync(file).size;
  let start = size;
  let text = '';
  while (start > 0 && text.split('\n').length <= count + 1) {
    const next = Math.max(0, start - 64 * 1024);
    text = readRange(file, next, start) + text;
    start = next;
  }
  const lines = text.replace(/\n$/, '').split('\n');
  return count === 0 || text === '' ? [] : lines.slice(-count);
}

const EXTERNAL_HINT: Record<Service, string> = {
  postgres: 'Read it where that server runs, e.g. /var/log/postgresql/ or `journalctl -u postgresql`.',
  redis: 'Read it where that server runs, e.g. /var/log/redis/ or `journalctl -u redis-server`.',
};

/** The log files to show: the one asked for, or every managed service's. */
function logFiles(config: Config, asked: Service | undefined): { service: Service; file: string }[] {
  const managed = SERVICES.filter((s) => boolValue(config, MANAGED_KEY[s]));
  if (asked && !managed.includes(asked)) {
    throw new AppError('NOT_FOUND', `${asked === 'postgres' ? 'PostgreSQL' : 'Redis'} is not managed by twenty here (it is reached at an external URL), so its log is not in the home.`, { hint: EXTERNAL_HINT[asked] });
  }
  if (managed.length === 0) {
    throw new AppError('NOT_FOUND', 'Neither PostgreSQL nor Redis is managed by twenty here, so there are no service logs in the home.', {
      hint: 'The server and worker log to stdout: see `journalctl -u twenty-server` under systemd.',
    });
  }
  return (asked ? [asked] : managed).map((service) => ({ service, file: join(managedDataDir(config, service), LOG_FILES[service]) }));
}

/** Prints appended text as it arrives; resolves on SIGINT/SIGTERM. */
function follow(files: { service: Service; file: string }[], prefix: boolean): Promise<void> {
  return new Promise((resolve) => {
    const offsets = new Map(files.map(({ file }) => [file, existsSync(file) ? statSync(file).size : 0]));
    for (const { service, file } of files) {
      watchFile(file, { interval: 250 }, (current) => {
        const from = offsets.get(file) ?? 0;
        // A rotated (truncated) file starts again from the top.
        const start = current.size < from ? 0 : from;
        const text = readRange(file, start, current.size);
        offsets.set(file, current.size);
        for (const line of text.split('\n').filter(Boolean)) process.stdout.write(prefix ? `${service} | ${line}\n` : `${line}\n`);
      });
    }
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function showLogs(options: GlobalOptions, service: Service | undefined, count: number, keepFollowing: boolean): Promise<CommandResult> {
  const files = logFiles(configFor(options), service);
  const logs = files.map(({ service: name, file }) => ({ service: name, file, lines: existsSync(file) ? lastLines(file, count) : [] }));
  const prefix = files.length > 1;
  const human = logs.map((l) => (prefix ? l.lines.map((line) => `${l.service} | ${line}`) : l.lines).join('\n')).filter(Boolean).join('\n');
  if (keepFollowing) {
    if (human) process.stdout.write(`${human}\n`);
    await follow(files, prefix);
    return { data: null, human: '' };
  }
  return { data: { logs }, human: human || `No log lines yet (${logs.map((l) => l.file).join(', ')}).` };
}
