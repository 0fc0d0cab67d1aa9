// Small process helpers for provisioning: run a program and capture its output, find a program,
// and tell whether a pid from a pidfile still belongs to the server that wrote it.
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a program to completion; never throws for a non-zero exit (the caller reads `code`). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        // A program that could not start at all reports a string code (ENOENT, EACCES); map it to 127
        // like a shell does, with the reason in stderr so callers can show one message.
        if (failure && typeof failure.code === 'string') {
          resolve({ code: 127, stdout, stderr: `${stderr}${failure.message}` });
          return;
        }
        resolve({ code: failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs a quick program synchronously and returns its trimmed stdout, or undefined if it failed. */
export function runSync(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a program up on PATH, then in the extra directories (sbin dirs are often not on PATH). */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (a postgres-owned server seen by a non-root caller).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether pid runs the expected program and has not exited. Where /proc exists we check its name
 * (a pidfile left by a crash can name a pid reused after a reboot) and its state: a daemon whose
 * parent is not a reaping init stays a zombie after exit, and kill(pid, 0) still succeeds on it.
 */
export function isServerPid(pid: number, programName: string): boolean {
  if (!isPidAlive(pid)) return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  // "<pid> (<comm>) <state> ..."; comm may itself contain spaces or parentheses.
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return comm.startsWith(programName) && state !== 'Z' && state !== 'X';
}

/** Reads a pid from the first line of a pidfile; undefined when missing or malformed. */
export function readPidFile(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The last lines of a log file, for error details; empty when it cannot be read. */
export function tailFile(path: string, lines = 8): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
