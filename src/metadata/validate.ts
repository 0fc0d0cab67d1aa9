// Static rules for a ModelSpec, checked before anything touches a database. Every rule has a
// stable id (SpecIssue.rule) and all issues are reported at once, sorted by location.
import { fieldColumns } from './field-types.ts';
import type { FieldModel } from './model.ts';
import type { FieldSpec, IndexSpec, ModelSpec, ObjectSpec, SourceLocation, SpecIssue } from './spec.ts';
import { didYouMeanSuffix } from './suggest.ts';
import { isUuid } from '../core/uuid.ts';
import { fieldIssues, isKnownType } from './validate-field.ts';
import { createSystemFields, isSystemFieldName, SYSTEM_FIELD_NAMES } from './system-fields.ts';
import { nameIssues, oldNameIssues } from './validate-name.ts';
import { roleAndRemovalIssues, type ValidationScope } from './validate-roles.ts';

export interface ValidationContext {
  /** nameSingular of every object the workspace has now (standard ones included). */
  existingObjects: string[];
  /** nameSingular of the standard objects, which files may extend but not define. */
  standardObjects: string[];
  /**
   * The fields each existing object has now (by nameSingular). What a file does not list stays
   * (unmanaged), so a label identifier or index may name one of these.
   */
  existingFields?: ReadonlyMap<string, readonly string[]>;
}

const SYSTEM_FIELDS = createSystemFields(() => '');

/** `file:line:column  rule  message (hint)`. */
export function formatIssue(issue: SpecIssue): string {
  const at = issue.loc ? `${issue.loc.file}:${issue.loc.line}:${issue.loc.column}  ` : '';
  return `${at}${issue.rule}  ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`;
}

const inverseTargets = (spec: ModelSpec) =>
  spec.objects.flatMap((o) => o.fields.flatMap((f) => (f.relation?.inverse?.name ? [{ object: o, field: f, target: f.relation.target, name: f.relation.inverse.name }] : [])));

/** Fields of a new object: declared, system, the automatic `name`, and inverses created on it. */
function allFieldNames(object: ObjectSpec, spec: ModelSpec): string[] {
  const inverses = inverseTargets(spec).filter((i) => i.target === object.nameSingular).map((i) => i.name);
  const auto = object.skipNameField ? [] : ['name'];
  return [...new Set([...object.fields.map((f) => f.name), ...SYSTEM_FIELD_NAMES, ...auto, ...inverses])];
}

function buildScope(spec: ModelSpec, context: ValidationContext): ValidationScope {
  const removed = new Set(spec.removed.flatMap((r) => (r.kind === 'object' ? [r.object] : [])));
  const names = [...spec.objects.map((o) => o.nameSingular), ...context.existingObjects, ...context.standardObjects];
  const knownObjects = [...new Set(names)].filter((n) => !removed.has(n)).sort();
  const objectFields = new Map(
    spec.objects.filter((o) => !o.extend).map((o) => [o.nameSingular, [...new Set([...allFieldNames(o, spec), ...(context.existingFields?.get(o.renamedFrom ?? o.nameSingular) ?? [])])]] as const),
  );
  return { spec, standardObjects: context.standardObjects, knownObjects, objectFields };
}

