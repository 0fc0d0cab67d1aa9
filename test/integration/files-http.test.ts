// The local driver's signed /files routes through the real app (createApp): the upload and
// download flow, and the negative table — every refusal a 4xx with its code, nothing stored.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ADMIN_PERMISSIONS, MEMBER_PERMISSIONS, type Permissions } from '../../src/auth/permissions.ts';
import { AppError } from '../../src/core/errors.ts';
import { createDb } from '../../src/core/db.ts';
import { signLocalUrl } from '../../src/core/storage/local-url.ts';
import { storageKey } from '../../src/core/storage/storage-key.ts';
import { issueDownloadUrl, issueUploadUrl } from '../../src/api/files/file-urls.ts';
import { ADMIN_PG_URL } from '../helpers/services.ts';
import { startFilesServer } from '../helpers/files-server.ts';

const MAX = 1024 * 1024;
const db = createDb(ADMIN_PG_URL, { max: 1 });
after(() => db.end());
const { root, signer, storage } = await startFilesServer(MAX, db);

const A = randomUUID();
const B = randomUUID();
const member = { workspaceId: A, permissions: MEMBER_PERMISSIONS };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex');
const HTML = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');

async function upload(filename: string, body: Buffer, init: { size?: number; folder?: string } = {}) {
  const target = await issueUploadUrl(storage, MAX, member, { folder: init.folder ?? 'attachment', filename, size: init.size ?? body.length });
  const response = await fetch(target.uploadUrl, { method: 'PUT', body: new Uint8Array(body) });
  return { target, response, json: await response.clone().json().catch(() => undefined) };
}

/** A refused request: the status and code expected, never a 500. */
async function refused(response: Response, status: number, code: string): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.notEqual(response.status, 500);
  assert.match(text, new RegExp(code));
  assert.doesNotMatch(text, /at .*\.ts:\d+/);
}

async function storedUnder(workspaceId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of storage.list(`workspace-${workspaceId}/`)) keys.push(item.key);
  return keys;
}

function rejectsCode(promise: Promise<unknown>, code: string): Promise<void> {
  return assert.rejects(promise, (e: unknown) => e instanceof AppError && e.code === code && e.spec.http < 500);
}

describe('uploading and downloading through signed /files URLs', () => {
  it('stores an upload and serves it back with the type read from its bytes', async () => {
    const { target, response, json } = await upload('pixel.png', PNG);
    assert.equal(response.status, 200);
    assert.equal(json.contentType, 'image/png');
    const download = await fetch(await issueDownloadUrl(storage, member, target.key));
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.match(download.headers.get('content-disposition') ?? '', /^inline/);
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
  });

  it('serves HTML, SVG and XML as attachments that the browser does not render', async () => {
    const files: [string, Buffer][] = [
      ['page.html', HTML],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['data.xml', Buffer.from('<?xml version="1.0"?><a/>')],
    ];
    for (const [name, bytes] of files) {
      const { target, response } = await upload(name, bytes);
      assert.equal(response.status, 200);
      const download = await fetch(await issueDownloadUrl(storage, member, target.key));
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment/, name);
      assert.doesNotMatch(download.headers.get('content-type') ?? '', /html|svg/, name);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      await download.arrayBuffer();
    }
  });
});

