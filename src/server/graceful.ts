// The HTTP server's connection handling and graceful stop. Keep-alive connections outlive the
// idle timeout of load balancers in front (AWS ALB and nginx default to 60 s): a server that
// closes an idle connection first races the balancer reusing it, and the balancer's request is
// reset; Node's default of 5 s was the likely cause of unexplained resets. On stop: no new
// connections, idle ones closed, every response from then on says `Connection: close`, and
// the server is done as soon as the last in-flight request has its answer.
import http from 'node:http';
import type { Logger } from '../core/log.ts';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// Must exceed keepAliveTimeout, or a slow first header on a reused connection is cut.
export const HEADERS_TIMEOUT_MS = 66_000;

export interface GracefulServer {
  server: http.Server;
  /** Requests still waiting for (or sending) their response. */
  inFlight(): number;
  /** Resolves once every in-flight request is answered, or after `graceMs` (then forcing). */
  stop(graceMs: number): Promise<{ forced: boolean; inFlight: number }>;
}

export function createGracefulServer(handler: http.RequestListener, log: Logger): GracefulServer {
  const pending = new Set<http.ServerResponse>();
  let stopping = false;
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (req, res) => {
    pending.add(res);
    if (stopping) res.setHeader('Connection', 'close');
    const started = Date.now();
    // Read now: routers rewrite req.url while the request is handled.
    const path = req.url?.split('?')[0];
    res.on('close', () => {
      pending.delete(res);
      // The connection went away before the response was complete: say so, it is otherwise
      // invisible (the access log line is written on 'finish').
      if (!res.writableFinished) {
        log.warn({ requestId: res.getHeader('x-request-id'), method: req.method, path, ms: Date.now() - started, headersSent: res.headersSent }, 'request ended without a complete response');
      }
    });
    handler(req, res);
  });
  return {
    server,
    inFlight: () => pending.size,
    stop(graceMs) {
      stopping = true;
      // Responses not yet started close their connection once sent; ones already streaming
      // end their connection through the idle check below when they finish.
      for (const res of pending) if (!res.headersSent) res.setHeader('Connection', 'close');
      return new Promise((resolve) => {
        const inFlight = pending.size;
        const timer = setTimeout(() => {
          log.warn({ graceMs, inFlight: pending.size }, 'requests still open at the end of the grace period; closing them');
          server.closeAllConnections();
          resolve({ forced: true, inFlight });
        }, graceMs);
        // close() stops accepting and calls back once every connection is gone.
        server.close(() => {
          clearTimeout(timer);
          resolve({ forced: false, inFlight });
        });
        server.closeIdleConnections();
        // A connection whose response was already under way when we stopped becomes idle when
        // it ends; close it then rather than waiting for its keep-alive timeout.
        for (const res of pending) res.on('finish', () => setImmediate(() => server.closeIdleConnections()));
      });
    },
  };
}
