// current model vs desired model → ordered Change[] (plain data). Keyed by stable ids, so a
// renamed object, field, option or index is an update, never a drop + add.
import type { FieldModel, FieldOption, IndexModel, ObjectModel, WorkspaceModel } from './model.ts';
import { isDeepStrictEqual } from 'node:util';
import type { RoleChange } from './roles.ts';

export type OptionChange =
  | { kind: 'add'; option: FieldOption }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'remove'; option: FieldOption };

export type Change =
  | { kind: 'createObject'; object: ObjectModel }
  | { kind: 'updateObject'; before: ObjectModel; after: ObjectModel }
  | { kind: 'deleteObject'; object: ObjectModel }
  | { kind: 'createField'; object: ObjectModel; field: FieldModel }
  | { kind: 'updateField'; object: ObjectModel; before: FieldModel; after: FieldModel; options: OptionChange[] }
  | { kind: 'deleteField'; object: ObjectModel; field: FieldModel }
  | { kind: 'createIndex'; object: ObjectModel; index: IndexModel }
  | { kind: 'deleteIndex'; object: ObjectModel; index: IndexModel }
  | RoleChange;

export type ChangeKind = Change['kind'];

const isRelation = (f: FieldModel) => f.type === 'RELATION';

/** The fields a createObject change creates with its table: everything but relations. */
export function tableFields(object: ObjectModel): FieldModel[] {
  return object.fields.filter((f) => !isRelation(f));
}

function diffOptions(before: FieldOption[] | null, after: FieldOption[] | null): OptionChange[] {
  const changes: OptionChange[] = [];
  const old = new Map((before ?? []).map((o) => [o.id, o]));
  const kept = new Set<string>();
  for (const option of after ?? []) {
    const prev = old.get(option.id);
    if (!prev) changes.push({ kind: 'add', option });
    else {
      kept.add(option.id);
      if (prev.value !== option.value) changes.push({ kind: 'rename', from: prev.value, to: option.value });
    }
  }
  for (const option of before ?? []) if (!kept.has(option.id)) changes.push({ kind: 'remove', option });
  return changes;
}

function fieldChanged(a: FieldModel, b: FieldModel): boolean {
  return !isDeepStrictEqual(a, b);
}

function objectPropsChanged(a: ObjectModel, b: ObjectModel): boolean {
  const pick = (o: ObjectModel) => [o.nameSingular, o.namePlural, o.labelSingular, o.labelPlural, o.description, o.icon, o.labelIdentifier];
  return !isDeepStrictEqual(pick(a), pick(b));
}

// Apply order: drops first (reverse topological: indexes, relations, fields, objects), then
// creates and updates in topological order (objects, fields, relations, indexes).
const RANK: Record<string, number> = {
  deleteIndex: 0,
  'deleteField:relation': 1,
  deleteField: 2,
  deleteObject: 3,
  updateObject: 4,
  createObject: 5,
  createField: 6,
  updateField: 7,
  'createField:relation': 8,
  'updateField:relation': 9,
  createIndex: 10,
};

function rank(change: Change): number {
  const relation = (change.kind === 'createField' || change.kind === 'deleteField') && isRelation(change.field)
    ? ':relation'
    : change.kind === 'updateField' && isRelation(change.after) ? ':relation' : '';
  return RANK[`${change.kind}${relation}`] ?? RANK[change.kind];
}

export function diffModels(current: WorkspaceModel, desired: WorkspaceModel): Change[] {
  const changes: Change[] = [];
  const currentById = new Map(current.objects.map((o) => [o.id, o]));
  const desiredIds = new Set(desired.objects.map((o) => o.id));

  for (const object of current.objects) if (!desiredIds.has(object.id)) changes.push({ kind: 'deleteObject', object });

  for (const after of desired.objects) {
    const before = currentById.get(after.id);
    if (!before) {
      changes.push({ kind: 'createObject', object: after });
      for (const field of after.fields.filter(isRelation)) changes.push({ kind: 'createField', object: after, field });
      for (const index of after.indexes) changes.push({ kind: 'createIndex', object: after, index });
      continue;
    }
    if (objectPropsChanged(before, after)) changes.push({ kind: 'updateObject', before, after });
    const beforeFields = new Map(before.fields.map((f) => [f.id, f]));
    const afterIds = new Set(after.fields.map((f) => f.id));
    for (const field of before.fields) if (!afterIds.has(field.id)) changes.push({ kind: 'deleteField', object: after, field });
    for (const field of after.fields) {
      const prev = beforeFields.get(field.id);
      if (!prev) changes.push({ kind: 'createField', object: after, field });
      else if (fieldChanged(prev, field)) {
        // A type change converts the stored values (SELECT → TEXT keeps them as text): no option changes.
        const options = prev.type === field.type ? diffOptions(prev.options, field.options) : [];
        changes.push({ kind: 'updateField', object: after, before: prev, after: field, options });
      }
    }
    const beforeIndexes = new Map(before.indexes.map((i) => [i.id, i]));
    const afterIndexIds = new Set(after.indexes.map((i) => i.id));
    for (const index of before.indexes) if (!afterIndexIds.has(index.id)) changes.push({ kind: 'deleteIndex', object: after, index });
    for (const index of after.indexes) {
      const prev = beforeIndexes.get(index.id);
      if (!prev) changes.push({ kind: 'createIndex', object: after, index });
      else if (!isDeepStrictEqual(prev, index)) {
        changes.push({ kind: 'deleteIndex', object: after, index: prev }, { kind: 'createIndex', object: after, index });
      }
    }
  }
  // A stable sort keeps the files' order within each rank.
  return changes.map((c, i) => ({ c, i, r: rank(c) })).sort((a, b) => a.r - b.r || a.i - b.i).map(({ c }) => c);
}
