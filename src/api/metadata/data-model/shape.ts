// The model in Twenty's metadata shapes: the scalar properties of `Object` and `Field`, the
// ends of a relation, and the REST bodies built from them. Objects and fields are always
// active here (there is no deactivation), and names never sync with labels automatically.
import type { FieldModel, FieldOption, ObjectModel, RelationType, WorkspaceModel } from '../../../metadata/model.ts';
import { joinColumnName } from '../../../metadata/names.ts';
import { defaultToTwenty } from './default-value.ts';

/** An object as Twenty's metadata API shows it. */
export type TwentyObject = Pick<ObjectModel, 'id' | 'nameSingular' | 'namePlural' | 'labelSingular' | 'labelPlural' | 'description' | 'icon' | 'isCustom' | 'isSystem'> & {
  isActive: boolean;
  isRemote: boolean;
  isLabelSyncedWithName: boolean;
  labelIdentifierFieldMetadataId: string | null;
  imageIdentifierFieldMetadataId: string | null;
};

export interface TwentyField {
  id: string;
  objectMetadataId: string;
  name: string;
  label: string;
  type: FieldModel['type'];
  description: string | null;
  icon: string | null;
  isCustom: boolean;
  isActive: boolean;
  isSystem: boolean;
  isNullable: boolean;
  isUnique: boolean;
  isLabelSyncedWithName: boolean;
  defaultValue: unknown;
  options: FieldOption[] | null;
  settings: Record<string, unknown> | null;
}

/** One side of a relation: the object and the field on it. */
export interface RelationEnd {
  object: ObjectModel;
  field: FieldModel;
}

export interface RelationEnds {
  type: RelationType;
  source: RelationEnd;
  target: RelationEnd;
}

export function objectScalars(object: ObjectModel): TwentyObject {
  const labelField = object.labelIdentifier ? object.fields.find((f) => f.name === object.labelIdentifier) : undefined;
  return {
    id: object.id,
    nameSingular: object.nameSingular,
    namePlural: object.namePlural,
    labelSingular: object.labelSingular,
    labelPlural: object.labelPlural,
    description: object.description,
    icon: object.icon,
    isCustom: object.isCustom,
    isActive: true,
    isSystem: object.isSystem,
    isRemote: false,
    isLabelSyncedWithName: false,
    labelIdentifierFieldMetadataId: labelField?.id ?? null,
    imageIdentifierFieldMetadataId: null,
  };
}

/** Relation fields carry Twenty's relation settings; the model keeps them in `relation`. */
function settingsOf(field: FieldModel): Record<string, unknown> | null {
  const relation = field.relation;
  if (!relation) return field.settings;
  return {
    relationType: relation.type,
    ...(relation.onDelete ? { onDelete: relation.onDelete } : {}),
    ...(relation.type === 'MANY_TO_ONE' ? { joinColumnName: joinColumnName(field.name) } : {}),
  };
}

export function fieldScalars(object: ObjectModel, field: FieldModel): TwentyField {
  return {
    id: field.id,
    objectMetadataId: object.id,
    name: field.name,
    label: field.label,
    type: field.type,
    description: field.description,
    icon: field.icon,
    isCustom: field.isCustom,
    isActive: true,
    isSystem: field.isSystem,
    isNullable: field.isNullable,
    isUnique: field.isUnique,
    isLabelSyncedWithName: false,
    defaultValue: defaultToTwenty(field),
    options: field.options ? [...field.options].sort((a, b) => a.position - b.position) : null,
    settings: settingsOf(field),
  };
}

/** Both ends of a relation field, or null for other fields (or a dangling relation). */
export function relationEnds(model: WorkspaceModel, object: ObjectModel, field: FieldModel): RelationEnds | null {
  const relation = field.relation;
  if (!relation) return null;
  const targetObject = model.objects.find((o) => o.nameSingular === relation.targetObject);
  const targetField = targetObject?.fields.find((f) => f.name === relation.targetField);
  if (!targetObject || !targetField) return null;
  return { type: relation.type, source: { object, field }, target: { object: targetObject, field: targetField } };
}

const objectSummary = (o: ObjectModel) => ({ id: o.id, nameSingular: o.nameSingular, namePlural: o.namePlural });
const fieldSummary = (f: FieldModel) => ({ id: f.id, name: f.name });

export type RestField = TwentyField & { relation: ReturnType<typeof restRelation> };
export type RestObject = TwentyObject & { fields: RestField[] };

function restRelation(model: WorkspaceModel, object: ObjectModel, field: FieldModel) {
  const ends = relationEnds(model, object, field);
  if (!ends) return null;
  return {
    type: ends.type,
    sourceObjectMetadata: objectSummary(ends.source.object),
    targetObjectMetadata: objectSummary(ends.target.object),
    sourceFieldMetadata: fieldSummary(ends.source.field),
    targetFieldMetadata: fieldSummary(ends.target.field),
  };
}

export function restField(model: WorkspaceModel, object: ObjectModel, field: FieldModel): RestField {
  return { ...fieldScalars(object, field), relation: restRelation(model, object, field) };
}

export function restObject(model: WorkspaceModel, object: ObjectModel): RestObject {
  return { ...objectScalars(object), fields: object.fields.map((f) => restField(model, object, f)) };
}
