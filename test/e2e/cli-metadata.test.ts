// The metadata commands through the real CLI: validate with locations, plan with exit codes
// and saved plans, apply (destructive refusal, idempotency), export round trip, drift.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';
import { query } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';

const { url, db } = await createTestDatabase();
const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home });
const dir = join(home, 'model');
let schema = '';

before(async () => {
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Acme'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  schema = r.json?.data?.workspace.schemaName;
  mkdirSync(dir);
});

const model = (fields: string) => `apiVersion: twenty/v1
objects:
  deal:
    namePlural: deals
    fields:
${fields}
`;

test('validate reports every problem with file:line:column and a suggestion', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, model('      amount: {type: CURRENCYY}\n      Stage: TEXT'));
  const r = await runCli(['metadata', 'validate', file], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.yaml:\d+:\d+/);
  assert.match(r.stderr, /Did you mean "CURRENCY"\?/);
  assert.match(r.stderr, /Stage/);
});

test('plan shows changes with exit 2 under --detailed-exitcode; apply makes them; the second apply changes nothing', async () => {
  const file = join(dir, 'deal.yaml');
  writeFileSync(file, model('      amount: CURRENCY\n      stage: {type: SELECT, options: [{value: NEW}, {value: WON}]}\n      company:\n        type: RELATION\n        relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}'));
  const plan = await runCli(['metadata', 'plan', file, '-w', 'Acme', '--detailed-exitcode', '--json'], env);
  assert.equal(plan.code, 2, plan.stdout + plan.stderr);
  const changes = plan.json?.data?.workspaces[0].changes as { kind: string; safety: string }[];
  assert.equal(changes[0].kind, 'createObject');
  assert.ok(changes.every((c) => c.safety === 'safe'));

  const md = await runCli(['metadata', 'plan', file, '-w', 'Acme', '--format', 'markdown', '--sql'], env);
  assert.match(md.stdout, /\| # \| safety \| change \|/);
  assert.match(md.stdout, /CREATE TABLE/);

  const apply = await runCli(['metadata', 'apply', file, '-w', 'Acme', '--json'], env);
  assert.equal(apply.code, 0, apply.stdout + apply.stderr);
  assert.equal(apply.json?.data?.workspaces[0].applied, true);

  const again = await runCli(['metadata', 'plan', file, '-w', 'Acme', '--detailed-exitcode'], env);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /no changes/);
});

test('a saved plan applies once; after the workspace changes it is refused as stale (exit 6)', async () => {
  const file = join(dir, 'deal.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}      priority: NUMBER\n`);
  const out = join(home, 'plan.json');
  const plan = await runCli(['metadata', 'plan', file, '-w', 'Acme', '--out', out], env);
  assert.equal(plan.code, 0, plan.stderr);
  writeFileSync(join(home, 'other.yaml'), model('      note: TEXT'));
  const other = await runCli(['metadata', 'apply', join(home, 'other.yaml'), '-w', 'Acme'], env);
  assert.equal(other.code, 0, other.stderr);
  const stale = await runCli(['metadata', 'apply', out, '--json'], env);
  assert.equal(stale.code, 6);
  assert.equal(stale.json?.error?.code, 'STALE_PLAN');
});

test('removing a field with data is refused without --allow-destructive and keeps the data', async () => {
  const add = await runCli(['metadata', 'apply', join(dir, 'deal.yaml'), '-w', 'Acme'], env);
  assert.equal(add.code, 0, add.stderr);
  await query(db, sql`INSERT INTO ${ident(schema, '_deal')} ("name", "priority") VALUES ('big', 5)`);
  writeFileSync(join(home, 'remove.yaml'), 'apiVersion: twenty/v1\nremoved:\n  - field: deal.priority\n');
  const refused = await runCli(['metadata', 'apply', join(home, 'remove.yaml'), '-w', 'Acme', '--json'], env);
  assert.equal(refused.code, 2, refused.stdout);
  assert.equal(refused.json?.error?.code, 'CONFIRMATION_REQUIRED');
  assert.match(refused.json?.error?.hint ?? '', /--allow-destructive/);
  const kept = await query(db, sql`SELECT "priority" FROM ${ident(schema, '_deal')} WHERE "name" = 'big'`);
  assert.equal(kept.rows[0].priority, 5);
  const allowed = await runCli(['metadata', 'apply', join(home, 'remove.yaml'), '-w', 'Acme', '--allow-destructive', '--json'], env);
  assert.equal(allowed.code, 0, allowed.stdout);
});

test('export then apply is "no changes", and export --check guards the files', async () => {
  const out = join(home, 'exported');
  const exp = await runCli(['metadata', 'export', '-w', 'Acme', '-o', out], env);
  assert.equal(exp.code, 0, exp.stderr);
  const plan = await runCli(['metadata', 'plan', out, '-w', 'Acme', '--detailed-exitcode', '--json'], env);
  assert.equal(plan.code, 0, JSON.stringify(plan.json?.data?.workspaces?.[0]?.changes ?? plan.json));
  const check = await runCli(['metadata', 'export', '-w', 'Acme', '-o', out, '--check'], env);
  assert.equal(check.code, 0);
  writeFileSync(join(home, 'more.yaml'), model('      extra: BOOLEAN'));
  await runCli(['metadata', 'apply', join(home, 'more.yaml'), '-w', 'Acme'], env);
  const stale = await runCli(['metadata', 'export', '-w', 'Acme', '-o', out, '--check'], env);
  assert.equal(stale.code, 2);
});

test('drift lists a column added behind the metadata\'s back', async () => {
  await query(db, sql`ALTER TABLE ${ident(schema, 'company')} ADD COLUMN "sneaky" text`);
  const r = await runCli(['metadata', 'drift', '-w', 'Acme', '--json'], env);
  assert.equal(r.code, 1);
  assert.ok(r.json?.data?.workspaces[0].drift.some((d: { column?: string }) => d.column === 'sneaky'));
});

test('--all-workspaces applies to every workspace and reports each', async () => {
  await runCli(['workspace', 'create', 'Beta'], env);
  const r = await runCli(['metadata', 'apply', join(dir, 'deal.yaml'), '--all-workspaces', '--json'], env);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json?.data?.workspaces.length, 2);
});
