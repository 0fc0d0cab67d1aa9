// Before any timing: every operation is sent to every peer, responses are checked (no errors,
// writes return what they made), the ids each read returns are kept for comparison, and the
// SQL statements per request are counted through the wire counter.
import type { RunningPeer } from './peers/process.ts';
import { collectIds, ID_KEY, type BenchQuery, type PeerRequest, type QueryContext, type QueryId, type Send } from './queries.ts';
import type { StatementCounter } from './statement-counter.ts';

export interface Inspection {
  request: PeerRequest;
  /** Record ids of the first response, in document order. */
  ids: string[];
  statementsPerRequest: number;
}

export type PeerInspections = Map<QueryId, Inspection>;

const COUNTED_REQUESTS = 20;

export async function sendTo(baseUrl: string, request: PeerRequest, i = 0): Promise<unknown> {
  const res = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body?.(i) });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"')) throw new Error(`${request.method} ${request.path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

export async function inspectPeer(peer: RunningPeer, queries: BenchQuery[], ctx: QueryContext, counter: StatementCounter): Promise<PeerInspections> {
  const out: PeerInspections = new Map();
  const send: Send = (request) => sendTo(peer.url, request);
  for (const query of queries) {
    const plan = query.plans[peer.name];
    if (!plan) continue;
    const request = await plan(ctx, send);
    const where = `${query.id} on ${peer.name}`;
    const first = await sendTo(peer.url, request, 0).catch((error: Error) => {
      throw new Error(`${where}: ${error.message}`);
    });
    const ids = collectIds(first, ID_KEY[peer.name]);
    if (ids.length === 0) throw new Error(`${where} returned no records: ${JSON.stringify(first).slice(0, 300)}`);
    if (query.returns !== undefined && ids.length !== query.returns) throw new Error(`${where} returned ${ids.length} records, expected ${query.returns}.`);
    // Warm the peer's caches (plans, prepared statements) before counting.
    for (let i = 1; i < 4; i++) await sendTo(peer.url, request, i);
    counter.reset();
    for (let i = 4; i < 4 + COUNTED_REQUESTS; i++) await sendTo(peer.url, request, i);
    out.set(query.id, { request, ids, statementsPerRequest: counter.count() / COUNTED_REQUESTS });
  }
  return out;
}

/** Throws unless every peer returned the same record ids, in the same order, for each read. */
export function assertSameRows(queries: BenchQuery[], inspections: Map<string, PeerInspections>): void {
  const problems: string[] = [];
  for (const query of queries.filter((q) => !q.write)) {
    const [reference, ...others] = [...inspections].filter(([, found]) => found.has(query.id));
    if (!reference) continue;
    const expected = reference[1].get(query.id)?.ids ?? [];
    for (const [peer, found] of others) {
      const ids = found.get(query.id)?.ids ?? [];
      const at = ids.findIndex((id, i) => id !== expected[i]);
      if (ids.length !== expected.length || at >= 0) {
        const i = at >= 0 ? at : Math.min(ids.length, expected.length);
        problems.push(`${query.id}: ${peer} returned ${ids.length} ids, ${reference[0]} ${expected.length}; first difference at #${i}: ${ids[i]} vs ${expected[i]}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`Peers disagree on the rows they return — timing them would compare different work:\n${problems.join('\n')}`);
}
