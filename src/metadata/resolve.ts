// Desired state = the current model with the files laid over it. What the files do not
// mention stays as it is (unmanaged); deletions only through `removed:` or prune.
// Matching is by stable id, then `renamedFrom`, then name, so a rename is never drop + add.
import { randomUUID } from 'node:crypto';
import type { FieldModel, IndexModel, ObjectModel, WorkspaceModel } from './model.ts';
import type { FieldSpec, IndexSpec, ModelSpec, ObjectSpec, SpecIssue } from './spec.ts';
import { createSystemFields } from './system-fields.ts';
import { indexName, tableName } from './names.ts';
import { labelFromName } from './labels.ts';
import { normalizeField } from './text-fields.ts';
import { extendOptions, onlyAddsOptions, renamedDefault, resolveOptions } from './resolve-options.ts';
import { addStandardRelations, linkRelation, removeField, removeObject, upsertField } from './resolve-relations.ts';

export interface ResolveOptions {
  /** The standard template is being applied: objects and fields are not custom. */
  standard?: boolean;
  /** Remove custom objects and fields that the files do not mention. */
  prune?: boolean;
  newId?: () => string;
  /**
   * Ids that rows of OTHER workspaces already use. An `id` written in a file (e.g. exported
   * from another workspace) becomes the new row's id only when it is free; otherwise it is
   * just a match key and the row gets a fresh id.
   */
  takenIds?: ReadonlySet<string>;
}

/** Fresh ids, or the preferred one when it is free. */
type IdSource = (preferred?: string) => string;

