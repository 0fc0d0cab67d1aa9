// A real HTTP receiver for webhook tests: listens on every interface (so loopback spellings
// like 127.0.0.2 or [::1] would reach it), records each request, answers as the test says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface Receiver {
  port: number;
  url(path?: string): string;
  requests: ReceivedRequest[];
  /** How to answer request number `index` (0-based); the default is 200. */
  reply: (request: ReceivedRequest, index: number) => Reply;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    port: 0,
    url: (path = '/hook') => `http://127.0.0.1:${receiver.port}${path}`,
    requests: [],
    reply: () => ({ status: 200 }),
    waitFor(count, timeoutMs = 10_000) {
      if (receiver.requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${receiver.requests.length} of ${count} requests`)), timeoutMs);
        waiters.push({ count, resolve: () => {
          clearTimeout(timer);
          resolve();
        } });
      });
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = receiver.requests.push(request) - 1;
      const reply = receiver.reply(request, index);
      for (const w of waiters.filter((w) => receiver.requests.length >= w.count)) w.resolve();
      setTimeout(() => res.writeHead(reply.status, reply.headers).end(reply.body ?? ''), reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return receiver;
}