describe('the negative table', () => {
  it('refuses HTML disguised as an image with 415, storing nothing', async () => {
    const before = await storedUnder(A);
    const { response } = await upload('photo.png', HTML);
    await refused(response, 415, 'FILE_TYPE_MISMATCH');
    assert.deepEqual(await storedUnder(A), before);
  });

  it('refuses a body of another size than the one signed, storing nothing', async () => {
    const before = await storedUnder(A);
    const { response } = await upload('pixel.png', PNG, { size: PNG.length + 10 });
    await refused(response, 400, 'BAD_USER_INPUT');
    // Chunked, without Content-Length: the size is checked as the bytes stream.
    const target = await issueUploadUrl(storage, MAX, member, { folder: 'attachment', filename: 'a.bin', size: 4 });
    const chunked = await fetch(target.uploadUrl, { method: 'PUT', body: new Blob([Buffer.alloc(64)]).stream(), duplex: 'half' } as RequestInit);
    await refused(chunked, 400, 'BAD_USER_INPUT');
    assert.deepEqual(await storedUnder(A), before);
    assert.deepEqual(readdirSync(join(root, '.tmp')), []);
  });

  it('refuses 0-byte and over-limit files before storing anything', async () => {
    await rejectsCode(issueUploadUrl(storage, MAX, member, { folder: 'attachment', filename: 'empty.txt', size: 0 }), 'BAD_USER_INPUT');
    await rejectsCode(issueUploadUrl(storage, MAX, member, { folder: 'attachment', filename: 'big.bin', size: MAX + 1 }), 'PAYLOAD_TOO_LARGE');
    const before = await storedUnder(A);
    const empty = signLocalUrl(signer, storageKey(A, 'attachment', randomUUID(), 'empty.txt'), 'PUT', 60, 0);
    await refused(await fetch(empty, { method: 'PUT', body: '' }), 400, 'BAD_USER_INPUT');
    // A link signed for more than the limit (the limit was lowered since): 413 at once.
    const tooBig = signLocalUrl(signer, storageKey(A, 'attachment', randomUUID(), 'big.bin'), 'PUT', 60, MAX + 1);
    await refused(await fetch(tooBig, { method: 'PUT', headers: { 'content-length': String(MAX + 1) }, body: Buffer.alloc(MAX + 1) }).catch(() => fetch(tooBig, { method: 'PUT' })), 413, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(await storedUnder(A), before);
  });

  it('refuses expired and tampered signatures with 403, storing nothing', async () => {
    const key = storageKey(A, 'attachment', randomUUID(), 'pixel.png');
    const expired = signLocalUrl(signer, key, 'PUT', 60, PNG.length, Date.now() - 120_000);
    await refused(await fetch(expired, { method: 'PUT', body: PNG }), 403, 'FORBIDDEN');
    const good = new URL(signLocalUrl(signer, key, 'PUT', 60, PNG.length));
    const tampered = new URL(good);
    tampered.searchParams.set('signature', `${good.searchParams.get('signature')!.slice(0, -3)}AAA`);
    await refused(await fetch(tampered, { method: 'PUT', body: PNG }), 403, 'FORBIDDEN');
    const unsigned = new URL(good.pathname, good.origin);
    await refused(await fetch(unsigned, { method: 'PUT', body: PNG }), 403, 'FORBIDDEN');
    const getWithPutLink = await fetch(good);
    await refused(getWithPutLink, 403, 'FORBIDDEN');
    assert.equal(await storage.head(key), undefined);
  });

  it('refuses traversal names in the path and in upload requests', async () => {
    // (A literal `/../` or `/%2e%2e/` is resolved by the client's URL parser before it is sent.)
    for (const path of [`/files/workspace-${A}/..%2F..%2Fetc/passwd`, `/files/workspace-${A}/a%00b`, `/files/workspace-${A}/.tmp/x`, `/files/workspace-${A}/a%5C..%5Cb`, `/files/workspace-${A}/%2Fetc%2Fpasswd`]) {
      await refused(await fetch(`${signer.serverUrl}${path}?expires=9999999999&signature=x`, { method: 'PUT', body: 'x' }), 400, 'BAD_USER_INPUT');
      await refused(await fetch(`${signer.serverUrl}${path}?expires=9999999999&signature=x`), 400, 'BAD_USER_INPUT');
    }
    for (const filename of ['../x.png', '/etc/passwd', 'a\u0000.png', '.htaccess']) {
      await rejectsCode(issueUploadUrl(storage, MAX, member, { folder: 'attachment', filename, size: 1 }), 'BAD_USER_INPUT');
    }
    await rejectsCode(issueUploadUrl(storage, MAX, member, { folder: '..', filename: 'a.png', size: 1 }), 'BAD_USER_INPUT');
    assert.deepEqual(readdirSync(root).sort(), ['.tmp', `workspace-${A}`]);
  });

  it('refuses another workspace\'s files, whether by key or by a re-pointed link', async () => {
    const { target } = await upload('pixel.png', PNG);
    const foreignKey = target.key.replace(A, B);
    await rejectsCode(issueDownloadUrl(storage, member, foreignKey), 'FORBIDDEN');
    const mine = new URL(await issueDownloadUrl(storage, member, target.key));
    const repointed = new URL(mine.pathname.replace(A, B) + mine.search, mine.origin);
    await refused(await fetch(repointed), 403, 'FORBIDDEN');
  });

  it('checks the UPLOAD_FILE and DOWNLOAD_FILE permission flags', async () => {
    const none: Permissions = { ...MEMBER_PERMISSIONS, roleLabel: 'Guest', flags: new Set() };
    const caller = { workspaceId: A, permissions: none };
    await rejectsCode(issueUploadUrl(storage, MAX, caller, { folder: 'attachment', filename: 'a.png', size: 1 }), 'FORBIDDEN');
    await rejectsCode(issueDownloadUrl(storage, caller, storageKey(A, 'attachment', 'a.png')), 'FORBIDDEN');
    const uploadOnly = { workspaceId: A, permissions: { ...none, flags: new Set(['UPLOAD_FILE']) } };
    await issueUploadUrl(storage, MAX, uploadOnly, { folder: 'attachment', filename: 'a.png', size: 1 });
    await rejectsCode(issueDownloadUrl(storage, uploadOnly, storageKey(A, 'attachment', 'a.png')), 'FORBIDDEN');
    await issueDownloadUrl(storage, { workspaceId: A, permissions: ADMIN_PERMISSIONS }, storageKey(A, 'attachment', 'a.png'));
  });

  it('answers 404 for a signed link to a file that is not there', async () => {
    const url = signLocalUrl(signer, storageKey(A, 'attachment', randomUUID(), 'gone.png'), 'GET', 60);
    await refused(await fetch(url), 404, 'NOT_FOUND');
  });
});
