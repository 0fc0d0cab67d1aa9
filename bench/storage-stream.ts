// Streams a large file (default 1 GiB) into and out of each storage driver (local disk, and S3
// through a local s3rver) and samples the process's RSS, to show memory stays bounded whatever
// the file's size. Not a test: it prints figures.
//   node bench/storage-stream.ts [--mib 1024] [--only local|s3]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createLocalDriver } from '../src/core/storage/local-driver.ts';
import { createS3Client, createS3Driver } from '../src/core/storage/s3-driver.ts';
import type { StorageDriver } from '../src/core/storage/storage-driver.ts';
import { storageKey } from '../src/core/storage/storage-key.ts';
import { generatedBytes } from '../test/helpers/byte-stream.ts';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' }, only: { type: 'string' } } });
const size = Number(values.mib) * 1024 * 1024;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;

async function measure(name: string, driver: StorageDriver): Promise<void> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const key = storageKey(randomUUID(), 'bench', 'large.bin');
  const t0 = performance.now();
  await driver.put(key, generatedBytes(size), { size });
  const t1 = performance.now();
  let received = 0;
  for await (const chunk of await driver.get(key)) received += (chunk as Buffer).length;
  const t2 = performance.now();
  clearInterval(timer);
  await driver.delete(key);
  if (received !== size) throw new Error(`${name}: read ${received} bytes, wrote ${size}`);
  const rate = (ms: number) => `${(size / 1024 / 1024 / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(`| ${name} | ${mib(size)} | ${rate(t1 - t0)} | ${rate(t2 - t1)} | ${mib(baseline)} | ${mib(peak)} | +${mib(peak - baseline)} |`);
}

const dir = mkdtempSync(join(tmpdir(), 'twenty-bench-storage-'));
const s3dir = mkdtempSync(join(tmpdir(), 'twenty-bench-s3rver-'));
console.log('| driver | size | upload | download | RSS before | RSS peak | growth |\n|---|---|---|---|---|---|---|');
try {
  if (values.only !== 's3') {
    await measure('local', createLocalDriver({ root: dir, maxBytes: size, signer: { serverUrl: 'http://127.0.0.1', appSecret: 'bench' } }));
  }
  if (values.only !== 'local') {
    // s3rver runs in this process too, so its memory is counted with ours.
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir });
    const address = await server.run();
    const options = { bucket: 'bench-files', region: 'us-east-1', endpoint: `http://127.0.0.1:${address.port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', maxBytes: size };
    await createS3Client(options).send(new CreateBucketCommand({ Bucket: options.bucket }));
    try {
      await measure('s3 (s3rver, same process)', createS3Driver(options));
    } finally {
      await server.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(s3dir, { recursive: true, force: true });
}
