// The files archive of backup/restore: every byte comes back, only the workspace's files, and a
// restore never overwrites nor lets an archived name leave its workspace.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import * as tar from 'tar-stream';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src/core/errors.ts';
import { archiveFiles, restoreFiles } from '../../src/core/storage/files-archive.ts';
import { createLocalDriver } from '../../src/core/storage/local-driver.ts';
import type { StorageDriver } from '../../src/core/storage/storage-driver.ts';
import { storageKey, workspacePrefix } from '../../src/core/storage/storage-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'twenty-files-archive-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const signer = { serverUrl: 'http://127.0.0.1', appSecret: 's' };
const driver = (name: string) => createLocalDriver({ root: join(dir, name), maxBytes: 64 * 1024 * 1024, signer });

async function contents(storage: StorageDriver, prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const item of storage.list(prefix)) out.set(item.key, await buffer(await storage.get(item.key)));
  return out;
}

describe('the files archive of a backup', () => {
  const A = randomUUID();
  const B = randomUUID();
  const source = driver('source');
  const files = new Map<string, Buffer>([
    [storageKey(A, 'attachment', randomUUID(), 'report.pdf'), randomBytes(3 * 1024 * 1024 + 17)],
    [storageKey(A, 'workspace-logo', randomUUID(), 'logo.png'), randomBytes(1)],
    [storageKey(A, 'attachment', randomUUID(), 'Devis n°12 (final).docx'), randomBytes(70_000)],
  ]);
  const other = storageKey(B, 'attachment', randomUUID(), 'b.txt');

  it('restores every file of the workspace byte for byte, and no other workspace\'s', async () => {
    for (const [key, bytes] of [...files, [other, Buffer.from('other workspace')] as const]) await source.put(key, Readable.from([bytes]), { size: bytes.length });
    const archive = join(dir, 'a.dump.files.tar');
    const written = await archiveFiles(source, workspacePrefix(A), archive);
    assert.equal(written.files, 3);
    const target = driver('target');
    const restored = await restoreFiles(target, archive, workspacePrefix(A));
    assert.deepEqual({ files: restored.files, bytes: restored.bytes, skipped: restored.skipped }, { files: 3, bytes: written.bytes, skipped: 0 });
    assert.deepEqual(await contents(target, 'workspace-'), files);

    // Again: nothing is overwritten, a changed file stays as it is.
    const [firstKey] = files.keys();
    await target.delete(firstKey!);
    await target.put(firstKey!, Readable.from([Buffer.from('changed since')]), { size: 13 });
    const again = await restoreFiles(target, archive, workspacePrefix(A));
    assert.equal(again.skipped, 3);
    assert.equal((await buffer(await target.get(firstKey!))).toString(), 'changed since');
  });

  it('archives the whole instance with the workspace- prefix', async () => {
    const archive = join(dir, 'instance.dump.files.tar');
    const written = await archiveFiles(source, 'workspace-', archive);
    assert.equal(written.files, 4);
    const target = driver('instance-target');
    await restoreFiles(target, archive, 'workspace-');
    assert.equal((await contents(target, 'workspace-')).size, 4);
  });

  it('refuses an archived name that leaves the workspace, storing nothing', async () => {
    for (const name of [`${workspacePrefix(A)}../../etc/passwd`, `${workspacePrefix(B)}x.txt`, '/etc/passwd']) {
      const archive = join(dir, `evil-${randomUUID()}.tar`);
      const pack = tar.pack();
      pack.entry({ name, size: 4 }, Buffer.from('evil'));
      pack.finalize();
      await pipeline(Readable.from(pack), createWriteStream(archive));
      const target = driver(`evil-${randomUUID()}`);
      await assert.rejects(restoreFiles(target, archive, workspacePrefix(A)), (e: unknown) => e instanceof AppError && e.code === 'BAD_USER_INPUT');
      assert.equal((await contents(target, '')).size, 0);
    }
  });
});
