// Typed reads from a YAML syntax tree that never throw: a value of the wrong kind, an unknown
// or duplicate key becomes a located SpecIssue and the read returns undefined.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import type { SourceLocation, SpecIssue } from './spec.ts';
import { didYouMeanSuffix } from './suggest.ts';

export interface ReadContext {
  file: string;
  lineCounter: LineCounter;
  doc: Document;
  issues: SpecIssue[];
}

export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | null;
}

/** Location of a node, or of an offset; both 1-based. */
export function locate(ctx: ReadContext, at: Node | number | null | undefined): SourceLocation {
  const offset = typeof at === 'number' ? at : (at?.range?.[0] ?? 0);
  const { line, col } = ctx.lineCounter.linePos(offset);
  return { file: ctx.file, line, column: col };
}

export function report(ctx: ReadContext, at: Node | number | null | undefined, rule: string, message: string, hint?: string): void {
  ctx.issues.push({ loc: locate(ctx, at), rule, message, ...(hint === undefined ? {} : { hint }) });
}

/** An empty value (`fields:` with nothing under it): containers read it as empty. */
export function isNothing(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** Follows an alias (`*anchor`) to the node it names. */
function deref(ctx: ReadContext, node: Node | null): Node | null {
  if (node && isAlias(node)) return (node.resolve(ctx.doc) as Node | undefined) ?? null;
  return node;
}

function kindOf(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    return Array.isArray(node.value) ? 'a list' : `a ${typeof node.value}`;
  }
  return 'an unsupported value';
}

function wrongKind(ctx: ReadContext, node: Node | null, at: Node | null, expected: string, where: string): undefined {
  report(ctx, node ?? at, 'value-kind', `Expected ${expected} for ${where}, got ${kindOf(node)}.`);
  return undefined;
}

/**
 * The entries of a map, in file order. Duplicate keys and keys outside `allowed` are reported
 * (and dropped); `where` names the map in messages, e.g. `field "deal.amount"`.
 */
export function readMap(ctx: ReadContext, raw: Node | null, where: string, allowed?: readonly string[], at: Node | null = null): Entry[] | undefined {
  const node = deref(ctx, raw);
  if (!node || !isMap(node)) return wrongKind(ctx, node, at, 'a map', where);
  const seen = new Map<string, Scalar>();
  const entries: Entry[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    if (!keyNode || !isScalar(keyNode) || typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number') {
      report(ctx, keyNode ?? node, 'value-kind', `Keys of ${where} must be plain names.`);
      continue;
    }
    const key = String(keyNode.value);
    const first = seen.get(key);
    if (first) {
      const { line, column } = locate(ctx, first);
      report(ctx, keyNode, 'duplicate-key', `Duplicate key "${key}" in ${where}; it is first defined at line ${line}, column ${column}.`, 'Keep one of the two entries.');
      continue;
    }
    seen.set(key, keyNode);
    if (allowed && !allowed.includes(key)) {
      report(ctx, keyNode, 'unknown-key', `Unknown key "${key}" in ${where}.${didYouMeanSuffix(key, allowed)}`, `Allowed keys: ${allowed.join(', ')}.`);
      continue;
    }
    entries.push({ key, keyNode, value: (pair.value as Node | null) ?? null });
  }
  return entries;
}

export function readList(ctx: ReadContext, raw: Node | null, where: string, at: Node | null = null): Node[] | undefined {
  const node = deref(ctx, raw);
  if (!node || !isSeq(node)) return wrongKind(ctx, node, at, 'a list', where);
  return node.items.map((item) => deref(ctx, item as Node | null) ?? node);
}

function readScalarOf<T>(ctx: ReadContext, entry: Entry, where: string, expected: string, test: (v: unknown) => v is T): T | undefined {
  const node = deref(ctx, entry.value);
  if (node && isScalar(node) && test(node.value)) return node.value;
  return wrongKind(ctx, node, entry.keyNode, expected, `"${entry.key}" in ${where}`);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function readString(ctx: ReadContext, entry: Entry, where: string): string | undefined {
  return readScalarOf(ctx, entry, where, 'a string', isString);
}

function readBoolean(ctx: ReadContext, entry: Entry, where: string): boolean | undefined {
  return readScalarOf(ctx, entry, where, 'true or false', isBoolean);
}

/** A string or a node that is itself a string scalar (list items). */
export function scalarString(ctx: ReadContext, node: Node | null): string | undefined {
  const target = deref(ctx, node);
  return target && isScalar(target) && typeof target.value === 'string' ? target.value : undefined;
}

function readStringList(ctx: ReadContext, entry: Entry, where: string): string[] | undefined {
  const items = readList(ctx, entry.value, `"${entry.key}" in ${where}`, entry.keyNode);
  if (!items) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const value = scalarString(ctx, item);
    if (value === undefined) report(ctx, item, 'value-kind', `Expected a string in the list "${entry.key}" of ${where}, got ${kindOf(item)}.`);
    else out.push(value);
  }
  return out;
}

/** Plain data (defaults, settings): JSON-like values, with alias expansion bounded. */
function readPlain(ctx: ReadContext, entry: Entry): unknown {
  if (entry.value === null) return null;
  try {
    return entry.value.toJS(ctx.doc, { maxAliasCount: 100 });
  } catch (error) {
    // The yaml library refuses alias bombs by throwing.
    report(ctx, entry.value, 'yaml-syntax', `"${entry.key}" cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

function readRecord(ctx: ReadContext, entry: Entry, where: string): Record<string, unknown> | undefined {
  const node = deref(ctx, entry.value);
  if (!node || !isMap(node)) return wrongKind(ctx, node, entry.keyNode, 'a map', `"${entry.key}" in ${where}`);
  return readPlain(ctx, { ...entry, value: node }) as Record<string, unknown> | undefined;
}

export type Reader<T> = (ctx: ReadContext, entry: Entry, where: string) => T | undefined;
export type Readers<T> = { [K in keyof T]?: Reader<T[K]> };

export const string: Reader<string> = readString;
export const boolean: Reader<boolean> = readBoolean;
export const stringList: Reader<string[]> = readStringList;
export const plain: Reader<unknown> = (ctx, entry) => readPlain(ctx, entry);
export const record: Reader<Record<string, unknown>> = readRecord;

/**
 * Reads a map whose keys are the properties of `target`, each with its reader; the readers'
 * keys are the only keys allowed. Returns undefined when the node is not a map.
 */
export function readInto<T extends object>(ctx: ReadContext, node: Node | null, where: string, readers: Readers<T>, target: T, at: Node | null): T | undefined {
  const table = readers as Record<string, Reader<unknown>>;
  const entries = readMap(ctx, node, where, Object.keys(table), at);
  if (!entries) return undefined;
  for (const entry of entries) {
    const value = table[entry.key](ctx, entry, where);
    if (value !== undefined) (target as Record<string, unknown>)[entry.key] = value;
  }
  return target;
}
