// One behaviour suite for every storage driver: local disk, and S3 against a real s3rver.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { createLocalDriver } from '../../src/core/storage/local-driver.ts';
import { verifyLocalSignature } from '../../src/core/storage/local-url.ts';
import { createS3Driver } from '../../src/core/storage/s3-driver.ts';
import type { StorageDriver } from '../../src/core/storage/storage-driver.ts';
import { storageKey } from '../../src/core/storage/storage-key.ts';
import { startTestS3 } from '../helpers/s3-server.ts';
import { generatedBytes } from '../helpers/byte-stream.ts';

const MAX = 64 * 1024 * 1024;
const signer = { serverUrl: 'http://127.0.0.1:3000', appSecret: 'test-secret' };

async function rejectsWith(action: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(action, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.notEqual(error.spec.http, 500);
    return true;
  });
}

async function keysUnder(driver: StorageDriver, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of driver.list(prefix)) keys.push(item.key);
  return keys.sort();
}

/** A stream that records whether anything read it. */
function watchedBody(bytes: Buffer): { body: Readable; wasRead: () => boolean } {
  let read = false;
  const body = new Readable({
    read() {
      read = true;
      this.push(bytes);
      this.push(null);
    },
  });
  return { body, wasRead: () => read };
}

const localRoot = mkdtempSync(join(tmpdir(), 'twenty-local-storage-'));
after(() => rmSync(localRoot, { recursive: true, force: true }));
const s3 = await startTestS3();
const presignS3 = await startTestS3('twenty-presign');

const drivers: { name: string; open: () => StorageDriver }[] = [
  { name: 'local', open: () => createLocalDriver({ root: localRoot, maxBytes: MAX, signer }) },
  { name: 's3', open: () => createS3Driver({ ...s3.options, maxBytes: MAX }) },
];

for (const { name, open } of drivers) {
  describe(`the ${name} storage driver`, () => {
    let driver: StorageDriver;
    const ws = randomUUID();
    const other = randomUUID();
    before(() => {
      driver = open();
    });

    it('stores bytes and gives the same bytes back as a stream', async () => {
      const key = storageKey(ws, 'attachment', 'hello.txt');
      const bytes = Buffer.from('hello, files');
      await driver.put(key, Readable.from([bytes]), { size: bytes.length, contentType: 'text/plain' });
      assert.deepEqual(await buffer(await driver.get(key)), bytes);
      const head = await driver.head(key);
      assert.equal(head?.size, bytes.length);
      assert.ok(head?.lastModified instanceof Date);
    });

    it('lists by prefix only the objects under that prefix', async () => {
      const mine = storageKey(ws, 'list', 'a.bin');
      const theirs = storageKey(other, 'list', 'a.bin');
      for (const key of [mine, theirs]) await driver.put(key, Readable.from([Buffer.from('x')]), { size: 1 });
      assert.deepEqual(await keysUnder(driver, `workspace-${ws}/list/`), [mine]);
      assert.deepEqual(await keysUnder(driver, `workspace-${other}/`), [theirs]);
    });

    it('deletes an object, and deleting a missing one is not an error', async () => {
      const key = storageKey(ws, 'gone', 'a.bin');
      await driver.put(key, Readable.from([Buffer.from('x')]), { size: 1 });
      await driver.delete(key);
      assert.equal(await driver.head(key), undefined);
      await driver.delete(key);
    });

    it('answers NOT_FOUND for a missing object and head gives undefined', async () => {
      const key = storageKey(ws, 'missing.bin');
      await rejectsWith(() => driver.get(key), 'NOT_FOUND');
      assert.equal(await driver.head(key), undefined);
    });

    it('refuses a declared size over the limit with 413 before reading a byte, storing nothing', async () => {
      const key = storageKey(ws, 'big', 'too-big.bin');
      const { body, wasRead } = watchedBody(Buffer.from('x'));
      await rejectsWith(() => driver.put(key, body, { size: MAX + 1 }), 'PAYLOAD_TOO_LARGE');
      assert.equal(wasRead(), false);
      assert.deepEqual(await keysUnder(driver, `workspace-${ws}/big/`), []);
    });

    it('refuses a body longer or shorter than declared, and an empty file, storing nothing', async () => {
      const key = storageKey(ws, 'size', 'wrong.bin');
      await rejectsWith(() => driver.put(key, generatedBytes(3 * 1024 * 1024), { size: 1024 * 1024 }), 'BAD_USER_INPUT');
      await rejectsWith(() => driver.put(key, Readable.from([Buffer.from('short')]), { size: 1000 }), 'BAD_USER_INPUT');
      await rejectsWith(() => driver.put(key, Readable.from([]), { size: 0 }), 'BAD_USER_INPUT');
      assert.equal(await driver.head(key), undefined);
      assert.deepEqual(await keysUnder(driver, `workspace-${ws}/size/`), []);
    });

    it('streams a 48 MiB file in and out whole', async () => {
      const key = storageKey(ws, 'stream', 'large.bin');
      const size = 48 * 1024 * 1024;
      await driver.put(key, generatedBytes(size), { size });
      let received = 0;
      for await (const chunk of await driver.get(key)) received += (chunk as Buffer).length;
      assert.equal(received, size);
      await driver.delete(key);
    });

    it('refuses keys that leave the workspace folder, in every operation', async () => {
      const bad = [`workspace-${ws}/../workspace-${other}/x`, '../x', '/etc/passwd', `workspace-${ws}/a\u0000b`, `workspace-${ws}//x`, `workspace-${ws}/.tmp/x`, `workspace-${ws}/a\\..\\b`];
      for (const key of bad) {
        await rejectsWith(() => driver.put(key, Readable.from([Buffer.from('x')]), { size: 1 }), 'BAD_USER_INPUT');
        await rejectsWith(() => driver.get(key), 'BAD_USER_INPUT');
        await rejectsWith(() => driver.head(key), 'BAD_USER_INPUT');
        await rejectsWith(() => driver.delete(key), 'BAD_USER_INPUT');
        await rejectsWith(() => driver.presign(key, { method: 'GET', expiresInSeconds: 60 }), 'BAD_USER_INPUT');
      }
      assert.deepEqual(await keysUnder(driver, `workspace-${other}/x`), []);
    });
  });
}

