// One log line per outage, not one per failed request: the first failure of a dependency
// (Postgres, Redis, a LISTEN connection) logs a warning, later failures only count, and the
// first success after it logs how long the outage lasted and how many failures it caused.
export interface OutageLogger {
  warn(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
}

export interface Outage {
  /** A failure; logged only when the dependency was up until now. */
  down(error?: unknown): void;
  /** A success; logs the recovery when the dependency was down. */
  up(): void;
  readonly isDown: boolean;
}

function reason(error: unknown): Record<string, unknown> {
  if (error === undefined) return {};
  const e = error as { message?: unknown; code?: unknown; cause?: { message?: unknown; code?: unknown } };
  // AppError wraps the driver's error: its cause says what actually happened.
  const source = e.cause && typeof e.cause === 'object' ? e.cause : e;
  return { err: { message: String(source.message ?? error), code: source.code } };
}

// A restart ends connections one by one while others still answer: successes in between are
// part of the same outage, which ends only after this long without a failure.
const SETTLE_MS = 2000;

/**
 * `settleMs`: how long without a failure ends the outage; 0 for a single connection, whose
 * successful reconnect is the end of it.
 */
export function createOutage(log: OutageLogger | undefined, dependency: string, fields: Record<string, unknown> = {}, settleMs = SETTLE_MS): Outage {
  let since: number | undefined;
  let failures = 0;
  let settling: NodeJS.Timeout | undefined;
  let recoveredAt = 0;
  return {
    down(error) {
      failures += 1;
      clearTimeout(settling);
      settling = undefined;
      if (since !== undefined) return;
      since = Date.now();
      log?.warn({ dependency, ...fields, ...reason(error) }, `${dependency} unavailable; reconnecting in the background`);
    },
    up() {
      if (since === undefined || settling) return;
      recoveredAt = Date.now();
      const recover = () => {
        log?.info({ dependency, ...fields, outageMs: recoveredAt - (since as number), failures }, `${dependency} available again`);
        since = undefined;
        failures = 0;
        settling = undefined;
      };
      if (settleMs <= 0) return recover();
      settling = setTimeout(recover, settleMs);
      settling.unref();
    },
    get isDown() {
      return since !== undefined;
    },
  };
}

/** Exponential backoff with full jitter for reconnect loops: 100 ms doubling, capped. */
export function reconnectDelayMs(attempt: number, capMs = 5000): number {
  const ceiling = Math.min(capMs, 100 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