function extendIssues(object: ObjectSpec, standardObjects: readonly string[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const name = object.nameSingular;
  if (!standardObjects.includes(name)) {
    issues.push({ loc: object.loc, rule: 'extend-not-standard', message: `Object "${name}" has "extend: true" but is not a standard object.${didYouMeanSuffix(name, standardObjects)}`, hint: 'Only standard objects are extended; define custom objects in full.' });
  }
  const set = (['namePlural', 'labelSingular', 'labelPlural', 'renamedFrom', 'skipNameField'] as const).filter((k) => object[k] !== undefined);
  if (set.length > 0) {
    issues.push({ loc: object.loc, rule: 'extend-conflict', message: `Object "${name}" extends a standard object and cannot set ${set.join(', ')}.`, hint: 'A standard object keeps its names and labels; only add fields.' });
  }
  return issues;
}

function newObjectIssues(object: ObjectSpec, spec: ModelSpec, standardObjects: readonly string[]): SpecIssue[] {
  const name = object.nameSingular;
  const issues: SpecIssue[] = [];
  if (standardObjects.includes(name)) {
    issues.push({ loc: object.loc, rule: 'standard-redefined', message: `Object "${name}" is a standard object and cannot be redefined.`, hint: 'Add "extend: true" to add fields to it.' });
  }
  if (object.namePlural === undefined) {
    issues.push({ loc: object.loc, rule: 'name-plural-required', message: `Object "${name}" has no namePlural.`, hint: `Add "namePlural: ${name}s" (or the right plural).` });
  } else if (object.namePlural === name) {
    issues.push({ loc: object.loc, rule: 'name-plural-same', message: `Object "${name}" has the same singular and plural name.`, hint: 'The API needs distinct names for one record and for a list.' });
  } else {
    issues.push(...nameIssues(object.namePlural, 'object', 'Plural name', object.loc));
  }
  if (object.renamedFrom !== undefined) {
    issues.push(...oldNameIssues(object.renamedFrom, 'object', `The old name of object "${name}"`, object.loc));
    if (spec.objects.some((o) => o.nameSingular === object.renamedFrom)) {
      issues.push({ loc: object.loc, rule: 'rename-conflict', message: `Object "${name}" is renamed from "${object.renamedFrom}", which the files still define.`, hint: 'Drop the old definition, or the renamedFrom.' });
    }
  }
  return issues;
}

/** Singular and plural names are one namespace across objects (both become GraphQL roots). */
function uniqueNameIssues(spec: ModelSpec, standardObjects: readonly string[]): SpecIssue[] {
  const owners = new Map<string, string>(standardObjects.map((n) => [n, n]));
  const issues: SpecIssue[] = [];
  for (const object of spec.objects) {
    if (object.extend) continue;
    for (const name of new Set([object.nameSingular, object.namePlural ?? object.nameSingular])) {
      const owner = owners.get(name);
      if (owner !== undefined && owner !== object.nameSingular) {
        issues.push({ loc: object.loc, rule: 'name-duplicate', message: `Object "${object.nameSingular}" uses the name "${name}", which object "${owner}" already uses.`, hint: 'Singular and plural names must be unique across objects.' });
      }
      owners.set(name, object.nameSingular);
    }
  }
  return issues;
}

function columnsOf(field: Pick<FieldSpec, 'name' | 'type' | 'relation'>): string[] {
  const relation = field.relation ? { type: field.relation.type, targetObject: field.relation.target, targetField: field.relation.inverse?.name ?? '' } : null;
  return fieldColumns({ name: field.name, type: field.type as FieldModel['type'], relation }).map((c) => c.column);
}

function columnIssues(object: ObjectSpec): SpecIssue[] {
  const owners = new Map<string, string>();
  const system = object.extend ? [] : SYSTEM_FIELDS.map(({ name, type }) => ({ name, type, relation: undefined }));
  const issues: SpecIssue[] = [];
  for (const field of [...system, ...object.fields.filter((f) => isKnownType(f.type) && !isSystemFieldName(f.name))]) {
    for (const column of columnsOf(field)) {
      const owner = owners.get(column);
      if (owner !== undefined) {
        const loc = 'loc' in field ? field.loc : object.loc;
        issues.push({ loc, rule: 'column-collision', message: `Field "${object.nameSingular}.${field.name}" needs the column "${column}", which field "${object.nameSingular}.${owner}" already uses.`, hint: 'Rename one of the two fields.' });
      }
      owners.set(column, field.name);
    }
  }
  return issues;
}

function indexIssues(object: ObjectSpec, fields: readonly string[] | undefined): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  const add = (index: IndexSpec, rule: string, message: string, hint: string) => issues.push({ loc: index.loc ?? object.loc, rule, message, hint });
  const oneToMany = new Set(object.fields.filter((f) => f.relation?.type === 'ONE_TO_MANY').map((f) => f.name));
  for (const index of object.indexes) {
    const label = index.name ? `Index "${index.name}" of object "${object.nameSingular}"` : `An index of object "${object.nameSingular}"`;
    if (index.name !== undefined) issues.push(...nameIssues(index.name, 'index', 'Index name', index.loc));
    if (index.fields.length === 0) add(index, 'index-fields', `${label} lists no fields.`, 'Add "fields: [...]".');
    for (const name of index.fields) {
      if (oneToMany.has(name)) add(index, 'index-fields', `${label} names "${name}", a ONE_TO_MANY relation without a column.`, 'Index the MANY_TO_ONE side instead.');
      else if (fields && !fields.includes(name)) add(index, 'index-fields', `${label} names the unknown field "${name}".${didYouMeanSuffix(name, fields)}`, 'Index fields of this object.');
    }
    const key = index.name ?? `${index.fields.join(',')}:${index.unique === true}`;
    if (seen.has(key)) add(index, 'index-duplicate', `${label} is declared twice.`, 'Keep one declaration.');
    seen.add(key);
  }
  return issues;
}

