// Twenty's REST `filter=` grammar → FilterNode, by recursive descent. Every failure is a 400
// that names the character where it happened.
//
//   list  := expr (',' expr)*                       root: several exprs are and-ed
//   expr  := ('and' | 'or' | 'not') '(' list ')'    not takes exactly one expr
//          | path '[' op ']' ':' value
//   path  := name ('.' name)?                       `companyId` = FK of relation `company`
//   value := "quoted" | 'quoted' | '[' value,… ']' | bare text up to , ) ]
import { AppError } from '../../core/errors.ts';
import { FILTER_OPERATORS, type FilterOperator } from '../../metadata/field-types.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import type { FilterNode } from '../query/ir.ts';
import { requireColumn, resolveFieldPath } from './field-path.ts';
import { coerceFilterValue, type RawValue } from './filter-value.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';

const didYouMean = (input: string, candidates: Iterable<string>) => didYouMeanSuffix(input, candidates, "'");

/** The operators REST accepts (spec §2.2); a field's filter kind narrows them further. */
export const REST_FILTER_OPERATORS: readonly FilterOperator[] = [
  'eq', 'neq', 'in', 'containsAny', 'is', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'endsWith', 'like', 'ilike',
];

// Deep enough for any real filter, shallow enough that the parser's stack never overflows.
const MAX_NESTING = 32;
const NAME = /[A-Za-z0-9_.]/;
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

interface Parser {
  object: ObjectModel;
  text: string;
  pos: number;
}

function syntax(p: Parser, message: string, at = p.pos): never {
  throw new AppError(
    'BAD_USER_INPUT',
    `Invalid filter at character ${at + 1}: ${message}. Filters look like field[op]:value, e.g. name[eq]:"Acme" or or(a[eq]:1,b[is]:NULL).`,
    { details: { position: at + 1 } },
  );
}

function skipSpace(p: Parser): void {
  while (p.pos < p.text.length && /\s/.test(p.text[p.pos])) p.pos++;
}

function describe(p: Parser): string {
  return p.pos >= p.text.length ? 'the end of the filter' : `'${p.text[p.pos]}'`;
}

function expect(p: Parser, char: string, after: string): void {
  skipSpace(p);
  if (p.text[p.pos] !== char) syntax(p, `expected '${char}' after ${after}, found ${describe(p)}`);
  p.pos++;
}

function readName(p: Parser): string {
  const start = p.pos;
  while (p.pos < p.text.length && NAME.test(p.text[p.pos])) p.pos++;
  return p.text.slice(start, p.pos);
}

function readQuoted(p: Parser): RawValue {
  const at = p.pos;
  const quote = p.text[p.pos++];
  let out = '';
  while (p.pos < p.text.length) {
    const char = p.text[p.pos++];
    if (char === quote) return { kind: 'string', text: out, at };
    if (char !== '\\') {
      out += char;
      continue;
    }
    const escaped = p.text[p.pos++];
    if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(p.text.slice(p.pos, p.pos + 4))) {
      out += String.fromCharCode(parseInt(p.text.slice(p.pos, p.pos + 4), 16));
      p.pos += 4;
    } else if (escaped !== undefined && ESCAPES[escaped] !== undefined) {
      out += ESCAPES[escaped];
    } else {
      syntax(p, `unknown escape '\\${escaped ?? ''}' in a quoted value`, p.pos - 2);
    }
  }
  return syntax(p, 'this quoted value is never closed', at);
}

function readValue(p: Parser, inList: boolean): RawValue {
  skipSpace(p);
  const at = p.pos;
  const char = p.text[p.pos];
  if (char === '"' || char === "'") return readQuoted(p);
  if (char === '[') {
    if (inList) syntax(p, 'lists cannot be nested');
    p.pos++;
    const items: RawValue[] = [];
    skipSpace(p);
    if (p.text[p.pos] === ']') {
      p.pos++;
      return { kind: 'list', items, at };
    }
    for (;;) {
      items.push(readValue(p, true));
      skipSpace(p);
      const next = p.text[p.pos];
      if (next !== ']' && next !== ',') syntax(p, `expected ',' or ']' in the list opened at character ${at + 1}, found ${describe(p)}`);
      p.pos++;
      if (next === ']') return { kind: 'list', items, at };
    }
  }
  const stop = inList ? /[,\]]/ : /[,)]/;
  while (p.pos < p.text.length && !stop.test(p.text[p.pos])) p.pos++;
  const text = p.text.slice(at, p.pos).trim();
  if (text === '') syntax(p, 'expected a value', at);
  return { kind: 'bare', text, at };
}

