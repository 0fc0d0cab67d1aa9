// Twenty 2.43's MetadataApiClient.uploadFile against `twenty serve` with local storage:
// createFileUpload → PUT to our signed /files URL → completeFileUpload, then the signed download
// URL gives the bytes back; and the refusals of the same mutations over plain HTTP.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MetadataApiClient } from 'twenty-client-sdk/metadata';
import { one } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, startProcess, tempHome } from '../helpers/cli.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const database = await createTestDatabase();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = cliEnv({ TWENTY_HOME: tempHome(), SERVER_URL: url });
const init = await runCli(['init', '--yes', '--json', '--pg-url', database.url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Uploads'], env);
assert.equal(init.code, 0, init.stderr + init.stdout);
const key = await runCli(['apikey', 'create', '-w', 'Uploads', '--json'], env);
const token = key.json!.data!.token as string;
const model = join(tempHome('twenty-model-'), 'files.yaml');
writeFileSync(model, 'apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      contracts: {type: FILES, label: Contracts}\n');
const applied = await runCli(['metadata', 'apply', model, '-w', 'Uploads', '--json'], env);
assert.equal(applied.code, 0, applied.stdout + applied.stderr);
await startProcess(['serve', '--port', String(port)], env, /listening on (http:\/\/\S+)/);
const field = await one<{ id: string }>(database.db, sql`SELECT "id" FROM core."fieldMetadata" WHERE "name" = 'contracts'`);

async function metadata(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${url}/metadata`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: await response.json() as any };
}

test('MetadataApiClient.uploadFile uploads a file that its signed URL gives back', async () => {
  const client = new MetadataApiClient({ url: `${url}/metadata`, headers: { Authorization: `Bearer ${token}` } });
  const bytes = Buffer.from('%PDF-1.4\n% a tiny contract\n');
  const file = await client.uploadFile({ fileBuffer: bytes, filename: 'contract.pdf', fieldMetadataUniversalIdentifier: field!.id });
  assert.equal(file.size, bytes.length);
  assert.match(file.path, /^FilesField\/[0-9a-f-]{36}\/contract\.pdf$/);
  const download = await fetch(file.url);
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
});

test('the file mutations refuse bad folders, sizes, names and unknown ids with clean errors', async () => {
  const create = 'mutation($f: String!, $s: Float!, $d: FileFolder!, $m: String) { createFileUpload(filename: $f, size: $s, fileFolder: $d, fieldMetadataId: $m) { fileId uploadUrl contentType expiresAt } }';
  const cases: [Record<string, unknown>, string][] = [
    [{ f: '../x.pdf', s: 10, d: 'FilesField' }, 'BAD_USER_INPUT'],
    [{ f: 'a.pdf', s: 0, d: 'FilesField' }, 'BAD_USER_INPUT'],
    [{ f: 'a.pdf', s: 1e12, d: 'FilesField' }, 'BAD_USER_INPUT'],
    [{ f: 'a.pdf', s: 10, d: 'FilesField', m: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
  ];
  for (const [variables, code] of cases) {
    const r = await metadata(create, variables);
    assert.notEqual(r.status, 500);
    assert.equal(r.body.errors?.[0]?.extensions?.code, code, JSON.stringify(r.body));
  }
  const complete = await metadata('mutation($id: String!) { completeFileUpload(fileId: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' });
  assert.equal(complete.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const target = await metadata(create, { f: 'logo.png', s: 67, d: 'CorePicture' });
  assert.equal(target.body.errors, undefined, JSON.stringify(target.body));
  const notUploaded = await metadata('mutation($id: String!) { completeWorkspaceLogoUpload(fileId: $id) { id url } }', { id: target.body.data.createFileUpload.fileId });
  assert.equal(notUploaded.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});
