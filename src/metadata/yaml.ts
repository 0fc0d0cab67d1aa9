// Model files → ModelSpec. Reading never throws on bad input: syntax errors, duplicate or
// unknown keys and values of the wrong kind become SpecIssues that point at file:line:column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { ModelSpec, ObjectSpec, RoleSpec, SourceLocation, SpecIssue } from './spec.ts';
import { fieldsReader, FIELD_READERS, indexes, INDEX_READERS, INVERSE_READERS, OPTION_READERS, RELATION_READERS } from './yaml-fields.ts';
import { boolean, isNothing, locate, readInto, readMap, report, string, type ReadContext, type Reader, type Readers } from './yaml-nodes.ts';
import { FIELD_GRANT_READERS, OBJECT_GRANT_READERS, readRemovals, readRoles, REMOVAL_KEYS, ROLE_READERS } from './yaml-roles.ts';

export const API_VERSION = 'twenty/v1';

interface ObjectLabel {
  singular?: string;
  plural?: string;
}

/** An object as written: like ObjectSpec, with the label as one `{singular, plural}` map. */
type ObjectDoc = Omit<ObjectSpec, 'labelSingular' | 'labelPlural'> & { label?: ObjectLabel };

const LABEL_READERS: Readers<ObjectLabel> = { singular: string, plural: string };
const label: Reader<ObjectLabel> = (ctx, entry, where) => readInto(ctx, entry.value, `"label" of ${where}`, LABEL_READERS, {}, entry.keyNode);

function objectReaders(name: string): Readers<ObjectDoc> {
  return {
    id: string,
    renamedFrom: string,
    extend: boolean,
    namePlural: string,
    label,
    description: string,
    icon: string,
    labelIdentifier: string,
    skipNameField: boolean,
    fields: fieldsReader(name),
    indexes,
  };
}

const DOCUMENT_KEYS = ['apiVersion', 'objects', 'roles', 'removed'];

/** Every key each part of the format allows; the JSON Schema must list the same ones. */
export const MODEL_KEYS: Record<string, string[]> = {
  document: DOCUMENT_KEYS,
  object: Object.keys(objectReaders('')),
  objectLabel: Object.keys(LABEL_READERS),
  field: Object.keys(FIELD_READERS),
  option: Object.keys(OPTION_READERS),
  relation: Object.keys(RELATION_READERS),
  inverse: Object.keys(INVERSE_READERS),
  index: Object.keys(INDEX_READERS),
  role: Object.keys(ROLE_READERS),
  objectGrant: Object.keys(OBJECT_GRANT_READERS),
  fieldGrant: Object.keys(FIELD_GRANT_READERS),
  removal: REMOVAL_KEYS,
};

function readObject(ctx: ReadContext, name: string, keyNode: Node, value: Node | null): ObjectSpec | undefined {
  const target: ObjectDoc = { nameSingular: name, extend: false, fields: [], indexes: [], loc: locate(ctx, keyNode) };
  const doc = readInto(ctx, value, `object "${name}"`, objectReaders(name), target, keyNode);
  if (!doc) return undefined;
  const { label: objectLabel, ...rest } = doc;
  return { ...rest, labelSingular: objectLabel?.singular, labelPlural: objectLabel?.plural };
}

function readObjects(ctx: ReadContext, node: Node | null, at: Node): ObjectSpec[] {
  if (isNothing(node)) return [];
  const entries = readMap(ctx, node, '"objects"', undefined, at) ?? [];
  return entries.map((e) => readObject(ctx, e.key, e.keyNode, e.value)).filter((o) => o !== undefined);
}

function checkApiVersion(ctx: ReadContext, version: string | undefined, at: Node | null): void {
  if (version === undefined) {
    report(ctx, at, 'api-version', `The file has no "apiVersion".`, `Start it with "apiVersion: ${API_VERSION}".`);
  } else if (version !== API_VERSION) {
    report(ctx, at, 'api-version', `Unsupported apiVersion "${version}".`, `This version of twenty reads "${API_VERSION}".`);
  }
}

/** Parses one model document; `file` names it in issue locations. */
export function parseModelText(text: string, file: string): { spec: ModelSpec; issues: SpecIssue[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by readMap, which can say where the first one is.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const ctx: ReadContext = { file, lineCounter, doc, issues: [] };
  const spec: ModelSpec = { objects: [], roles: [], removed: [] };
  for (const problem of [...doc.errors, ...doc.warnings]) report(ctx, problem.pos[0], 'yaml-syntax', problem.message);
  if (doc.errors.length > 0) return { spec, issues: ctx.issues };
  const root = doc.contents as Node | null;
  const entries = root === null ? [] : (readMap(ctx, root, 'the file', DOCUMENT_KEYS) ?? []);
  let version: string | undefined;
  for (const entry of entries) {
    if (entry.key === 'apiVersion') version = string(ctx, entry, 'the file') ?? '';
    else if (entry.key === 'objects') spec.objects = readObjects(ctx, entry.value, entry.keyNode);
    else if (entry.key === 'roles') spec.roles = readRoles(ctx, entry.value, entry.keyNode);
    else spec.removed = readRemovals(ctx, entry.value, entry.keyNode);
  }
  const versionEntry = entries.find((e) => e.key === 'apiVersion');
  checkApiVersion(ctx, version, versionEntry?.value ?? root);
  return { spec, issues: ctx.issues.sort(byLocation) };
}

function byLocation(a: SpecIssue, b: SpecIssue): number {
  return (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0);
}

function where(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : 'another file';
}

function mergeUnique<T extends { loc?: SourceLocation }>(items: T[], key: (item: T) => string, what: string, issues: SpecIssue[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const first = seen.get(key(item));
    if (!first) seen.set(key(item), item);
    else issues.push({ loc: item.loc, rule: 'duplicate-definition', message: `${what} "${key(item)}" is defined twice: here and at ${where(first.loc)}.`, hint: 'Define it in one file only.' });
  }
  return [...seen.values()];
}

/** Merges specs of several files; the same object or role in two files is an issue. */
export function mergeModelSpecs(specs: ModelSpec[]): { spec: ModelSpec; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const objects = mergeUnique(specs.flatMap((s) => s.objects), (o: ObjectSpec) => o.nameSingular, 'Object', issues);
  const roles = mergeUnique(specs.flatMap((s) => s.roles), (r: RoleSpec) => r.name, 'Role', issues);
  return { spec: { objects, roles, removed: specs.flatMap((s) => s.removed) }, issues };
}

const isModelFile = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

/** Files named by `paths`; a directory contributes its *.yaml / *.yml files, sorted. */
function expandPaths(paths: string[], issues: SpecIssue[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      issues.push({ rule: 'file-not-found', message: `"${path}" does not exist.`, hint: 'Pass a model file or a folder of *.yaml files.' });
      continue;
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const inside = readdirSync(path).filter(isModelFile).sort();
    if (inside.length === 0) issues.push({ rule: 'file-not-found', message: `The folder "${path}" has no *.yaml or *.yml files.` });
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}

/** Reads and merges model files and folders. */
export function loadModelFiles(paths: string[]): { spec: ModelSpec; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const specs: ModelSpec[] = [];
  for (const file of expandPaths(paths, issues)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      issues.push({ rule: 'file-not-found', message: `"${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
      continue;
    }
    const parsed = parseModelText(text, file);
    specs.push(parsed.spec);
    issues.push(...parsed.issues);
  }
  const merged = mergeModelSpecs(specs);
  return { spec: merged.spec, issues: [...issues, ...merged.issues] };
}
