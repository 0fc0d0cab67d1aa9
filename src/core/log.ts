// Structured JSON logs (pino) for server and worker; secrets redacted by path.
import { pino, type Logger } from 'pino';

export type { Logger };

// Asynchronous writes: log lines written while a write is in flight are coalesced into one
// write instead of one blocking write per request; pino flushes on exit.
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  const destination = level === 'silent' ? undefined : pino.destination({ dest: 1, sync: false });
  return pino({
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', 'secret', 'password', '*.secret', '*.password', '*.token'],
      censor: '[redacted]',
    },
  }, destination);
}