function objectIssues(object: ObjectSpec, scope: ValidationScope): SpecIssue[] {
  const name = object.nameSingular;
  const fields = scope.objectFields.get(name);
  const issues = [
    ...nameIssues(name, 'object', 'Object name', object.loc),
    ...(object.extend ? extendIssues(object, scope.standardObjects) : newObjectIssues(object, scope.spec, scope.standardObjects)),
    ...object.fields.flatMap((f) => fieldIssues(name, f, scope.knownObjects)),
    ...columnIssues(object),
    ...indexIssues(object, fields),
  ];
  if (fields && object.labelIdentifier !== undefined && !fields.includes(object.labelIdentifier)) {
    issues.push({ loc: object.loc, rule: 'label-identifier', message: `Object "${name}" uses the unknown field "${object.labelIdentifier}" as labelIdentifier.${didYouMeanSuffix(object.labelIdentifier, fields)}`, hint: 'Name a field of this object, usually "name".' });
  }
  for (const field of object.fields) {
    if (field.renamedFrom !== undefined && object.fields.some((f) => f.name === field.renamedFrom)) {
      issues.push({ loc: field.loc, rule: 'rename-conflict', message: `Field "${name}.${field.name}" is renamed from "${field.renamedFrom}", which the object still defines.`, hint: 'Drop the old field, or the renamedFrom.' });
    }
  }
  return issues;
}

/** An inverse field is created on the target: it may not clash with what the target declares. */
function inverseIssues(spec: ModelSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const claimed = new Map<string, string>();
  for (const { object, field, target, name } of inverseTargets(spec)) {
    const key = `${target}.${name}`;
    const declared = spec.objects.find((o) => o.nameSingular === target)?.fields.some((f) => f.name === name);
    const owner = declared ? `field "${key}" defined in the files` : claimed.get(key);
    if (owner !== undefined) {
      issues.push({ loc: field.loc, rule: 'name-duplicate', message: `The inverse "${key}" of field "${object.nameSingular}.${field.name}" clashes with ${owner}.`, hint: 'Declare each relation once, on one side, and give inverses distinct names.' });
    }
    claimed.set(key, `the inverse of field "${object.nameSingular}.${field.name}"`);
  }
  return issues;
}

function idIssues(spec: ModelSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Map<string, string>();
  const check = (id: string | undefined, what: string, loc: SourceLocation | undefined) => {
    if (id === undefined) return;
    if (!isUuid(id)) issues.push({ loc, rule: 'id-format', message: `The id "${id}" of ${what} is not a UUID.`, hint: 'Ids are UUIDs; leave them out and export will write them.' });
    const first = seen.get(id.toLowerCase());
    if (first) issues.push({ loc, rule: 'id-duplicate', message: `The id "${id}" of ${what} is also the id of ${first}.`, hint: 'Ids must be unique.' });
    seen.set(id.toLowerCase(), what);
  };
  for (const object of spec.objects) {
    check(object.id, `object "${object.nameSingular}"`, object.loc);
    for (const field of object.fields) {
      check(field.id, `field "${object.nameSingular}.${field.name}"`, field.loc);
      for (const option of field.options ?? []) check(option.id, `option "${option.value}" of field "${object.nameSingular}.${field.name}"`, option.loc);
    }
    for (const index of object.indexes) check(index.id, `an index of object "${object.nameSingular}"`, index.loc);
  }
  return issues;
}

function byLocation(a: SpecIssue, b: SpecIssue): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  return fa.localeCompare(fb) || (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0);
}

/** Every static issue of a spec (never just the first), sorted by file and position. */
export function validateModelSpec(spec: ModelSpec, context: ValidationContext): SpecIssue[] {
  const scope = buildScope(spec, context);
  return [
    ...uniqueNameIssues(spec, context.standardObjects),
    ...spec.objects.flatMap((o) => objectIssues(o, scope)),
    ...inverseIssues(spec),
    ...idIssues(spec),
    ...roleAndRemovalIssues(scope),
  ].sort(byLocation);
}