describe('presigned URLs', () => {
  it('let a client PUT and GET an S3 object without credentials', async () => {
    const driver = createS3Driver({ ...presignS3.options, maxBytes: MAX });
    const key = storageKey(randomUUID(), 'presigned.txt');
    const putUrl = await driver.presign(key, { method: 'PUT', expiresInSeconds: 60, contentType: 'text/plain' });
    assert.doesNotMatch(putUrl, /x-amz-checksum/i, 'a presigned PUT must not pin the checksum of an empty body');
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned url', headers: { 'content-type': 'text/plain' } });
    assert.equal(put.status, 200);
    const got = await fetch(await driver.presign(key, { method: 'GET', expiresInSeconds: 60 }));
    assert.equal(await got.text(), 'via presigned url');
  });

  it('sign local URLs for one key, one method and a short time', async () => {
    const driver = createLocalDriver({ root: localRoot, maxBytes: MAX, signer });
    const key = storageKey(randomUUID(), 'a.png');
    const url = new URL(await driver.presign(key, { method: 'GET', expiresInSeconds: 60 }));
    assert.equal(url.origin, signer.serverUrl);
    const params = { expires: url.searchParams.get('expires') ?? undefined, signature: url.searchParams.get('signature') ?? undefined };
    assert.equal(verifyLocalSignature(signer, 'GET', key, params), undefined);
    const refused = (fn: () => void) => assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    refused(() => verifyLocalSignature(signer, 'PUT', key, params));
    refused(() => verifyLocalSignature(signer, 'GET', storageKey(randomUUID(), 'a.png'), params));
    refused(() => verifyLocalSignature(signer, 'GET', key, { ...params, expires: String(Number(params.expires) + 1) }));
    refused(() => verifyLocalSignature(signer, 'GET', key, { ...params, signature: `${params.signature!.slice(0, -2)}AA` }));
    refused(() => verifyLocalSignature(signer, 'GET', key, { ...params, size: '10' }));
    refused(() => verifyLocalSignature({ ...signer, appSecret: 'other' }, 'GET', key, params));
    refused(() => verifyLocalSignature(signer, 'GET', key, params, Date.now() + 61_000));
    refused(() => verifyLocalSignature(signer, 'GET', key, {}));
    const put = new URL(await driver.presign(key, { method: 'PUT', expiresInSeconds: 60, size: 42 }));
    const putParams = Object.fromEntries(put.searchParams);
    assert.equal(verifyLocalSignature(signer, 'PUT', key, putParams), 42);
    refused(() => verifyLocalSignature(signer, 'PUT', key, { ...putParams, size: '43' }));
  });
});

describe('the local driver on disk', () => {
  it('never follows a symlink out of its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'twenty-local-link-'));
    const outside = mkdtempSync(join(tmpdir(), 'twenty-outside-'));
    after(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    });
    const driver = createLocalDriver({ root, maxBytes: MAX, signer });
    const ws = randomUUID();
    mkdirSync(join(root, `workspace-${ws}`), { recursive: true });
    symlinkSync(outside, join(root, `workspace-${ws}`, 'linked'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(root, `workspace-${ws}`, 'file-link.txt'));

    await rejectsWith(() => driver.put(`workspace-${ws}/linked/x.txt`, Readable.from([Buffer.from('x')]), { size: 1 }), 'FORBIDDEN');
    await rejectsWith(() => driver.get(`workspace-${ws}/linked/secret.txt`), 'FORBIDDEN');
    await rejectsWith(() => driver.get(`workspace-${ws}/file-link.txt`), 'FORBIDDEN');
    await rejectsWith(() => driver.head(`workspace-${ws}/file-link.txt`), 'FORBIDDEN');
    await rejectsWith(() => driver.delete(`workspace-${ws}/file-link.txt`), 'FORBIDDEN');
    assert.deepEqual(await keysUnder(driver, `workspace-${ws}/`), []);
    assert.deepEqual(readdirSync(outside), ['secret.txt']);
  });

  it('leaves no temporary file behind after a refused upload', async () => {
    const root = mkdtempSync(join(tmpdir(), 'twenty-local-tmp-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const driver = createLocalDriver({ root, maxBytes: MAX, signer });
    const key = storageKey(randomUUID(), 'a.bin');
    await rejectsWith(() => driver.put(key, Readable.from([Buffer.from('too long')]), { size: 2 }), 'BAD_USER_INPUT');
    assert.deepEqual(readdirSync(join(root, '.tmp')), []);
    assert.equal(existsSync(join(root, key)), false);
  });
});
