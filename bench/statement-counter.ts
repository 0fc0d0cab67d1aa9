// Counts the SQL statements a server sends, at the wire: a TCP proxy in front of Postgres that
// reads the frontend protocol and counts Query ('Q', simple protocol) and Execute ('E',
// extended protocol) messages. Exact for any client library, and it needs nothing from the
// Postgres server (pg_stat_statements is rarely preloaded). Only the counting instance of a
// peer goes through it; timed instances connect directly.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface StatementCounter {
  /** The Postgres URL to give the server instead of the real one. */
  url: string;
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Counts messages in one client→server stream; the first message (startup) has no type byte. */
function meter(onStatement: () => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const header = started ? 5 : 4;
      if (pending.length < header) return;
      const length = pending.readUInt32BE(started ? 1 : 0) + (started ? 1 : 0);
      if (pending.length < length) return;
      if (started && (pending[0] === 0x51 || pending[0] === 0x45)) onStatement();
      // SSLRequest/GSSENCRequest are followed by another startup message.
      const code = started ? 0 : pending.readUInt32BE(4);
      if (!started && code !== 80877103 && code !== 80877104) started = true;
      pending = pending.subarray(length);
    }
  };
}

export async function startStatementCounter(pgUrl: string): Promise<StatementCounter> {
  const target = new URL(pgUrl);
  let statements = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const count = meter(() => statements++);
    client.on('data', (chunk: Buffer) => {
      count(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(pgUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    count: () => statements,
    reset: () => {
      statements = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