export interface ResolveResult {
  model: WorkspaceModel;
  issues: SpecIssue[];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function matchById<T extends { id: string; name?: string }>(items: T[], id: string | undefined): T | undefined {
  return id ? items.find((i) => i.id === id) : undefined;
}

function findExistingObject(objects: ObjectModel[], spec: ObjectSpec): ObjectModel | undefined {
  return (
    matchById(objects, spec.id) ??
    (spec.renamedFrom ? objects.find((o) => o.nameSingular === spec.renamedFrom) : undefined) ??
    objects.find((o) => o.nameSingular === spec.nameSingular)
  );
}

function findExistingField(fields: FieldModel[], spec: FieldSpec): FieldModel | undefined {
  return (
    matchById(fields, spec.id) ??
    (spec.renamedFrom ? fields.find((f) => f.name === spec.renamedFrom) : undefined) ??
    fields.find((f) => f.name === spec.name)
  );
}

function resolveField(spec: FieldSpec, existing: FieldModel | undefined, standard: boolean, newId: IdSource): FieldModel {
  const options = resolveOptions(spec, existing?.options ?? null, newId);
  // NOT NULL DEFAULT '' came from the TEXT type, so a field leaving TEXT leaves them behind.
  if (existing?.type === 'TEXT' && spec.type !== 'TEXT') existing = { ...existing, isNullable: true, defaultValue: null };
  return {
    id: existing?.id ?? newId(spec.id),
    name: spec.name,
    label: spec.label ?? existing?.label ?? labelFromName(spec.name),
    type: spec.type,
    description: spec.description ?? existing?.description ?? null,
    icon: spec.icon ?? existing?.icon ?? null,
    isNullable: spec.nullable ?? (spec.default === undefined ? (existing?.isNullable ?? true) : true),
    isUnique: spec.unique ?? existing?.isUnique ?? false,
    defaultValue: spec.default !== undefined ? spec.default : renamedDefault(existing?.defaultValue ?? null, existing?.options ?? null, options),
    options,
    settings: spec.settings ?? existing?.settings ?? null,
    isCustom: existing?.isCustom ?? !standard,
    isSystem: existing?.isSystem ?? false,
    relation: existing?.relation ?? null,
  };
}

function newObject(spec: ObjectSpec, standard: boolean, newId: IdSource): ObjectModel {
  const fields = createSystemFields(newId);
  if (!standard && !spec.skipNameField && !spec.fields.some((f) => f.name === 'name')) {
    fields.push({ ...fields[0], id: newId(), name: 'name', label: 'Name', type: 'TEXT', isNullable: true, defaultValue: null, isSystem: false, isCustom: false, icon: 'IconAbc' });
  }
  return {
    id: newId(spec.id),
    nameSingular: spec.nameSingular,
    namePlural: spec.namePlural ?? `${spec.nameSingular}s`,
    labelSingular: spec.labelSingular ?? labelFromName(spec.nameSingular),
    labelPlural: spec.labelPlural ?? labelFromName(spec.namePlural ?? `${spec.nameSingular}s`),
    description: spec.description ?? null,
    icon: spec.icon ?? null,
    isCustom: !standard,
    isSystem: false,
    labelIdentifier: spec.labelIdentifier ?? (standard ? null : 'name'),
    fields,
    indexes: [],
  };
}

function resolveIndex(object: ObjectModel, spec: IndexSpec, newId: () => string): IndexModel {
  const existing =
    matchById(object.indexes, spec.id) ??
    (spec.renamedFrom ? object.indexes.find((i) => i.name === spec.renamedFrom) : undefined) ??
    object.indexes.find((i) => i.fields.join(',') === spec.fields.join(',') && i.isUnique === (spec.unique ?? false));
  return {
    id: existing?.id ?? newId(),
    name: spec.name ?? existing?.name ?? indexName(tableName(object), spec.fields, spec.unique ?? false),
    fields: spec.fields,
    isUnique: spec.unique ?? false,
  };
}

export function resolveDesiredModel(current: WorkspaceModel, spec: ModelSpec, options: ResolveOptions = {}): ResolveResult {
  const fresh = options.newId ?? randomUUID;
  const taken = options.takenIds ?? new Set<string>();
  const used = new Set<string>();
  const newId: IdSource = (preferred) => {
    const id = preferred && !taken.has(preferred) && !used.has(preferred) ? preferred : fresh();
    used.add(id);
    return id;
  };
  const standard = options.standard ?? false;
  const model = clone(current);
  const issues: SpecIssue[] = [];
  const created = new Set<ObjectModel>();
  const touched = new Map<ObjectModel, ObjectSpec>();

  for (const objectSpec of spec.objects) {
    let object = findExistingObject(model.objects, objectSpec);
    if (!object) {
      if (objectSpec.extend) {
        issues.push({ loc: objectSpec.loc, rule: 'extend-unknown', message: `Object "${objectSpec.nameSingular}" is marked extend but does not exist in the workspace.` });
        continue;
      }
      object = newObject(objectSpec, standard, newId);
      model.objects.push(object);
      created.add(object);
    } else if (!object.isCustom && !standard && !objectSpec.extend) {
      issues.push({ loc: objectSpec.loc, rule: 'standard-object', message: `Object "${object.nameSingular}" is a standard object; it can only be extended.`, hint: 'Add `extend: true` and list only new fields or options.' });
      continue;
    } else if (!objectSpec.extend) {
      const oldName = object.nameSingular;
      object.nameSingular = objectSpec.nameSingular;
      object.namePlural = objectSpec.namePlural ?? object.namePlural;
      object.labelSingular = objectSpec.labelSingular ?? object.labelSingular;
      object.labelPlural = objectSpec.labelPlural ?? object.labelPlural;
      object.description = objectSpec.description ?? object.description;
      object.icon = objectSpec.icon ?? object.icon;
      object.labelIdentifier = objectSpec.labelIdentifier ?? object.labelIdentifier;
      if (oldName !== object.nameSingular) {
        for (const other of model.objects) for (const f of other.fields) if (f.relation?.targetObject === oldName) f.relation.targetObject = object.nameSingular;
      }
    }
    touched.set(object, objectSpec);
    for (const fieldSpec of objectSpec.fields) {
      const existing = findExistingField(object.fields, fieldSpec);
      if (existing && !existing.isCustom && !standard && !created.has(object)) {
        if (!onlyAddsOptions(fieldSpec, existing)) {
          issues.push({ loc: fieldSpec.loc, rule: 'standard-field', message: `Field "${object.nameSingular}.${existing.name}" is a standard field; only new options can be added to it.` });
          continue;
        }
        upsertField(object, { ...existing, options: extendOptions(fieldSpec, existing.options ?? [], newId) });
        continue;
      }
      if (existing?.isSystem) {
        issues.push({ loc: fieldSpec.loc, rule: 'system-field', message: `Field "${object.nameSingular}.${existing.name}" is a system field and cannot be redefined.` });
        continue;
      }
      upsertField(object, resolveField(fieldSpec, existing, standard, newId));
    }
    for (const indexSpec of objectSpec.indexes) {
      const index = resolveIndex(object, indexSpec, newId);
      object.indexes = [...object.indexes.filter((i) => i.id !== index.id), index];
    }
  }

  for (const [object, objectSpec] of touched) {
    for (const fieldSpec of objectSpec.fields) {
      const field = object.fields.find((f) => f.name === fieldSpec.name);
      if (field && fieldSpec.relation && field.isCustom === !standard) linkRelation(model, object, field, fieldSpec, newId, issues);
    }
  }
  if (!standard) for (const object of created) addStandardRelations(model, object, newId);

  applyRemovals(model, spec, issues);
  if (options.prune) prune(model, spec);
  for (const object of model.objects) object.fields = object.fields.map(normalizeField);
  return { model, issues };
}

function applyRemovals(model: WorkspaceModel, spec: ModelSpec, issues: SpecIssue[]): void {
  for (const removal of spec.removed) {
    if (removal.kind === 'role') continue;
    const object = model.objects.find((o) => o.nameSingular === removal.object);
    if (!object) continue; // already gone: removing twice is a no-op
    if (!object.isCustom && removal.kind === 'object') {
      issues.push({ loc: removal.loc, rule: 'standard-object', message: `Object "${object.nameSingular}" is a standard object and cannot be removed.` });
      continue;
    }
    if (removal.kind === 'object') removeObject(model, object);
    else if (removal.kind === 'field') {
      const field = object.fields.find((f) => f.name === removal.field);
      if (field && (!field.isCustom || field.isSystem)) {
        issues.push({ loc: removal.loc, rule: 'standard-field', message: `Field "${object.nameSingular}.${field.name}" is a standard or system field and cannot be removed.` });
        continue;
      }
      removeField(model, object, removal.field);
    } else if (removal.kind === 'option') {
      const field = object.fields.find((f) => f.name === removal.field);
      if (field?.options) {
        field.options = field.options.filter((o) => o.value !== removal.value).map((o, position) => ({ ...o, position }));
        // The column default cannot name a value its enum no longer has.
        if (field.defaultValue === removal.value) field.defaultValue = null;
        else if (Array.isArray(field.defaultValue)) field.defaultValue = field.defaultValue.filter((v) => v !== removal.value);
      }
    } else if (removal.kind === 'index') {
      object.indexes = object.indexes.filter((i) => i.name !== removal.name);
    }
  }
}

function prune(model: WorkspaceModel, spec: ModelSpec): void {
  const mentioned = new Map(spec.objects.map((o) => [o.nameSingular, new Set(o.fields.map((f) => f.name))]));
  for (const object of [...model.objects]) {
    if (!object.isCustom) continue;
    if (!mentioned.has(object.nameSingular)) removeObject(model, object);
  }
  for (const object of model.objects) {
    const names = mentioned.get(object.nameSingular);
    if (!names) continue;
    for (const field of [...object.fields]) {
      // An inverse is kept when the files declare its counterpart, wherever that lives.
      const implied = field.relation !== null && mentioned.get(field.relation.targetObject)?.has(field.relation.targetField) === true;
      if (!field.isCustom || field.isSystem || names.has(field.name) || implied) continue;
      removeField(model, object, field.name);
    }
  }
}
