// Relations while resolving: a relation field linked to its inverse on the target (created
// when missing), removals that take the inverse along, and the standard relations every new
// custom object gets. They work on the model being resolved (resolve.ts's private clone).
import type { FieldModel, ObjectModel, WorkspaceModel } from './model.ts';
import type { FieldSpec, SpecIssue } from './spec.ts';
import { CUSTOM_OBJECT_STANDARD_RELATIONS } from './system-fields.ts';
import { labelFromName } from './labels.ts';

export function upsertField(object: ObjectModel, field: FieldModel): void {
  const i = object.fields.findIndex((f) => f.id === field.id);
  if (i >= 0) object.fields[i] = field;
  else object.fields.push(field);
}

export function removeField(model: WorkspaceModel, object: ObjectModel, fieldName: string): void {
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

export function removeObject(model: WorkspaceModel, object: ObjectModel): void {
  for (const other of model.objects) {
    if (other === object) continue;
    other.fields = other.fields.filter((f) => f.relation?.targetObject !== object.nameSingular);
  }
  model.objects = model.objects.filter((o) => o !== object);
}

/** Links a relation field to its inverse on the target, creating the inverse when missing. */
export function linkRelation(model: WorkspaceModel, source: ObjectModel, field: FieldModel, spec: FieldSpec, newId: () => string, issues: SpecIssue[]): void {
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
export function addStandardRelations(model: WorkspaceModel, object: ObjectModel, newId: () => string): void {
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
