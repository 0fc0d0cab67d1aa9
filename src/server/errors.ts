// The error middleware: anything thrown becomes an AppError (unknown errors are logged with
// their cause and answered without internals) and is rendered by the mount's renderer.
import type { NextFunction, Request, Response } from 'express';
import { toAppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { ErrorRenderer } from '../api/error-response.ts';

export function errorHandler(log: Logger, render: ErrorRenderer) {
  return (thrown: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const error = toAppError(thrown);
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      log.error({ requestId: res.locals.requestId, err: error.cause ?? thrown }, 'unhandled error');
    }
    if (res.headersSent) return;
    render(req, res, error);
  };
}
