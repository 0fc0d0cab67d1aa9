// `twenty workspace seed` through the real binary: the demo set, record files, and a bad CSV
// row that names its line and writes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';
import { one } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';

const { url, db } = await createTestDatabase();
const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home });
let schema = '';

async function count(table: string): Promise<number> {
  return (await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${ident(schema, table)}`))?.n ?? 0;
}

before(async () => {
  const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL], env);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const ws = await runCli(['workspace', 'create', 'Seeded', '--json'], env);
  assert.equal(ws.code, 0, ws.stderr + ws.stdout);
  schema = ws.json?.data?.schemaName as string;
});

test('seed --demo inserts the demo set and reports counts and rows/s', async () => {
  const r = await runCli(['workspace', 'seed', '--workspace', 'Seeded', '--demo', '--json'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.json?.data?.inserted.company, 50);
  assert.equal(r.json?.data?.inserted.person, 200);
  assert.ok(r.json?.data?.rowsPerSecond > 0);
  assert.equal(r.stderr, '', 'no progress bar without a TTY');
  assert.equal(await count('person'), 200);
});

test('seed --file with a bad CSV row names the line and writes nothing; a good YAML file seeds', async () => {
  const dir = tempHome('twenty-seed-');
  const bad = join(dir, 'companies.csv');
  writeFileSync(bad, 'name,domainName.primaryLinkUrl,employees\nCsv One,csv1.example,3\nCsv Two,csv2.example,three\n');
  const before = await count('company');
  const r = await runCli(['workspace', 'seed', '-w', 'Seeded', '--file', bad, '--object', 'company', '--json'], env);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.json?.error?.code, 'BAD_USER_INPUT');
  assert.match(r.json?.error?.message ?? '', /Line 3 of .*companies\.csv.*employees/);
  assert.equal(await count('company'), before);

  const good = join(dir, 'crm.yaml');
  writeFileSync(good, 'companies:\n  - name: Yaml One\n  - name: Yaml Two\npeople:\n  - name: {firstName: Y, lastName: One}\n');
  const ok = await runCli(['workspace', 'seed', '-w', 'Seeded', '--file', good, '--json'], env);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(ok.json?.data?.inserted, { company: 2, person: 1 });

  const usage = await runCli(['workspace', 'seed', '-w', 'Seeded', '--json'], env);
  assert.equal(usage.code, 2);
  assert.equal(usage.json?.error?.code, 'USAGE');
});
