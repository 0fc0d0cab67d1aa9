// The raw baseline server: node:http + pg and nothing else. POST /<route> with a JSON object
// of parameters runs that route's one statement (a named prepared statement) and writes the
// JSON text Postgres produced. Usage: node raw-server.ts <pg-url> <schema> <pool-size>
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { rawStatements } from './raw-sql.ts';

const [pgUrl, schema, poolSize] = process.argv.slice(2);
const statements = rawStatements(schema);
const pool = new pg.Pool({ connectionString: pgUrl, max: Number(poolSize), application_name: 'bench-raw' });
pool.on('error', () => {});

function fail(res: import('node:http').ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message }] }));
}

const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.end('ok');
  const route = req.url?.slice(1) ?? '';
  const statement = statements[route];
  if (!statement || req.method !== 'POST') return fail(res, 404, `no route ${req.method} ${req.url}`);
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const result = await pool.query<{ body: string }>({ name: route, text: statement.text, values: statement.params.map((name) => body[name]) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(result.rows[0]?.body ?? 'null');
    } catch (error) {
      fail(res, 500, (error as Error).message);
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`raw: listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
});