function readOperator(p: Parser, path: string): FilterOperator {
  expect(p, '[', `'${path}'`);
  skipSpace(p);
  const at = p.pos;
  const op = readName(p);
  expect(p, ']', `'[${op}'`);
  if (!(REST_FILTER_OPERATORS as readonly string[]).includes(op)) {
    const hint = didYouMean(op, REST_FILTER_OPERATORS);
    throw new AppError(
      'BAD_USER_INPUT',
      `Operator '${op}' is not supported (in filter at character ${at + 1}).${hint} Supported operators: ${REST_FILTER_OPERATORS.join(', ')}.`,
      { details: { position: at + 1, operator: op } },
    );
  }
  return op as FilterOperator;
}

function parseTerm(p: Parser, path: string, pathAt: number): FilterNode {
  const origin = `filter at character ${pathAt + 1}`;
  const resolved = resolveFieldPath(p.object, path, origin);
  const opAt = p.pos;
  const op = readOperator(p, path);
  const kind = requireColumn(resolved, path, origin);
  const allowed = FILTER_OPERATORS[kind].filter((o) => REST_FILTER_OPERATORS.includes(o));
  if (!allowed.includes(op)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `Operator '${op}' cannot be used on '${path}' (in filter at character ${opAt + 1}). Operators for this field: ${allowed.join(', ') || 'none'}.`,
      { details: { position: opAt + 1, operator: op, field: path } },
    );
  }
  expect(p, ':', `'${path}[${op}]'`);
  const value = coerceFilterValue({ field: resolved.field, subField: resolved.subField, path, kind }, op, readValue(p, false));
  const node: FilterNode = { kind: 'compare', field: resolved.field.name, op, value };
  if (resolved.subField) node.subField = resolved.subField.name;
  return node;
}

function parseExpr(p: Parser, depth: number): FilterNode {
  skipSpace(p);
  const at = p.pos;
  const name = readName(p);
  if (name === '') syntax(p, `expected a field name or and(…), or(…), not(…), found ${describe(p)}`);
  skipSpace(p);
  const conjunction = (name === 'and' || name === 'or' || name === 'not') && p.text[p.pos] === '(';
  if (!conjunction) return parseTerm(p, name, at);
  if (depth >= MAX_NESTING) syntax(p, `conjunctions are nested more than ${MAX_NESTING} deep`, at);
  p.pos++;
  const children = parseList(p, depth + 1);
  expect(p, ')', `the conditions of '${name}(' opened at character ${at + 1}`);
  if (name === 'not') {
    if (children.length !== 1) syntax(p, `not(…) takes exactly one condition, got ${children.length}; wrap several in and(…)`, at);
    return { kind: 'not', child: children[0] };
  }
  return { kind: name, children };
}

function parseList(p: Parser, depth: number): FilterNode[] {
  const children = [parseExpr(p, depth)];
  skipSpace(p);
  while (p.text[p.pos] === ',') {
    p.pos++;
    children.push(parseExpr(p, depth));
    skipSpace(p);
  }
  return children;
}

/** Parses a `filter=` value for `object`; several top-level conditions are and-ed. */
export function parseRestFilter(object: ObjectModel, text: string): FilterNode {
  const p: Parser = { object, text, pos: 0 };
  const children = parseList(p, 0);
  if (p.pos < text.length) syntax(p, `unexpected ${describe(p)}`);
  return children.length === 1 ? children[0] : { kind: 'and', children };
}

/** True when the filter names `field` anywhere (a filter on deletedAt includes deleted rows). */
export function filterMentions(node: FilterNode | undefined, field: string): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'compare':
      return node.field === field;
    case 'not':
      return filterMentions(node.child, field);
    default:
      return node.children.some((child) => filterMentions(child, field));
  }
}
