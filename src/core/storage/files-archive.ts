// The files half of `twenty backup` / `restore` for the local driver: a tar archive (tar-stream)
// beside the pg_dump archive, streamed object by object through the storage driver, so any size
// fits in bounded memory and every restored name passes the same key checks as an upload.
// (tar-stream's streams are streamx ones: they are bridged to Node's as async iterables.)
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { AppError } from '../errors.ts';
import { assertSegment, workspaceOfKey } from './storage-key.ts';
import type { StorageDriver } from './storage-driver.ts';

export interface FilesArchiveResult {
  file: string;
  files: number;
  bytes: number;
  /** On restore: files already present, left as they were (nothing is overwritten). */
  skipped?: number;
}

/** The files archive that goes with a database archive. */
export function filesArchivePath(dumpFile: string): string {
  return `${dumpFile}.files.tar`;
}

/** Writes every object under `prefix` (a workspace's, or `workspace-` for all) to `file`. */
export async function archiveFiles(storage: StorageDriver, prefix: string, file: string): Promise<FilesArchiveResult> {
  const pack = tar.pack();
  const written = pipeline(Readable.from(pack), createWriteStream(file, { mode: 0o600 }));
  let files = 0;
  let bytes = 0;
  try {
    for await (const item of storage.list(prefix)) {
      if (!workspaceOfKey(item.key)) continue;
      let sink!: NodeJS.WritableStream;
      const finished = new Promise<void>((resolve, reject) => {
        sink = pack.entry({ name: item.key, size: item.size, mtime: item.lastModified }, (error) => (error ? reject(error) : resolve()));
      });
      for await (const chunk of await storage.get(item.key)) {
        if (!sink.write(chunk as Buffer)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
      }
      sink.end();
      await finished;
      files += 1;
      bytes += item.size;
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
  await written;
  return { file, files, bytes };
}

function checkedKey(name: string, prefix: string): string {
  for (const segment of name.split('/')) assertSegment(segment, 'archived file name');
  if (!workspaceOfKey(name) || !name.startsWith(prefix)) {
    throw new AppError('BAD_USER_INPUT', `The files archive holds "${name}", which is not a file of the workspace being restored.`);
  }
  return name;
}

/** Puts every archived object under `prefix` back; objects already there are kept as they are. */
export async function restoreFiles(storage: StorageDriver, file: string, prefix: string): Promise<FilesArchiveResult> {
  const extract = tar.extract();
  let files = 0;
  let bytes = 0;
  let skipped = 0;
  const source = createReadStream(file);
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    const { name, size = 0, type } = entry.header;
    if (type !== 'file') throw new AppError('BAD_USER_INPUT', `The files archive holds "${name}", which is not a plain file.`);
    const key = checkedKey(name, prefix);
    if (await storage.head(key)) {
      skipped += 1;
      for await (const _ of entry) void _; // drain it; the next entry follows
      continue;
    }
    await storage.put(key, Readable.from(entry), { size });
    files += 1;
    bytes += size;
  }
  return { file, files, bytes, skipped };
}
