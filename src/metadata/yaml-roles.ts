// The `roles:` map and the `removed:` list of a model file.
import type { Node } from 'yaml';
import type { FieldGrantSpec, ObjectGrantSpec, RemovalSpec, RoleSpec } from './spec.ts';
import {
  boolean,
  isNothing,
  locate,
  readInto,
  readList,
  readMap,
  report,
  string,
  stringList,
  type ReadContext,
  type Reader,
  type Readers,
} from './yaml-nodes.ts';

export const OBJECT_GRANT_READERS: Readers<ObjectGrantSpec> = { read: boolean, update: boolean, softDelete: boolean, destroy: boolean };
export const FIELD_GRANT_READERS: Readers<FieldGrantSpec> = { read: boolean, update: boolean };

function grants<T extends object>(readers: Readers<T>, what: string): Reader<Record<string, T>> {
  return (ctx, entry, where) => {
    const out: Record<string, T> = {};
    if (isNothing(entry.value)) return out;
    for (const e of readMap(ctx, entry.value, `"${entry.key}" of ${where}`, undefined, entry.keyNode) ?? []) {
      const grant = readInto(ctx, e.value, `the grant on ${what} "${e.key}" in ${where}`, readers, {} as T, e.keyNode);
      if (grant) out[e.key] = grant;
    }
    return out;
  };
}

export const ROLE_READERS: Readers<RoleSpec> = {
  label: string,
  description: string,
  canReadAll: boolean,
  canUpdateAll: boolean,
  canSoftDeleteAll: boolean,
  canDestroyAll: boolean,
  permissionFlags: stringList,
  objects: grants(OBJECT_GRANT_READERS, 'object'),
  fields: grants(FIELD_GRANT_READERS, 'field'),
};

export function readRoles(ctx: ReadContext, node: Node | null, at: Node): RoleSpec[] {
  if (isNothing(node)) return [];
  const roles: RoleSpec[] = [];
  for (const e of readMap(ctx, node, '"roles"', undefined, at) ?? []) {
    const target: RoleSpec = { name: e.key, objects: {}, fields: {}, loc: locate(ctx, e.keyNode) };
    const role = readInto(ctx, e.value, `role "${e.key}"`, ROLE_READERS, target, e.keyNode);
    if (role) roles.push(role);
  }
  return roles;
}

/** Each removal kind with the number of dotted parts its path has. */
const REMOVAL_PARTS = { object: 1, field: 2, option: 3, index: 2, role: 1 } as const;
type RemovalKind = keyof typeof REMOVAL_PARTS;
export const REMOVAL_KEYS = Object.keys(REMOVAL_PARTS) as RemovalKind[];

const REMOVAL_EXAMPLES: Record<RemovalKind, string> = {
  object: 'object: pet',
  field: 'field: deal.oldNotes',
  option: 'option: deal.stage.LOST',
  index: 'index: deal.IDX_deal_stage',
  role: 'role: salesRep',
};

function toRemoval(kind: RemovalKind, parts: string[]): RemovalSpec {
  const [a, b, c] = parts;
  switch (kind) {
    case 'object':
      return { kind, object: a };
    case 'field':
      return { kind, object: a, field: b };
    case 'option':
      return { kind, object: a, field: b, value: c };
    case 'index':
      return { kind, object: a, name: b };
    case 'role':
      return { kind, role: a };
  }
}

function readRemoval(ctx: ReadContext, item: Node): RemovalSpec | undefined {
  const entries = readMap(ctx, item, 'a "removed" entry', REMOVAL_KEYS, null);
  if (!entries || entries.length === 0) return undefined;
  if (entries.length > 1) {
    report(ctx, item, 'removal-format', 'A "removed" entry names exactly one thing.', 'Write one entry per line, such as "- field: deal.oldNotes".');
    return undefined;
  }
  const [entry] = entries;
  const kind = entry.key as RemovalKind;
  const path = string(ctx, entry, 'a "removed" entry');
  if (path === undefined) return undefined;
  const parts = path.split('.');
  if (parts.length !== REMOVAL_PARTS[kind] || parts.some((p) => p === '')) {
    report(ctx, entry.value, 'removal-format', `"${path}" is not a valid ${kind} path.`, `Write it as "${REMOVAL_EXAMPLES[kind]}".`);
    return undefined;
  }
  return { ...toRemoval(kind, parts), loc: locate(ctx, item) };
}

export function readRemovals(ctx: ReadContext, node: Node | null, at: Node): RemovalSpec[] {
  if (isNothing(node)) return [];
  const items = readList(ctx, node, '"removed"', at) ?? [];
  return items.map((item) => readRemoval(ctx, item)).filter((r) => r !== undefined);
}
