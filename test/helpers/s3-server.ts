// A real S3-compatible server for tests: s3rver on a free port, its data in a temp folder, one
// bucket made for the caller; closed and removed when the test file ends. (s3rver checks access
// keys and expiry but not SigV4 signatures: signature tampering is S3's job, not ours to test.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import S3rver from 's3rver';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client, type S3DriverOptions } from '../../src/core/storage/s3-driver.ts';

export interface TestS3 {
  endpoint: string;
  options: Omit<S3DriverOptions, 'maxBytes'>;
}

export async function startTestS3(bucket = 'twenty-test-files'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'twenty-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const address = await server.run();
  after(async () => {
    await server.close().catch(() => {});
    rmSync(directory, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${address.port}`;
  // s3rver's built-in account.
  const options = { bucket, region: 'us-east-1', endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = createS3Client({ ...options, maxBytes: 1 });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return { endpoint, options };
}
