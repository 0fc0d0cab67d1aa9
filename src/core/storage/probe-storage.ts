// Whether storage is reachable and writable: a small object written, read back and deleted,
// under a key outside every workspace (clean-ups only ever look under workspace-<id>/).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AppError } from '../errors.ts';
import type { StorageDriver } from './storage-driver.ts';

export async function probeStorage(storage: StorageDriver): Promise<void> {
  const key = `doctor-probe/${randomUUID()}.txt`;
  const bytes = Buffer.from(`twenty doctor ${new Date().toISOString()}`);
  await storage.put(key, Readable.from([bytes]), { size: bytes.length, contentType: 'text/plain' });
  try {
    const read = await buffer(await storage.get(key));
    if (!read.equals(bytes)) throw new AppError('SERVICE_UNAVAILABLE', 'Storage gave back other bytes than were written.');
  } finally {
    await storage.delete(key);
  }
  if (await storage.head(key)) throw new AppError('SERVICE_UNAVAILABLE', 'Storage kept an object after deleting it.');
}
