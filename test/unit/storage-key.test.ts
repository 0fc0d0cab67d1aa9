import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { parseStorageKey, storageKey, workspaceOfKey } from '../../src/core/storage/storage-key.ts';

const A = '20202020-0000-4000-8000-00000000000a';
const B = '20202020-0000-4000-8000-00000000000b';

function refused(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === code && e.spec.http !== 500);
}

describe('storage keys', () => {
  it('namespace every object under its workspace', () => {
    assert.equal(storageKey(A, 'attachment', 'report.pdf'), `workspace-${A}/attachment/report.pdf`);
    assert.equal(workspaceOfKey(storageKey(B, 'x.png')), B);
  });

  it('accept ordinary file names, accents and spaces included', () => {
    assert.equal(storageKey(A, 'Devis n°12 (final).pdf'), `workspace-${A}/Devis n°12 (final).pdf`);
  });

  it('refuse traversal, absolute paths, NUL, control characters, hidden and empty names', () => {
    for (const name of ['..', '.', '../etc', 'a/b', '/etc/passwd', 'a\\b', 'a\u0000b', 'a\nb', '.env', '', ' a', 'x'.repeat(256), 'a:b', 'a\u202eb']) {
      refused(() => storageKey(A, name), 'BAD_USER_INPUT');
    }
  });

  it('refuse a workspace id that is not a UUID', () => {
    refused(() => storageKey('../other', 'a.txt'), 'BAD_USER_INPUT');
  });

  it('refuse a key of another workspace with FORBIDDEN', () => {
    refused(() => parseStorageKey(storageKey(B, 'a.txt'), A), 'FORBIDDEN');
    refused(() => parseStorageKey(`workspace-${A}/../workspace-${B}/a.txt`, A), 'BAD_USER_INPUT');
    assert.deepEqual(parseStorageKey(storageKey(A, 'x', 'a.txt'), A), ['x', 'a.txt']);
  });
});
