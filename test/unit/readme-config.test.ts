// The README documents every config key and every error code, so they cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS } from '../../src/core/config.ts';
import { ERROR_CODES } from '../../src/core/errors.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('every config key is documented in the README', () => {
  const missing = Object.keys(CONFIG_KEYS).filter((key) => !readme.includes(`\`${key}\``));
  assert.deepEqual(missing, []);
});

test('every error code is documented in the README', () => {
  // Whole names: CONFLICT must not pass because WRITE_CONFLICT is documented.
  const missing = Object.keys(ERROR_CODES).filter((code) => !new RegExp(`(?<![A-Z0-9_])${code}(?![A-Z0-9_])`).test(readme));
  assert.deepEqual(missing, []);
});
