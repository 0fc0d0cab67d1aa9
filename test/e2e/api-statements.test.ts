// SQL statements per request: ONE data statement per root field, however deep the selection;
// the authentication statement runs only when the token's cached result was dropped (first
// use, or a change notified by Postgres); a metadata write reads the workspace model once. Counted from the Postgres server log with log_statement=all
// set on this test's database only: pg_stat_statements needs shared_preload_libraries (not set
// on this machine), and pg_stat_database counters are flushed up to 10 s late. The log is read
// from pg_current_logfile() or, without the logging collector, Debian's
// /var/log/postgresql/postgresql-<major>-main.log; without a readable log the test fails: it
// cannot prove anything without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, openSync, readSync, statSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { one, query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { serve } from '../helpers/cli.ts';
import { gqlData, send, startApiServer, type ApiServer } from '../helpers/api-server.ts';

const api: ApiServer = await startApiServer('Statements');
const { db, name } = api.database;

async function serverLogFile(): Promise<string | undefined> {
  const row = await one<{ file: string | null; dir: string; version: string }>(
    db,
    sql`SELECT pg_current_logfile() AS "file", current_setting('data_directory') AS "dir", current_setting('server_version_num') AS "version"`,
  );
  if (!row) return undefined;
  const candidates = [row.file ? join(row.dir, row.file) : '', row.file ?? '', `/var/log/postgresql/postgresql-${Math.floor(Number(row.version) / 10000)}-main.log`];
  return candidates.find((file) => {
    try {
      if (file === '' || !existsSync(file)) return false;
      closeSync(openSync(file, 'r'));
      return true;
    } catch {
      return false;
    }
  });
}

const logFile = await serverLogFile();
// Sessions read log_statement when they start: a server started after this line logs everything.
if (logFile) await query(db, sql`ALTER DATABASE ${ident(name)} SET log_statement = 'all'`);
const logged = logFile ? await serve(api.env) : undefined;

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** Statements this database's sessions ran while `action` ran, split into data and other. */
async function statementsDuring(action: () => Promise<void>): Promise<{ data: number; other: number; lines: string[] }> {
  const file = logFile as string;
  const start = statSync(file).size;
  await action();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = readFrom(file, start)
    .split('\n')
    .filter((line) => line.includes(`@${name} `) && /LOG:\s+(statement|execute [^:]*):/.test(line));
  const data = lines.filter((line) => line.includes('"workspace_')).length;
  return { data, other: lines.length - data, lines };
}

test('each root field is one data statement; authentication adds none once the token is cached', async () => {
  assert.ok(logFile, 'The Postgres server log is not readable (pg_current_logfile() or /var/log/postgresql/postgresql-<major>-main.log); this test counts statements in it. Run it as a user who can read the log.');
  const url = (logged as NonNullable<typeof logged>).url;
  const created = await api.rest('POST', '/companies', { name: 'Counted' }, url);
  assert.equal(created.status, 201, created.text);
  await api.rest('POST', '/people', { name: { firstName: 'C', lastName: 'D' }, companyId: created.body.data.createCompany.id }, url);

  const nested = '{ companies(first: 5) { totalCount edges { node { id name people { edges { node { id company { id } } } } } } } }';
  const oneRoot = await statementsDuring(async () => void gqlData(await api.gql(nested, {}, { url })));
  assert.equal(oneRoot.data, 1, oneRoot.lines.join('\n'));
  assert.equal(oneRoot.other, 0, oneRoot.lines.join('\n'));

  const threeRoots = await statementsDuring(async () => void gqlData(await api.gql('{ a: companies { totalCount } people { totalCount } notes { totalCount } }', {}, { url })));
  assert.equal(threeRoots.data, 3, threeRoots.lines.join('\n'));
  assert.equal(threeRoots.other, 0, threeRoots.lines.join('\n'));

  // Twenty 2.43's nested connect and offset stay inside the one statement of their root field.
  const connect = await statementsDuring(async () => {
    const data = { name: { firstName: 'Con', lastName: 'Nected' }, company: { connect: { where: { id: created.body.data.createCompany.id } } } };
    gqlData(await api.gql('mutation($d: PersonCreateInput!) { createPerson(data: $d) { id company { name } } }', { d: data }, { url }));
  });
  assert.equal(connect.data, 1, connect.lines.join('\n'));
  const offset = await statementsDuring(async () => void gqlData(await api.gql('{ companies(offset: 1) { edges { node { people(offset: 1) { totalCount } } } } }', {}, { url })));
  assert.equal(offset.data, 1, offset.lines.join('\n'));

  const rest = await statementsDuring(async () => {
    const r = await api.rest('GET', '/companies?depth=1', undefined, url);
    assert.equal(r.status, 200, r.text);
  });
  assert.equal(rest.data, 1, rest.lines.join('\n'));
  assert.equal(rest.other, 0, rest.lines.join('\n'));
});

test('a metadata write reads the workspace model once', async () => {
  assert.ok(logFile, 'The Postgres server log is not readable; this test counts statements in it.');
  const url = (logged as NonNullable<typeof logged>).url;
  const headers = { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' };
  // The request's own model comes from the server's cache: warm it for this metadata version.
  gqlData(await api.gql('{ companies(first: 1) { totalCount } }', {}, { url }));
  const objects = await send(`${url}/rest/metadata/objects`, { headers });
  const company = (objects.body.data as { id: string; nameSingular: string }[]).find((o) => o.nameSingular === 'company');
  assert.ok(company, objects.text);

  const write = await statementsDuring(async () => {
    const created = await send(`${url}/rest/metadata/fields`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ objectMetadataId: company.id, type: 'TEXT', name: 'loadCounted', label: 'Load counted' }),
    });
    assert.equal(created.status, 201, created.text);
  });
  // loadWorkspaceModel's object query, once per model read.
  const loads = write.lines.filter((line) => line.includes('FROM core."objectMetadata" WHERE "workspaceId" = $1 ORDER BY'));
  assert.equal(loads.length, 1, write.lines.join('\n'));
});
