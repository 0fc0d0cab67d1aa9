// Desired state = the current model with the files laid over it. What the files do not
// mention stays as it is (unmanaged); deletions only through `removed:` or prune.
// Matching is by stable id, then `renamedFrom`, then name, so a rename is never drop + add.
import { randomUUID } from 'node:crypto';
import type { FieldModel, FieldOption, IndexModel, ObjectModel, WorkspaceModel } from './model.ts';
import type { FieldSpec, IndexSpec, ModelSpec, ObjectSpec, OptionSpec, SpecIssue } from './spec.ts';
import { CUSTOM_OBJECT_STANDARD_RELATIONS, createSystemFields } from './system-fields.ts';
import { indexName, tableName } from './names.ts';
import { labelFromName, labelFromOptionValue } from './labels.ts';
import { RATING_VALUES } from './field-types.ts';

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

const OPTION_COLORS = ['green', 'turquoise', 'sky', 'blue', 'purple', 'pink', 'red', 'orange', 'yellow', 'gray'];

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

function resolveOptions(spec: FieldSpec, existing: FieldOption[] | null, newId: () => string): FieldOption[] | null {
  if (spec.type === 'RATING' && !spec.options) {
    return existing ?? RATING_VALUES.map((value, position) => ({ id: newId(), value, label: `${position + 1}`, color: 'gray', position }));
  }
  if (!spec.options) return spec.type === 'SELECT' || spec.type === 'MULTI_SELECT' ? existing : null;
  const remaining = [...(existing ?? [])];
  const resolved = spec.options.map((o: OptionSpec, position) => {
    const match =
      (o.id ? remaining.find((e) => e.id === o.id) : undefined) ??
      (o.renamedFrom ? remaining.find((e) => e.value === o.renamedFrom) : undefined) ??
      remaining.find((e) => e.value === o.value);
    if (match) remaining.splice(remaining.indexOf(match), 1);
    return {
      // A new option keeps the id it was given (an option id is only a key inside its field).
      id: match?.id ?? o.id ?? newId(),
      value: o.value,
      label: o.label ?? match?.label ?? labelFromOptionValue(o.value),
      color: o.color ?? match?.color ?? OPTION_COLORS[position % OPTION_COLORS.length],
      position,
    };
  });
  // Options the file does not list stay (unmanaged), after the listed ones.
  return [...resolved, ...remaining.map((o, i) => ({ ...o, position: resolved.length + i }))];
}

/** A default naming an option follows that option's rename (same option id, new value). */
function renamedDefault(value: unknown, before: FieldOption[] | null, after: FieldOption[] | null): unknown {
  if (!before || !after) return value;
  const follow = (v: unknown) => {
    const old = before.find((o) => o.value === v);
    return (old && after.find((o) => o.id === old.id)?.value) ?? v;
  };
  return Array.isArray(value) ? value.map(follow) : follow(value);
}

