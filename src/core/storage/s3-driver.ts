// Files in an S3 bucket (AWS, MinIO, or any S3-compatible server) through @aws-sdk/client-s3 and
// its presigner: no hand-written request signing. Path-style addressing, so a plain endpoint URL
// such as http://minio:9000 works. Uploads stream through lib-storage's multipart upload, stored
// whole or not at all.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { AppError, isAppError } from '../errors.ts';
import { assertDeclaredSize, exactSize } from './byte-limit.ts';
import { assertSegment } from './storage-key.ts';
import type { PresignOptions, PutOptions, StorageDriver, StoredObject } from './storage-driver.ts';

export interface S3DriverOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  maxBytes: number;
}

// S3's smallest part; two in flight at a time.
const PART_BYTES = 5 * 1024 * 1024;

export function createS3Client(options: S3DriverOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: options.accessKeyId && options.secretAccessKey
      ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
      : undefined,
    // Without this the SDK adds a CRC32 of the (empty) body to presigned PUT URLs, which real S3
    // then rejects for any non-empty upload; and a streamed PUT would need the body buffered.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The SDK otherwise prints to the console when an upload is cut off by our size check;
    // every failure reaches the caller as an AppError instead.
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function unavailable(error: unknown, bucket: string): AppError {
  if (isAppError(error)) return error;
  return new AppError('SERVICE_UNAVAILABLE', `S3 bucket "${bucket}" could not be reached: ${(error as Error)?.message ?? error}.`, {
    hint: 'Check STORAGE_S3_ENDPOINT, STORAGE_S3_NAME and the access keys (`twenty doctor`).',
    cause: error,
  });
}

function checkKey(key: string): void {
  for (const segment of key.split('/')) assertSegment(segment, 'storage key segment');
}

export function createS3Driver(options: S3DriverOptions, client = createS3Client(options)): StorageDriver {
  const Bucket = options.bucket;
  return {
    type: 's3',
    async put(key: string, body: Readable, put: PutOptions): Promise<void> {
      checkKey(key);
      assertDeclaredSize(put.size, options.maxBytes);
      // A multipart upload (lib-storage) becomes visible only when completed, so a body that
      // fails the size check mid-way leaves nothing behind on any S3-compatible server; memory
      // stays bounded at queueSize × partSize whatever the file's size.
      let sizeError: unknown;
      const checked = body.pipe(exactSize(put.size)).on('error', (error) => (sizeError ??= error));
      body.on('error', (error) => checked.destroy(error));
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: checked, ContentType: put.contentType },
        partSize: PART_BYTES,
        queueSize: 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        throw sizeError ?? unavailable(error, Bucket);
      }
      if (sizeError) throw sizeError;
    },
    async get(key: string): Promise<Readable> {
      checkKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return out.Body as Readable;
      } catch (error) {
        if (statusOf(error) === 404) throw new AppError('NOT_FOUND', `File "${key}" does not exist.`, { details: { key } });
        throw unavailable(error, Bucket);
      }
    },
    async head(key: string): Promise<StoredObject | undefined> {
      checkKey(key);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: out.ContentLength ?? 0, lastModified: out.LastModified ?? new Date(0) };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw unavailable(error, Bucket);
      }
    },
    async delete(key: string): Promise<void> {
      checkKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (statusOf(error) !== 404) throw unavailable(error, Bucket);
      }
    },
    async *list(prefix: string): AsyncIterable<StoredObject> {
      let ContinuationToken: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        } catch (error) {
          throw unavailable(error, Bucket);
        }
        for (const item of page.Contents ?? []) {
          if (item.Key) yield { key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async presign(key: string, presign: PresignOptions): Promise<string> {
      checkKey(key);
      const command = presign.method === 'PUT'
        ? new PutObjectCommand({ Bucket, Key: key, ContentType: presign.contentType, ContentLength: presign.size })
        : new GetObjectCommand({ Bucket, Key: key, ResponseContentType: presign.contentType, ResponseContentDisposition: presign.contentDisposition });
      return getSignedUrl(client, command, { expiresIn: presign.expiresInSeconds });
    },
  };
}
