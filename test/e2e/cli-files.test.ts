// `twenty files ls|get|put|rm` and the storage check of `twenty doctor`, through the real CLI.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_REDIS_URL, createTestDatabase } from '../helpers/services.ts';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';

const { url } = await createTestDatabase();
const home = tempHome();
const env = cliEnv({ TWENTY_HOME: home });
const bytes = randomBytes(300_000);
const source = join(home, 'report.pdf');

before(async () => {
  const r = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Acme'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const g = await runCli(['workspace', 'create', 'Globex', '--json'], env);
  assert.equal(g.code, 0, g.stderr + g.stdout);
  writeFileSync(source, bytes);
});

test('files put stores a file that ls lists and get gives back byte for byte; rm deletes it', async () => {
  const put = await runCli(['files', 'put', source, '-w', 'Acme', '--json'], env);
  assert.equal(put.code, 0, put.stderr + put.stdout);
  const key = put.json!.data!.key as string;
  assert.match(key, /^attachment\/[0-9a-f-]{36}\/report\.pdf$/);

  const ls = await runCli(['files', 'ls', '-w', 'Acme', '--json'], env);
  assert.deepEqual(ls.json!.data!.files.map((f: { key: string; size: number }) => [f.key, f.size]), [[key, bytes.length]]);
  assert.equal((await runCli(['files', 'ls', '-w', 'Globex', '--json'], env)).json!.data!.count, 0);

  const out = join(home, 'copy.pdf');
  const get = await runCli(['files', 'get', key, '-w', 'Acme', '-o', out, '--json'], env);
  assert.equal(get.code, 0, get.stderr + get.stdout);
  assert.ok(readFileSync(out).equals(bytes));

  const unconfirmed = await runCli(['files', 'rm', key, '-w', 'Acme', '--json'], env);
  assert.equal(unconfirmed.code, 2);
  assert.equal(unconfirmed.json!.error!.code, 'CONFIRMATION_REQUIRED');
  const rm = await runCli(['files', 'rm', key, '-w', 'Acme', '--yes', '--json'], env);
  assert.equal(rm.code, 0, rm.stderr + rm.stdout);
  assert.equal((await runCli(['files', 'ls', '-w', 'Acme', '--json'], env)).json!.data!.count, 0);
});

test('files refuses another workspace\'s keys, traversal and missing files with clean errors', async () => {
  const put = await runCli(['files', 'put', source, '-w', 'Globex', '--json'], env);
  assert.equal(put.code, 0, put.stderr + put.stdout);
  const globexWorkspaceKey = (await runCli(['files', 'ls', '-w', 'Globex', '--json'], env)).json!.data!.files[0].key as string;
  const list = await runCli(['workspace', 'list', '--json'], env);
  const globexId = list.json!.data!.workspaces.find((w: { displayName: string }) => w.displayName === 'Globex').id as string;

  const foreign = await runCli(['files', 'get', `workspace-${globexId}/${globexWorkspaceKey}`, '-w', 'Acme', '-o', join(home, 'x'), '--json'], env);
  assert.equal(foreign.code, 3, foreign.stdout);
  assert.equal(foreign.json!.error!.code, 'FORBIDDEN');
  const traversal = await runCli(['files', 'rm', `../workspace-${globexId}/${globexWorkspaceKey}`, '-w', 'Acme', '--yes', '--json'], env);
  assert.equal(traversal.json!.error!.code, 'BAD_USER_INPUT');
  const missing = await runCli(['files', 'get', 'attachment/none.pdf', '-w', 'Acme', '-o', join(home, 'y'), '--json'], env);
  assert.equal(missing.code, 4);
  assert.equal(missing.json!.error!.code, 'NOT_FOUND');
  assert.equal((await runCli(['files', 'ls', '-w', 'Globex', '--json'], env)).json!.data!.count, 1);
});

test('doctor checks that storage is writable, and fails when it is not reachable', async () => {
  const ok = await runCli(['doctor', '--json'], env);
  const storage = ok.json!.data?.checks.find((c: { name: string }) => c.name === 'storage');
  assert.equal(storage.ok, true, JSON.stringify(storage));
  const broken = await runCli(['doctor', '--json'], { ...env, STORAGE_TYPE: 's3', STORAGE_S3_NAME: 'nowhere', STORAGE_S3_ENDPOINT: 'http://127.0.0.1:9', STORAGE_S3_ACCESS_KEY_ID: 'x', STORAGE_S3_SECRET_ACCESS_KEY: 'y' });
  assert.equal(broken.code, 1);
  const failed = broken.json!.data?.checks?.find((c: { name: string }) => c.name === 'storage') ?? broken.json!.error;
  assert.equal(failed.ok ?? false, false, broken.stdout);
});

test('backup -w carries the workspace\'s local files and restore puts every byte back', async () => {
  const put = await runCli(['files', 'put', source, '-w', 'Acme', '--folder', 'attachment', '--json'], env);
  assert.equal(put.code, 0, put.stderr + put.stdout);
  const key = put.json!.data!.key as string;
  const archive = join(home, 'acme.dump');
  const backup = await runCli(['backup', '-w', 'Acme', '-o', archive, '--json'], env);
  assert.equal(backup.code, 0, backup.stderr + backup.stdout);
  assert.equal(backup.json!.data!.files.files, 1);

  assert.equal((await runCli(['files', 'rm', key, '-w', 'Acme', '--yes', '--json'], env)).code, 0);
  assert.equal((await runCli(['workspace', 'delete', 'Acme', '--yes', '--json'], env)).code, 0);
  const restore = await runCli(['restore', archive, '--json'], env);
  assert.equal(restore.code, 0, restore.stderr + restore.stdout);
  assert.equal(restore.json!.data!.files.files, 1);

  const out = join(home, 'restored.pdf');
  const get = await runCli(['files', 'get', key, '-w', 'Acme', '-o', out, '--json'], env);
  assert.equal(get.code, 0, get.stderr + get.stdout);
  assert.ok(readFileSync(out).equals(bytes));
});
