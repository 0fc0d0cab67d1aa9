// The one interface every storage backend implements. Keys are already validated
// (storage-key.ts); bodies are streams end to end so a large file never sits in memory.
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface PutOptions {
  /** The declared size: checked against the limit before any byte is read, and against the body. */
  size: number;
  contentType?: string;
}

export interface PresignOptions {
  method: 'GET' | 'PUT';
  expiresInSeconds: number;
  contentType?: string;
  /** For PUT: the only size the URL accepts. */
  size?: number;
  /** For GET: how the browser should treat the bytes (S3 sends them as response headers). */
  contentDisposition?: string;
}

export interface StorageDriver {
  readonly type: 'local' | 's3';
  put(key: string, body: Readable, options: PutOptions): Promise<void>;
  /** The object's bytes as a stream; NOT_FOUND when there is none. */
  get(key: string): Promise<Readable>;
  /** The object's size and date, or undefined when there is none. */
  head(key: string): Promise<StoredObject | undefined>;
  /** Deleting a missing object is not an error (clean-ups are retried). */
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<StoredObject>;
  /** A short-lived URL a client can GET or PUT the object at without credentials. */
  presign(key: string, options: PresignOptions): Promise<string>;
}
