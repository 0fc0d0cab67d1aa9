// CPU time and memory of processes from /proc (Linux): the least noisy figures on a shared
// machine. CPU is utime + stime in clock ticks (USER_HZ, 100 on Linux), converted to ms.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus as cpuList } from 'node:os';
import { rows, type Db } from '../src/core/db.ts';
import { sql } from '../src/core/sql.ts';

const TICK_MS = 10;

/** CPU ms used so far by a process, or undefined when it is gone or /proc is unavailable. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

export function rssMb(pid: number): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Postgres backend pids serving one database (the peer's pool), from pg_stat_activity. */
export async function backendPids(admin: Db, dbName: string): Promise<number[]> {
  const list = await rows<{ pid: number }>(admin, sql`SELECT pid FROM pg_stat_activity WHERE datname = ${dbName} AND pid <> pg_backend_pid()`);
  return list.map((r) => r.pid);
}

export type CpuSnapshot = Map<number, number>;

export function snapshot(pids: number[]): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== undefined) out.set(pid, ms);
  }
  return out;
}

/** CPU used between two snapshots; a backend that appeared in between counts in full. */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Pins this process (all its threads) to the last CPU, leaving the others to the server
 * under test; false when taskset is missing or there is one CPU.
 */
export function pinSelfToLastCpu(): boolean {
  const cpus = cpuList().length;
  if (cpus < 2) return false;
  const r = spawnSync('taskset', ['-a', '-p', '-c', String(cpus - 1), String(process.pid)], { stdio: 'ignore' });
  return r.status === 0;
}

/** The taskset prefix that runs a server on every CPU but the last, or [] when unavailable. */
export function serverCpuPrefix(): string[] {
  const cpus = cpuList().length;
  if (cpus < 2) return [];
  const r = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return r.status === 0 ? ['taskset', '-c', cpus === 2 ? '0' : `0-${cpus - 2}`] : [];
}
