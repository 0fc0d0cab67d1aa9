// Golden files: the expected text lives beside the tests; UPDATE_GOLDEN=1 writes or rewrites it
// after an intended change (review the diff). Without it a missing file fails the test.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function assertGolden(file: URL, actual: string): void {
  const path = fileURLToPath(file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  assert.ok(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to write it, then review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs; run with UPDATE_GOLDEN=1 to accept the new text`);
}
