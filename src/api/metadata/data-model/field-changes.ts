// Field mutations as one-change ModelSpecs for the shared apply path. A field is matched by
// its id, so a rename keeps the column and its data. Checked here, because the apply path
// would otherwise update instead of refusing: names and columns already taken (409), system
// and standard fields, and the label identifier.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../core/errors.ts';
import { fieldColumns } from '../../../metadata/field-types.ts';
import type { FieldModel, ObjectModel, RelationModel, WorkspaceModel } from '../../../metadata/model.ts';
import type { FieldSpec, ObjectSpec, OptionSpec, RelationSpec, RemovalSpec } from '../../../metadata/spec.ts';
import { isKnownType } from '../../../metadata/validate-field.ts';
import { defaultFromTwenty } from './default-value.ts';
import type { CreateFieldInput, OptionInput, UpdateFieldInput } from './inputs.ts';
import { objectById } from './lookup.ts';
import { nameFromLabel } from './name-from-label.ts';
import { NO_CHANGE, type MetadataChange } from './object-changes.ts';

const ON_DELETE = ['SET_NULL', 'CASCADE', 'RESTRICT'] as const;

/** Custom objects are restated (so their names validate); standard ones are extended. */
function objectSpecFor(object: ObjectModel, fields: FieldSpec[]): ObjectSpec {
  return object.isCustom
    ? { id: object.id, nameSingular: object.nameSingular, namePlural: object.namePlural, extend: false, fields, indexes: [] }
    : { nameSingular: object.nameSingular, extend: true, fields, indexes: [] };
}

const quoted = (object: ObjectModel, name: string) => `"${object.nameSingular}.${name}"`;

function assertNameFree(object: ObjectModel, name: string, except?: FieldModel): void {
  if (object.fields.some((f) => f !== except && f.name === name)) {
    throw new AppError('ALREADY_EXISTS', `Field ${quoted(object, name)} already exists.`, { hint: 'Pick another name, or update the existing field.' });
  }
}

/** Composite and relation fields own several columns; a new name may hit one of them. */
function assertColumnsFree(object: ObjectModel, field: Pick<FieldModel, 'name' | 'type' | 'relation'>, except?: FieldModel): void {
  if (!isKnownType(field.type)) return; // the validator reports the type
  const owners = new Map(object.fields.filter((f) => f !== except).flatMap((f) => fieldColumns(f).map((c) => [c.column, f.name] as const)));
  for (const { column } of fieldColumns(field)) {
    const owner = owners.get(column);
    if (owner !== undefined) {
      throw new AppError('ALREADY_EXISTS', `Field ${quoted(object, field.name)} needs the column "${column}", which field ${quoted(object, owner)} already uses.`, { hint: 'Pick another name.' });
    }
  }
}

function optionSpec(option: OptionInput): OptionSpec {
  const { id, value, label, color } = option;
  return { value, ...(id ? { id } : {}), ...(label !== undefined ? { label } : {}), ...(color !== undefined ? { color } : {}) };
}

function onDeleteOf(settings: Record<string, unknown> | undefined): RelationSpec['onDelete'] {
  const value = settings?.onDelete;
  return ON_DELETE.find((v) => v === value);
}

/** relationCreationPayload → the relation and its inverse, named after the inverse label as Twenty does. */
function relationFromPayload(model: WorkspaceModel, object: ObjectModel, input: CreateFieldInput): RelationSpec {
  const payload = input.relationCreationPayload;
  if (!payload) {
    throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, input.name)} is a RELATION and needs "relationCreationPayload".`, {
      hint: 'Send {targetObjectMetadataId, targetFieldLabel, targetFieldIcon, type: MANY_TO_ONE or ONE_TO_MANY}.',
    });
  }
  const { object: target } = objectById(model, payload.targetObjectMetadataId);
  const inverse = nameFromLabel(payload.targetFieldLabel);
  assertNameFree(target, inverse);
  if (target === object && inverse === input.name) throw new AppError('ALREADY_EXISTS', `The inverse of field ${quoted(object, input.name)} would have the same name.`, { hint: 'Give targetFieldLabel another label.' });
  const inverseType = payload.type === 'MANY_TO_ONE' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
  assertColumnsFree(target, { name: inverse, type: 'RELATION', relation: { type: inverseType, targetObject: object.nameSingular, targetField: input.name } });
  const onDelete = onDeleteOf(input.settings);
  return {
    type: payload.type,
    target: target.nameSingular,
    ...(onDelete && payload.type === 'MANY_TO_ONE' ? { onDelete } : {}),
    inverse: { name: inverse, label: payload.targetFieldLabel, ...(payload.targetFieldIcon ? { icon: payload.targetFieldIcon } : {}) },
  };
}

export function createFieldChange(model: WorkspaceModel, input: CreateFieldInput): MetadataChange {
  const { object } = objectById(model, input.objectMetadataId);
  if (input.id && model.objects.some((o) => o.fields.some((f) => f.id === input.id))) throw new AppError('ALREADY_EXISTS', `A field with id "${input.id}" already exists.`);
  assertNameFree(object, input.name);
  if (input.relationCreationPayload && input.type !== 'RELATION') {
    throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, input.name)} is ${input.type}; only RELATION fields take "relationCreationPayload".`);
  }
  const relation = input.type === 'RELATION' ? relationFromPayload(model, object, input) : undefined;
  const relationModel: RelationModel | null = relation ? { type: relation.type, targetObject: relation.target, targetField: relation.inverse?.name ?? '' } : null;
  assertColumnsFree(object, { name: input.name, type: input.type, relation: relationModel });
  const id = input.id ?? randomUUID();
  const field: FieldSpec = {
    id,
    name: input.name,
    type: input.type,
    label: input.label,
    description: input.description,
    icon: input.icon,
    nullable: input.isNullable,
    unique: input.isUnique,
    default: input.defaultValue === undefined ? undefined : defaultFromTwenty(input.type, input.defaultValue),
    options: input.options?.map(optionSpec),
    settings: relation ? undefined : input.settings,
    relation,
  };
  return { fieldId: id, spec: { objects: [objectSpecFor(object, [field])], roles: [], removed: [] } };
}

