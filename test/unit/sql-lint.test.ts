// No SQL is built outside src/core/sql.ts's `sql` tag (RELIABILITY I5a), and the check itself
// catches a violation (a fixture with one must fail it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findUntaggedSql } from '../helpers/sql-lint.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no source file builds SQL outside the sql tag', () => {
  const violations = files(SRC)
    .filter((f) => !f.endsWith(join('core', 'sql.ts')))
    .flatMap((f) => findUntaggedSql(readFileSync(f, 'utf8')).map((v) => `${f.slice(SRC.length + 1)}:${v.line}  ${v.text}`));
  assert.deepEqual(violations, []);
});

test('the check catches SQL in plain strings, untagged templates and concatenation', () => {
  const fixture = [
    "const a = 'SELECT * FROM users WHERE name = ' + name;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixture source text, not a template
    'const b = `DELETE FROM "company" WHERE id = ${id}`;',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: fixture source text, not a template
    'const c = sql`SELECT ${ident(x)} FROM t`;',
    "const d = field.type === 'SELECT';",
    '// SELECT * FROM comments_are_fine',
  ].join('\n');
  assert.deepEqual(findUntaggedSql(fixture).map((f) => f.line), [1, 2]);
});
