// CORS for browser clients on other origins. Default: no origin is allowed, so browsers keep
// the same-origin policy. Credentials are Bearer headers, never cookies, so
// Access-Control-Allow-Credentials is never sent and a listed origin cannot ride a session.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../core/errors.ts';

export interface CorsOptions {
  /** Exact origins (`https://app.example.com`), or `*` for any. Empty: CORS off. */
  origins: readonly string[];
  maxAgeSeconds?: number;
}

const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const HEADERS = 'Authorization, Content-Type, Accept, X-Request-Id, Idempotency-Key';
const EXPOSED = 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, X-Request-Id';

/** Parses a comma-separated origin list (config), refusing anything that is not `scheme://host[:port]`. */
export function parseCorsOrigins(text: string | undefined): string[] {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return items.map((item) => {
    if (item === '*') return item;
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '')) {
      throw new AppError('CONFIG_INVALID', `CORS origin "${item}" is not an origin such as https://app.example.com (scheme, host and port only).`);
    }
    return url.origin;
  });
}

export function cors(options: CorsOptions): RequestHandler {
  const any = options.origins.includes('*');
  const allowed = new Set(options.origins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!origin || !(any || allowed.has(origin))) return next();
    res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    if (req.method !== 'OPTIONS' || !req.get('access-control-request-method')) return next();
    res.setHeader('Access-Control-Allow-Methods', METHODS);
    res.setHeader('Access-Control-Allow-Headers', HEADERS);
    res.setHeader('Access-Control-Max-Age', maxAge);
    res.status(204).end();
  };
}
