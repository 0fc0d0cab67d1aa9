// Structured JSON logs (pino) for server and worker; secrets redacted by path.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', 'secret', 'password', '*.secret', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
