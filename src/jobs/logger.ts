// The logging surface jobs need: the subset of pino's API we call, so the lead's pino instance
// fits and tests can pass a silent one. Callers log ids (jobId, workspaceId), never secrets.
export interface Logger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** An error as loggable plain data (pino serialises `err` keys; this keeps the message and code). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: { message: error.message, name: error.name, code: (error as { code?: unknown }).code } };
  return { err: { message: String(error) } };
}
