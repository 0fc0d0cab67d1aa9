// Files on local disk under one root (default: the instance home's storage/). Writes go to a
// temporary file first and are renamed into place only when complete and of the declared size,
// so a failed or oversized upload leaves nothing behind. No path may leave the root, through
// `..` (refused by the key rules) or through a symlink (checked with realpath and lstat).
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import { assertDeclaredSize, exactSize } from './byte-limit.ts';
import { assertSegment } from './storage-key.ts';
import { signLocalUrl, type LocalUrlSigner } from './local-url.ts';
import type { PresignOptions, PutOptions, StorageDriver, StoredObject } from './storage-driver.ts';

export interface LocalDriverOptions {
  root: string;
  maxBytes: number;
  signer: LocalUrlSigner;
}

const TMP_DIR = '.tmp';

function notFound(key: string): AppError {
  return new AppError('NOT_FOUND', `File "${key}" does not exist.`, { details: { key } });
}

function keySegments(key: string): string[] {
  const segments = key.split('/');
  for (const segment of segments) assertSegment(segment, 'storage key segment');
  return segments;
}

async function existingAncestor(path: string, root: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      return await realpath(current);
    } catch {
      if (current === root) throw new AppError('SERVICE_UNAVAILABLE', `The storage folder "${root}" does not exist.`);
      current = join(current, '..');
    }
  }
}

export function createLocalDriver(options: LocalDriverOptions): StorageDriver {
  const { root, maxBytes, signer } = options;
  let realRoot: Promise<string> | undefined;
  const rootReal = () => (realRoot ??= mkdir(join(root, TMP_DIR), { recursive: true, mode: 0o700 }).then(() => realpath(root)));

  /** The file path of a key, proven to stay inside the root even through symlinked folders. */
  async function pathOf(key: string): Promise<string> {
    const segments = keySegments(key);
    const base = await rootReal();
    const path = join(base, ...segments);
    const ancestor = await existingAncestor(path, base);
    if (ancestor !== base && !ancestor.startsWith(base + sep)) {
      throw new AppError('FORBIDDEN', `File "${key}" resolves outside the storage folder.`, { details: { key } });
    }
    return path;
  }

  /** The path of an existing regular file (not a symlink), or undefined. */
  async function filePath(key: string): Promise<string | undefined> {
    const path = await pathOf(key);
    const info = await lstat(path).catch(() => undefined);
    return info?.isFile() ? path : undefined;
  }

  return {
    type: 'local',
    async put(key: string, body: Readable, put: PutOptions): Promise<void> {
      assertDeclaredSize(put.size, maxBytes);
      const path = await pathOf(key);
      const tmp = join(await rootReal(), TMP_DIR, randomUUID());
      try {
        await pipeline(body, exactSize(put.size), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
        await pathOf(key); // the folders just made must still be inside the root
        await rename(tmp, path);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async get(key: string): Promise<Readable> {
      const path = await filePath(key);
      if (!path) throw notFound(key);
      return createReadStream(path);
    },
    async head(key: string): Promise<StoredObject | undefined> {
      const path = await filePath(key);
      if (!path) return undefined;
      const info = await stat(path);
      return { key, size: info.size, lastModified: info.mtime };
    },
    async delete(key: string): Promise<void> {
      const path = await filePath(key);
      if (path) await rm(path, { force: true });
    },
    async *list(prefix: string): AsyncIterable<StoredObject> {
      const base = await rootReal();
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      if (folder) keySegments(folder);
      const start = folder ? join(base, ...folder.split('/')) : base;
      const entries = await readdir(start, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue; // symlinks and folders are never listed
        const relative = join(entry.parentPath, entry.name).slice(base.length + 1).split(sep).join('/');
        if (relative.startsWith(`${TMP_DIR}/`) || !relative.startsWith(prefix)) continue;
        const info = await stat(join(entry.parentPath, entry.name)).catch(() => undefined);
        if (info) yield { key: relative, size: info.size, lastModified: info.mtime };
      }
    },
    async presign(key: string, presign: PresignOptions): Promise<string> {
      keySegments(key);
      return signLocalUrl(signer, key, presign.method, presign.expiresInSeconds, presign.method === 'PUT' ? presign.size : undefined);
    },
  };
}
