// The structural SQL rule (RELIABILITY I5a): SQL text is only ever built with the `sql` tag of
// src/core/sql.ts. This finds string and template literals that hold a SQL statement but are
// not `sql`-tagged, which is how an injection hole starts. Keywords must be upper case (as this
// codebase writes SQL), so English messages are not mistaken for statements.
const STATEMENT = /\b(SELECT\b[\s\S]*\bFROM\b|INSERT\s+INTO\s|UPDATE\s+\S+\s+(AS\s+\S+\s+)?SET\s|DELETE\s+FROM\s|ALTER\s+(TABLE|TYPE)\s|CREATE\s+(TABLE|INDEX|UNIQUE\s+INDEX|SCHEMA|TYPE)\s|DROP\s+(TABLE|SCHEMA|INDEX|TYPE)\s)/;

export interface SqlLintFinding {
  line: number;
  text: string;
}

interface Literal {
  tag: string;
  text: string;
  at: number;
}

/** Every string and template literal of `code` (template text without its `${…}` parts). */
function literals(code: string): Literal[] {
  const out: Literal[] = [];
  let i = 0;
  const readCode = (until: string | null): void => {
    let depth = 0;
    while (i < code.length) {
      const c = code[i];
      if (until && c === '}' && depth === 0) return;
      if (c === '{') depth += 1;
      else if (c === '}') depth -= 1;
      if (c === '/' && code[i + 1] === '/') i = code.indexOf('\n', i) < 0 ? code.length : code.indexOf('\n', i);
      else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) < 0 ? code.length : code.indexOf('*/', i + 2) + 2;
      else if (c === '\'' || c === '"') readString(c);
      else if (c === '`') readTemplate();
      else i += 1;
    }
  };
  const readString = (quote: string): void => {
    const at = i;
    let text = '';
    i += 1;
    while (i < code.length && code[i] !== quote && code[i] !== '\n') {
      if (code[i] === '\\') i += 1;
      text += code[i];
      i += 1;
    }
    i += 1;
    out.push({ tag: '', text, at });
  };
  const readTemplate = (): void => {
    const at = i;
    const tag = /(\w+)\s*$/.exec(code.slice(Math.max(0, i - 40), i))?.[1] ?? '';
    let text = '';
    i += 1;
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') {
        text += code[i + 1] ?? '';
        i += 2;
      } else if (code[i] === '$' && code[i + 1] === '{') {
        i += 2;
        readCode('}');
        i += 1;
        text += ' ';
      } else {
        text += code[i];
        i += 1;
      }
    }
    i += 1;
    out.push({ tag, text, at });
  };
  readCode(null);
  return out;
}

/** Untagged literals in `source` that hold a SQL statement. */
export function findUntaggedSql(source: string): SqlLintFinding[] {
  return literals(source)
    .filter((l) => l.tag !== 'sql' && STATEMENT.test(l.text))
    .map((l) => ({ line: source.slice(0, l.at).split('\n').length, text: l.text.slice(0, 80) }));
}
