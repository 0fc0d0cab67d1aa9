// The ONE client for outbound HTTP (webhooks and any future fetch). SSRF checks run on the
// addresses actually connected: a custom DNS lookup drops blocked answers, IP literals are
// checked before connecting, and every socket's remote address is checked again on connect
// (a backstop for anything that bypasses the lookup). Redirects are followed by hand so each
// hop goes through the same checks.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { blockedAddressReason, blockedHostnameReason, isAllowedHostname, type OutboundPolicy } from './address-policy.ts';

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** One deadline for the whole exchange, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Only this much of the response body is kept (for logs); the rest is discarded. */
  maxResponseBytes?: number;
}

export type OutboundResult =
  | { kind: 'response'; url: string; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'blocked'; url: string; reason: string }
  | { kind: 'failed'; url: string; error: string; code?: string; timedOut: boolean };

const BLOCKED_CODE = 'EOUTBOUNDBLOCKED';

function blockedError(reason: string): Error {
  return Object.assign(new Error(reason), { code: BLOCKED_CODE });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, minus the answers we may not connect to; fails when none is left. */
function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const reasons = addresses.map((a) => blockedAddressReason(a.address, policy));
      const safe = addresses.filter((_, i) => reasons[i] === null);
      if (safe.length === 0) return callback(blockedError(`"${hostname}" resolves to ${reasons[0] ?? 'no address'}`), '');
      if (options.all) callback(null, safe);
      else callback(null, safe[0].address, safe[0].family);
    });
  };
}

/** Why this URL may not be fetched before any connection is made, or null. */
export function blockedUrlReason(url: URL, policy: OutboundPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the "${url.protocol.replace(/:$/, '')}" scheme is not allowed (only http and https)`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isAllowedHostname(host, policy)) return null;
  if (isIP(host)) return blockedAddressReason(host, policy);
  return blockedHostnameReason(host);
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function readBody(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function send(hop: Hop, policy: OutboundPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  const trustHost = isAllowedHostname(hop.url.hostname.replace(/^\[|\]$/g, ''), policy);
  const client = hop.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(hop.url, {
      method: hop.method,
      headers: hop.body === undefined ? hop.headers : { ...hop.headers, 'Content-Length': String(Buffer.byteLength(hop.body)) },
      agent: false,
      signal,
      lookup: trustHost ? undefined : guardedLookup(policy),
    });
    req.on('socket', (socket: Socket) => {
      if (trustHost) return;
      socket.once('connect', () => {
        const reason = socket.remoteAddress ? blockedAddressReason(socket.remoteAddress, policy) : 'the connected address is unknown';
        if (reason) req.destroy(blockedError(reason));
      });
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(hop.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function nextHop(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url);
  // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
  if (status === 303 || ((status === 301 || status === 302) && hop.method === 'POST')) {
    const { 'Content-Type': _dropped, ...headers } = hop.headers;
    return { url, method: 'GET', headers };
  }
  return { ...hop, url };
}

export async function outboundRequest(request: OutboundRequest, policy: OutboundPolicy = {}): Promise<OutboundResult> {
  const signal = AbortSignal.timeout(request.timeoutMs ?? 5000);
  const maxRedirects = request.maxRedirects ?? 3;
  let hop: Hop;
  try {
    hop = { url: new URL(request.url), method: request.method ?? 'GET', headers: request.headers ?? {}, body: request.body };
  } catch {
    return { kind: 'blocked', url: request.url, reason: `"${request.url}" is not a valid URL` };
  }
  for (let redirects = 0; ; redirects++) {
    const url = hop.url.toString();
    const reason = blockedUrlReason(hop.url, policy);
    if (reason) return { kind: 'blocked', url, reason };
    let res: IncomingMessage;
    try {
      res = await send(hop, policy, signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === BLOCKED_CODE) return { kind: 'blocked', url, reason: (error as Error).message };
      const timedOut = signal.aborted;
      return { kind: 'failed', url, timedOut, code: timedOut ? 'TIMEOUT' : code, error: timedOut ? `no response within ${request.timeoutMs ?? 5000} ms` : (error as Error).message };
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECTS.has(status) && location && redirects < maxRedirects) {
      res.resume();
      hop = nextHop(hop, status, location);
      continue;
    }
    try {
      const body = await readBody(res, request.maxResponseBytes ?? 64 * 1024);
      return { kind: 'response', url, status, headers: res.headers, body };
    } catch (error) {
      return { kind: 'failed', url, timedOut: signal.aborted, code: signal.aborted ? 'TIMEOUT' : undefined, error: (error as Error).message };
    }
  }
}