function resolveField(spec: FieldSpec, existing: FieldModel | undefined, standard: boolean, newId: IdSource): FieldModel {
  const options = resolveOptions(spec, existing?.options ?? null, newId);
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

/** A standard SELECT/MULTI_SELECT field may list new options; anything else would change it. */
function onlyAddsOptions(spec: FieldSpec, existing: FieldModel): boolean {
  const isSelect = existing.type === 'SELECT' || existing.type === 'MULTI_SELECT';
  const changesMore = (['renamedFrom', 'label', 'description', 'icon', 'nullable', 'unique', 'default', 'settings', 'relation'] as const).some((k) => spec[k] !== undefined);
  const renamesOption = (spec.options ?? []).some((o) => o.renamedFrom !== undefined);
  return isSelect && spec.type === existing.type && spec.options !== undefined && !changesMore && !renamesOption;
}

/** The standard options stay as they are, first; options the file adds follow. */
function extendOptions(spec: FieldSpec, existing: FieldOption[], newId: () => string): FieldOption[] {
  const added = (spec.options ?? []).filter((o) => !existing.some((e) => e.value === o.value));
  return [
    ...existing,
    ...added.map((o, i) => {
      const position = existing.length + i;
      return { id: o.id ?? newId(), value: o.value, label: o.label ?? labelFromOptionValue(o.value), color: o.color ?? OPTION_COLORS[position % OPTION_COLORS.length], position };
    }),
  ];
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

function upsertField(object: ObjectModel, field: FieldModel): void {
  const i = object.fields.findIndex((f) => f.id === field.id);
  if (i >= 0) object.fields[i] = field;
  else object.fields.push(field);
}

function removeField(model: WorkspaceModel, object: ObjectModel, fieldName: string): void {
  const field = object.fields.find((f) => f.name === fieldName);
  if (!field) return;
  object.fields = object.fields.filter((f) => f !== field);
  if (field.relation) {
    const target = model.objects.find((o) => o.nameSingular === field.relation?.targetObject);
    if (target && target !== object) target.fields = target.fields.filter((f) => !(f.relation && f.relation.targetObject === object.nameSingular && f.name === field.relation?.targetField));
    else if (target) target.fields = target.fields.filter((f) => f.name !== field.relation?.targetField);
  }
  object.indexes = object.indexes.filter((i) => !i.fields.includes(fieldName));
}

function removeObject(model: WorkspaceModel, object: ObjectModel): void {
  for (const other of model.objects) {
    if (other === object) continue;
    other.fields = other.fields.filter((f) => f.relation?.targetObject !== object.nameSingular);
  }
  model.objects = model.objects.filter((o) => o !== object);
}

/** Links a relation field to its inverse on the target, creating the inverse when missing. */
function linkRelation(model: WorkspaceModel, source: ObjectModel, field: FieldModel, spec: FieldSpec, newId: () => string, issues: SpecIssue[]): void {
  const rel = spec.relation;
  if (!rel) return;
  const target = model.objects.find((o) => o.nameSingular === rel.target);
  if (!target) {
    issues.push({ loc: spec.loc, rule: 'relation-target', message: `Relation "${source.nameSingular}.${field.name}" targets object "${rel.target}", which does not exist.` });
    return;
  }
  const inverseType = rel.type === 'MANY_TO_ONE' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
  const inverseName = rel.inverse?.name ?? field.relation?.targetField ?? (rel.type === 'MANY_TO_ONE' ? source.namePlural : source.nameSingular);
  field.relation = {
    type: rel.type,
    targetObject: target.nameSingular,
    targetField: inverseName,
    ...(rel.type === 'MANY_TO_ONE' ? { onDelete: rel.onDelete ?? field.relation?.onDelete ?? 'SET_NULL' } : {}),
  };
  const existingInverse = target.fields.find((f) => f.name === inverseName);
  if (existingInverse && (existingInverse.type !== 'RELATION' || existingInverse.relation?.targetObject !== source.nameSingular)) {
    issues.push({ loc: spec.loc, rule: 'relation-inverse-taken', message: `Inverse field "${target.nameSingular}.${inverseName}" already exists and is not this relation's inverse.`, hint: 'Give the relation another `inverse.name`.' });
    return;
  }
  const inverseOnDelete = inverseType === 'MANY_TO_ONE' ? { onDelete: rel.onDelete ?? existingInverse?.relation?.onDelete ?? 'SET_NULL' } : {};
  upsertField(target, {
    id: existingInverse?.id ?? newId(),
    name: inverseName,
    label: rel.inverse?.label ?? existingInverse?.label ?? labelFromName(inverseName),
    type: 'RELATION',
    description: existingInverse?.description ?? null,
    icon: rel.inverse?.icon ?? existingInverse?.icon ?? null,
    isNullable: true,
    isUnique: false,
    defaultValue: null,
    options: null,
    settings: null,
    isCustom: existingInverse?.isCustom ?? field.isCustom,
    isSystem: existingInverse?.isSystem ?? false,
    relation: { type: inverseType, targetObject: source.nameSingular, targetField: field.name, ...inverseOnDelete },
  });
}

/** Gives a new custom object Twenty's relations to timeline, favorites, attachments, notes, tasks. */
function addStandardRelations(model: WorkspaceModel, object: ObjectModel, newId: () => string): void {
  for (const r of CUSTOM_OBJECT_STANDARD_RELATIONS) {
    const standard = model.objects.find((o) => o.nameSingular === r.object && !o.isCustom);
    if (!standard || standard.fields.some((f) => f.name === object.nameSingular)) continue;
    const manyToOne: FieldModel = {
      id: newId(), name: object.nameSingular, label: object.labelSingular, type: 'RELATION', description: null, icon: object.icon,
      isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null, isCustom: true, isSystem: true,
      relation: { type: 'MANY_TO_ONE', targetObject: object.nameSingular, targetField: r.inverse, onDelete: 'CASCADE' },
    };
    standard.fields.push(manyToOne);
    object.fields.push({
      ...manyToOne, id: newId(), name: r.inverse, label: r.label, icon: null,
      relation: { type: 'ONE_TO_MANY', targetObject: standard.nameSingular, targetField: object.nameSingular },
    });
  }
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