const hasOptions = (field: FieldModel) => field.type === 'SELECT' || field.type === 'MULTI_SELECT';

/** Twenty sends the full option list: existing options it leaves out are removed. */
function removedOptions(object: ObjectModel, field: FieldModel, name: string, next: readonly OptionInput[]): RemovalSpec[] {
  const kept = (o: NonNullable<FieldModel['options']>[number]) => next.some((n) => (n.id ? n.id === o.id : n.value === o.value));
  return (field.options ?? []).filter((o) => !kept(o)).map((o) => ({ kind: 'option', object: object.nameSingular, field: name, value: o.value }));
}

/** The existing relation restated; Twenty changes onDelete through `settings.onDelete`. */
function relationSpecOf(relation: RelationModel, settings: Record<string, unknown> | undefined): RelationSpec {
  const onDelete = onDeleteOf(settings) ?? relation.onDelete;
  return { type: relation.type, target: relation.targetObject, ...(onDelete && relation.type === 'MANY_TO_ONE' ? { onDelete } : {}), inverse: { name: relation.targetField } };
}

/** A standard field only takes new options (the same rule as YAML `extend`). */
function standardFieldChange(object: ObjectModel, field: FieldModel, update: Omit<UpdateFieldInput, 'isActive'>): MetadataChange {
  const other = Object.keys(update).filter((k) => k !== 'options' && update[k as keyof typeof update] !== undefined);
  if (other.length > 0) {
    throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, field.name)} is a standard field; ${other.map((k) => `"${k}"`).join(', ')} cannot be changed.`, { hint: 'Only options can be added to a standard field.' });
  }
  if (!update.options) return { fieldId: field.id, spec: NO_CHANGE };
  const dropped = removedOptions(object, field, field.name, update.options);
  if (dropped.length > 0) {
    throw new AppError('BAD_USER_INPUT', `Options of standard field ${quoted(object, field.name)} can only be added; ${dropped.map((r) => (r.kind === 'option' ? `"${r.value}"` : '')).join(', ')} would be removed.`);
  }
  return { fieldId: field.id, spec: { objects: [objectSpecFor(object, [{ name: field.name, type: field.type, options: update.options.map(optionSpec) }])], roles: [], removed: [] } };
}

export function updateFieldChange(object: ObjectModel, field: FieldModel, update: UpdateFieldInput): MetadataChange {
  // Fields are always active: isActive is accepted for Twenty's clients and has no effect.
  const { isActive: _active, ...changes } = update;
  if (field.isSystem) throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, field.name)} is a system field and cannot be changed.`);
  if (!field.isCustom) return standardFieldChange(object, field, changes);
  const name = changes.name ?? field.name;
  if (name !== field.name) {
    assertNameFree(object, name, field);
    assertColumnsFree(object, { ...field, name }, field);
  }
  // Select options are always restated: the validator checks a default against them.
  const options = hasOptions(field) ? (changes.options ?? field.options ?? []) : changes.options;
  const spec: FieldSpec = {
    id: field.id,
    name,
    type: field.type,
    label: changes.label,
    description: changes.description,
    icon: changes.icon,
    nullable: changes.isNullable,
    unique: changes.isUnique,
    default: changes.defaultValue === undefined ? undefined : defaultFromTwenty(field.type, changes.defaultValue),
    options: options?.map(optionSpec),
    settings: field.relation ? undefined : changes.settings,
    relation: field.relation ? relationSpecOf(field.relation, changes.settings) : undefined,
  };
  const removed = changes.options && hasOptions(field) ? removedOptions(object, field, name, changes.options) : [];
  return { fieldId: field.id, spec: { objects: [objectSpecFor(object, [spec])], roles: [], removed } };
}

export function deleteFieldChange(object: ObjectModel, field: FieldModel): MetadataChange {
  if (field.isSystem || !field.isCustom) {
    throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, field.name)} is a ${field.isSystem ? 'system' : 'standard'} field and cannot be deleted.`);
  }
  if (object.labelIdentifier === field.name) {
    throw new AppError('BAD_USER_INPUT', `Field ${quoted(object, field.name)} is the label identifier of "${object.nameSingular}" and cannot be deleted.`, {
      hint: 'Set another labelIdentifierFieldMetadataId on the object first.',
    });
  }
  return { allowDestructive: true, spec: { objects: [], roles: [], removed: [{ kind: 'field', object: object.nameSingular, field: field.name }] } };
}
