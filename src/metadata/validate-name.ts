// Rules every API name obeys, and the names that are taken: Postgres reserved words, the
// system fields every object has, and names that collide with core or GraphQL types.
import { FIELD_TYPE_SPECS } from './field-types.ts';
import { pascal } from './names.ts';
import type { SourceLocation, SpecIssue } from './spec.ts';
import { isSystemFieldName } from './system-fields.ts';

const NAME_PATTERN = /^[a-z][a-zA-Z0-9]*$/;
const MAX_NAME_LENGTH = 63;

/** Postgres's fully reserved key words (appendix C, "reserved" column) in camelCase-able form. */
const POSTGRES_RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'default deferrable desc distinct do else end except false fetch for foreign from grant group having in ' +
    'initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order ' +
    'placing primary references returning select some symmetric table then to trailing true union unique user ' +
    'using variadic when where window with').split(' '),
);

const GRAPHQL_TYPES = [
  'Query', 'Mutation', 'Subscription', 'PageInfo', 'String', 'Int', 'Float', 'Boolean', 'ID', 'UUID', 'Date', 'DateTime',
  'BigFloat', 'JSON', 'Position', 'TSVector', 'Cursor', 'ConnectionCursor', 'Upload',
  ...Object.values(FIELD_TYPE_SPECS).flatMap((spec) => (spec.composite ? [spec.composite.gqlType] : [])),
];

/** Core metadata entities and API words an object may not be named after. */
const CORE_OBJECT_NAMES = new Set([
  'object', 'objects', 'field', 'fields', 'relation', 'relations', 'index', 'indexes', 'metadata', 'core', 'workspace',
  'workspaces', 'role', 'roles', 'apiKey', 'apiKeys', 'webhook', 'webhooks', 'view', 'views', 'event', 'events',
  'edge', 'edges', 'node', 'nodes', 'graphql', 'rest', 'search', 'user', 'users',
]);

export type NameKind = 'object' | 'field' | 'role' | 'index';

function camelCaseOf(name: string): string {
  const words = name.split(/[^a-zA-Z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : pascal(w))).join('');
  return /^[a-z]/.test(joined) ? joined : `x${pascal(joined)}`;
}

function reservedReason(name: string, kind: NameKind): string | undefined {
  if (kind === 'field' && isSystemFieldName(name)) return 'is a system field every object already has';
  if (kind === 'role' || kind === 'index') return undefined;
  if (POSTGRES_RESERVED.has(name)) return 'is a reserved word in Postgres';
  if (kind === 'object' && CORE_OBJECT_NAMES.has(name)) return 'is a reserved core name';
  if (kind === 'object' && GRAPHQL_TYPES.includes(pascal(name))) return `would collide with the GraphQL type "${pascal(name)}"`;
  return undefined;
}

/** Format, length and reserved-word issues of one name; `what` reads like `Field name`. */
export function nameIssues(name: string, kind: NameKind, what: string, loc: SourceLocation | undefined): SpecIssue[] {
  const pattern = kind === 'index' ? /^[A-Za-z][A-Za-z0-9_]*$/ : NAME_PATTERN;
  if (!pattern.test(name)) {
    const shape = kind === 'index' ? 'a letter, then letters, digits and underscores' : 'camelCase: a lowercase letter, then letters and digits';
    return [{ loc, rule: 'name-format', message: `${what} "${name}" must be ${shape}.`, hint: kind === 'index' ? undefined : `Try "${camelCaseOf(name)}".` }];
  }
  if (name.length > MAX_NAME_LENGTH) {
    return [{ loc, rule: 'name-length', message: `${what} "${name}" is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`, hint: 'Use a shorter name.' }];
  }
  const reason = reservedReason(name, kind);
  if (reason) return [{ loc, rule: 'name-reserved', message: `${what} "${name}" ${reason}.`, hint: 'Choose another name.' }];
  return [];
}

/** An old name (renamedFrom) only needs the right shape: it may well be a name now reserved. */
export function oldNameIssues(name: string, kind: NameKind, what: string, loc: SourceLocation | undefined): SpecIssue[] {
  return nameIssues(name, kind, what, loc).filter((issue) => issue.rule !== 'name-reserved');
}
