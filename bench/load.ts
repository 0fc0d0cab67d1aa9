// One measurement: autocannon against one peer for one operation, with the server's and
// Postgres' CPU time per request read from /proc around the run, and the server's RSS after.
import autocannon from 'autocannon';
import type { Db } from '../src/core/db.ts';
import { backendPids, cpuDelta, cpuMs, rssMb, snapshot } from './proc.ts';
import type { RunningPeer } from './peers/process.ts';
import type { PeerRequest } from './queries.ts';

export interface Measurement {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts, non-2xx answers and 2xx answers whose body holds "errors". */
  errors: number;
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  rssMb: number | null;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  /** A connection to any database of the same Postgres, to find the peer's backends. */
  admin: Db;
  dbName: string;
}

function autocannonRequest(request: PeerRequest): Parameters<typeof autocannon>[0]['requests'] {
  const base = { method: request.method, path: request.path, headers: request.headers };
  const body = request.body;
  if (!body) return [base];
  let i = 0;
  return [{ ...base, body: body(0), setupRequest: (req) => ({ ...req, body: body(i++) }) }];
}

export async function measure(peer: RunningPeer, request: PeerRequest, options: LoadOptions): Promise<Measurement> {
  const pidsBefore = await backendPids(options.admin, options.dbName);
  const pgBefore = snapshot(pidsBefore);
  const serverBefore = cpuMs(peer.pid);
  const result = await autocannon({
    url: peer.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    requests: autocannonRequest(request),
    // GraphQL servers answer 200 with an "errors" member; count those as failures.
    verifyBody: (body) => !body.includes('"errors"'),
  });
  const serverAfter = cpuMs(peer.pid);
  const pidsAfter = await backendPids(options.admin, options.dbName);
  const pgAfter = snapshot([...new Set([...pidsBefore, ...pidsAfter])]);
  const requests = result.requests.total;
  const perRequest = (ms: number | undefined) => (ms === undefined || requests === 0 ? null : ms / requests);
  return {
    requestsPerSecond: result.requests.average,
    requests,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    serverCpuMsPerRequest: perRequest(serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore),
    postgresCpuMsPerRequest: pgAfter.size === 0 ? null : perRequest(cpuDelta(pgBefore, pgAfter)),
    rssMb: rssMb(peer.pid) ?? null,
  };
}
