// How many Postgres connections a deployment opens at most, against `max_connections`
// (README "Connection budget"): each server holds its pool plus the auth-cache LISTEN
// connection, each worker its pool plus the outbox LISTEN connection, plus a few for CLI runs.
// Behind PgBouncer (PG_PREPARED_STATEMENTS=false) the pools end at the bouncer; only the
// direct LISTEN connections reach Postgres.
export interface BudgetInput {
  servers: number;
  workers: number;
  pool: number;
  pooled: boolean;
  maxConnections: number;
  reserved: number;
}

export interface Budget {
  needed: number;
  available: number;
  ok: boolean;
  detail: string;
}

/** Headroom for `twenty` CLI commands and doctor itself. */
const CLI_CONNECTIONS = 4;

export function connectionBudget(input: BudgetInput): Budget {
  const perProcess = input.pooled ? 1 : input.pool + 1;
  const needed = (input.servers + input.workers) * perProcess + CLI_CONNECTIONS;
  const available = input.maxConnections - input.reserved;
  const formula = input.pooled
    ? `${input.servers} servers + ${input.workers} workers × 1 direct LISTEN connection (pools go through PgBouncer) + ${CLI_CONNECTIONS} CLI`
    : `(${input.servers} servers + ${input.workers} workers) × (pool ${input.pool} + 1 LISTEN) + ${CLI_CONNECTIONS} CLI`;
  return { needed, available, ok: needed <= available, detail: `${formula} = ${needed} of ${available} usable (max_connections ${input.maxConnections} − ${input.reserved} reserved)` };
}
