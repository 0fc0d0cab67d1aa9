// The storage driver the configuration names: `local` (default, under the instance home) or `s3`.
import { isAbsolute, join } from 'node:path';
import { intValue, requireValue, type Config } from '../config.ts';
import { createLocalDriver } from './local-driver.ts';
import { createS3Driver } from './s3-driver.ts';
import type { StorageDriver } from './storage-driver.ts';

/** Where the local driver keeps files: STORAGE_LOCAL_PATH, relative to the home unless absolute. */
export function localStorageRoot(config: Config): string {
  const configured = config.values.STORAGE_LOCAL_PATH ?? 'storage';
  return isAbsolute(configured) ? configured : join(config.home, configured);
}

export function maxFileBytes(config: Config): number {
  return intValue(config, 'STORAGE_MAX_FILE_SIZE_BYTES');
}

function signerOf(config: Config) {
  return { serverUrl: requireValue(config, 'SERVER_URL'), appSecret: requireValue(config, 'APP_SECRET') };
}

/** What the server's file routes and mutations need (the signer serves the local driver's URLs). */
export function fileStorage(config: Config): { storage: StorageDriver; signer: ReturnType<typeof signerOf>; maxBytes: number } {
  return { storage: openStorage(config), signer: signerOf(config), maxBytes: maxFileBytes(config) };
}

export function openStorage(config: Config): StorageDriver {
  const maxBytes = maxFileBytes(config);
  if (config.values.STORAGE_TYPE === 's3') {
    return createS3Driver({
      bucket: requireValue(config, 'STORAGE_S3_NAME'),
      region: requireValue(config, 'STORAGE_S3_REGION'),
      endpoint: config.values.STORAGE_S3_ENDPOINT,
      accessKeyId: config.values.STORAGE_S3_ACCESS_KEY_ID,
      secretAccessKey: config.values.STORAGE_S3_SECRET_ACCESS_KEY,
      maxBytes,
    });
  }
  return createLocalDriver({
    root: localStorageRoot(config),
    maxBytes,
    signer: signerOf(config),
  });
}
