// The only way SQL text is built. Identifiers are always quoted, values are always $n
// parameters, and raw text can only come from string literals written in this codebase
// (the tag refuses runtime strings), so no user input can reach SQL text unquoted.

const FRAGMENT = Symbol('sql.fragment');

type Part = { kind: 'text'; text: string } | { kind: 'value'; value: unknown };

export interface Sql {
  readonly [FRAGMENT]: true;
  readonly parts: readonly Part[];
}

export interface CompiledSql {
  text: string;
  values: unknown[];
}

function fragment(parts: Part[]): Sql {
  return { [FRAGMENT]: true, parts };
}

export function isSql(x: unknown): x is Sql {
  return typeof x === 'object' && x !== null && (x as Sql)[FRAGMENT] === true;
}

/**
 * Tagged template: literal text is trusted, every interpolation is either a fragment built
 * by this module or a value that becomes a parameter.
 */
export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) {
    throw new Error('sql must be used as a tagged template');
  }
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    if (i < args.length) {
      const arg = args[i];
      if (isSql(arg)) parts.push(...arg.parts);
      else parts.push({ kind: 'value', value: arg });
    }
  });
  return fragment(parts);
}

export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error('invalid SQL identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

/** A quoted, optionally qualified identifier: ident('core', 'user') → "core"."user". */
export function ident(...names: string[]): Sql {
  return fragment([{ kind: 'text', text: names.map(quoteIdent).join('.') }]);
}

/** A string literal for the few places Postgres refuses parameters (DDL defaults, COMMENT). */
export function literal(value: string | number | boolean | null): Sql {
  let text: string;
  if (value === null) text = 'NULL';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('non-finite number literal');
    text = String(value);
  } else {
    if (value.includes('\u0000')) throw new Error('NUL in string literal');
    text = `'${value.replace(/'/g, "''")}'`;
  }
  return fragment([{ kind: 'text', text }]);
}

/**
 * A small non-negative integer written into the text, for page limits: Postgres plans
 * `LIMIT 21` far better than `LIMIT $1`, and callers keep the set of sizes bounded.
 */
export function int(n: number): Sql {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('int() takes a non-negative safe integer');
  return fragment([{ kind: 'text', text: String(n) }]);
}

export function join(items: readonly Sql[], separator: Sql = sql`, `): Sql {
  const parts: Part[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(...separator.parts);
    parts.push(...item.parts);
  });
  return fragment(parts);
}

export const empty: Sql = fragment([]);

/**
 * The text of a migration file shipped with the program (checksummed in core."_migration"):
 * the only raw text accepted from outside this codebase's string literals. It has no
 * parameters, so Postgres runs it as a script of several statements.
 */
export function migrationScript(text: string): Sql {
  return fragment([{ kind: 'text', text }]);
}

export function compile(query: Sql): CompiledSql {
  let text = '';
  const values: unknown[] = [];
  for (const part of query.parts) {
    if (part.kind === 'text') text += part.text;
    else {
      values.push(part.value);
      text += `$${values.length}`;
    }
  }
  return { text, values };
}
