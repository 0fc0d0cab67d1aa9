// createFileUpload → PUT → completeFileUpload, on both drivers (local through our signed route,
// S3 through a presigned URL to a real s3rver), and the checks completion makes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { MEMBER_PERMISSIONS } from '../../src/auth/permissions.ts';
import { AppError } from '../../src/core/errors.ts';
import { migrate } from '../../src/core/migrate.ts';
import { one } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { createS3Driver } from '../../src/core/storage/s3-driver.ts';
import { workspacePrefix } from '../../src/core/storage/storage-key.ts';
import { completeFileUpload, createFileUpload, type FilesContext } from '../../src/api/files/file-uploads.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { startFilesServer } from '../helpers/files-server.ts';
import { startTestS3 } from '../helpers/s3-server.ts';

const MAX = 1024 * 1024;
const { db } = await createTestDatabase();
await migrate(db);
const acme = await createWorkspace(db, { displayName: 'Acme' });
const globex = await createWorkspace(db, { displayName: 'Globex' });
const local = await startFilesServer(MAX, db);
const s3 = await startTestS3('twenty-uploads');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex');
const caller = { workspaceId: acme.id, permissions: MEMBER_PERMISSIONS };

const contexts: [string, FilesContext][] = [
  ['local', { db, storage: local.storage, maxBytes: MAX }],
  ['s3', { db, storage: createS3Driver({ ...s3.options, maxBytes: MAX }), maxBytes: MAX }],
];

function rejectsCode(promise: Promise<unknown>, code: string): Promise<void> {
  return assert.rejects(promise, (e: unknown) => e instanceof AppError && e.code === code && e.spec.http < 500);
}

async function status(id: string): Promise<string | undefined> {
  return (await one<{ status: string }>(db, sql`SELECT "status" FROM core.file WHERE "id" = ${id}`))?.status;
}

for (const [name, ctx] of contexts) {
  describe(`file uploads on the ${name} driver`, () => {
    it('creates an upload, takes the bytes at its URL and completes it with a signed download URL', async () => {
      const target = await createFileUpload(ctx, caller, { filename: 'pixel.png', size: PNG.length, fileFolder: 'FilesField' });
      assert.equal(target.contentType, 'image/png');
      assert.ok(target.expiresAt.getTime() > Date.now());
      assert.equal(await status(target.fileId), 'pending');
      const put = await fetch(target.uploadUrl, { method: 'PUT', body: new Uint8Array(PNG), headers: { 'content-type': target.contentType } });
      assert.equal(put.status, 200, await put.text());
      const file = await completeFileUpload(ctx, caller, target.fileId);
      assert.deepEqual([file.id, file.size], [target.fileId, PNG.length]);
      assert.match(file.path, /^FilesField\/[0-9a-f-]{36}\/pixel\.png$/);
      assert.equal(await status(target.fileId), 'completed');
      const download = await fetch(file.url);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
      // Completing again is harmless and gives a fresh URL.
      assert.equal((await completeFileUpload(ctx, caller, target.fileId)).id, target.fileId);
    });

    it('refuses to complete an upload whose bytes are not what its name says, deleting them', async () => {
      const target = await createFileUpload(ctx, caller, { filename: 'photo.png', size: 20, fileFolder: 'FilesField' });
      const html = Buffer.from('<html><script></script>'.slice(0, 20));
      // Straight to storage, as a client with a presigned S3 URL could.
      const key = `${workspacePrefix(acme.id)}FilesField/${target.fileId}/photo.png`;
      const { Readable } = await import('node:stream');
      await ctx.storage.put(key, Readable.from([html]), { size: 20 });
      await rejectsCode(completeFileUpload(ctx, caller, target.fileId), 'FILE_TYPE_MISMATCH');
      assert.equal(await ctx.storage.head(key), undefined);
      assert.equal(await status(target.fileId), undefined);
    });

    it('refuses to complete an upload of another size or never uploaded', async () => {
      const target = await createFileUpload(ctx, caller, { filename: 'a.txt', size: 10, fileFolder: 'FilesField' });
      await rejectsCode(completeFileUpload(ctx, caller, target.fileId), 'BAD_USER_INPUT');
      const key = `${workspacePrefix(acme.id)}FilesField/${target.fileId}/a.txt`;
      const { Readable } = await import('node:stream');
      await ctx.storage.put(key, Readable.from([Buffer.from('12345')]), { size: 5 });
      await rejectsCode(completeFileUpload(ctx, caller, target.fileId), 'BAD_USER_INPUT');
      assert.equal(await ctx.storage.head(key), undefined);
    });

    it('does not know another workspace\'s file ids, unknown folders or bad sizes', async () => {
      const target = await createFileUpload(ctx, caller, { filename: 'a.png', size: 10, fileFolder: 'FilesField' });
      await rejectsCode(completeFileUpload(ctx, { workspaceId: globex.id, permissions: MEMBER_PERMISSIONS }, target.fileId), 'NOT_FOUND');
      await rejectsCode(completeFileUpload(ctx, caller, randomUUID()), 'NOT_FOUND');
      await rejectsCode(completeFileUpload(ctx, caller, '../x'), 'NOT_FOUND');
      await rejectsCode(createFileUpload(ctx, caller, { filename: 'a.png', size: 10, fileFolder: '../etc' }), 'BAD_USER_INPUT');
      await rejectsCode(createFileUpload(ctx, caller, { filename: '../a.png', size: 10, fileFolder: 'FilesField' }), 'BAD_USER_INPUT');
      await rejectsCode(createFileUpload(ctx, caller, { filename: 'a.png', size: 0, fileFolder: 'FilesField' }), 'BAD_USER_INPUT');
      await rejectsCode(createFileUpload(ctx, caller, { filename: 'a.png', size: MAX + 1, fileFolder: 'FilesField' }), 'PAYLOAD_TOO_LARGE');
    });
  });
}

it('/metrics shows the completed bytes stored per workspace', async () => {
  const text = await (await fetch(`${local.signer.serverUrl}/metrics`)).text();
  const completed = await one<{ bytes: number }>(db, sql`SELECT sum("size")::float8 AS "bytes" FROM core.file WHERE "workspaceId" = ${acme.id} AND "status" = 'completed'`);
  assert.ok(completed!.bytes > 0);
  assert.match(text, new RegExp(`twenty_storage_stored_bytes\\{workspace="${acme.id}"\\} ${completed!.bytes}\\b`));
  assert.doesNotMatch(text, new RegExp(`twenty_storage_stored_bytes\\{workspace="${globex.id}"`));
});
