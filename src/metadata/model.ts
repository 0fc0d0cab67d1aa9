// The workspace data model as plain data: what core metadata rows say, and what the API and
// the DDL generator read. Kept compact (no object graphs) so thousands of workspaces fit.

export const FIELD_TYPES = [
  'UUID',
  'TEXT',
  'NUMBER',
  'NUMERIC',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'SELECT',
  'MULTI_SELECT',
  'RATING',
  'CURRENCY',
  'FULL_NAME',
  'LINKS',
  'EMAILS',
  'PHONES',
  'ADDRESS',
  'ACTOR',
  'RICH_TEXT_V2',
  'RAW_JSON',
  'FILES',
  'ARRAY',
  'POSITION',
  'RELATION',
  'TS_VECTOR',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export type RelationType = 'MANY_TO_ONE' | 'ONE_TO_MANY';
export type OnDelete = 'SET_NULL' | 'CASCADE' | 'RESTRICT';

export interface FieldOption {
  id: string;
  value: string;
  label: string;
  color: string;
  position: number;
}

export interface RelationModel {
  type: RelationType;
  /** nameSingular of the object on the other side. */
  targetObject: string;
  /** name of the inverse field on the target object. */
  targetField: string;
  /** MANY_TO_ONE only: what happens to this row when the target row is destroyed. */
  onDelete?: OnDelete;
}

export interface FieldModel {
  id: string;
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  icon: string | null;
  isNullable: boolean;
  isUnique: boolean;
  /**
   * A typed default: a string/number/boolean for scalars, the option value for SELECT,
   * a list for MULTI_SELECT/ARRAY, an object of sub-field values for composites, or one of the
   * generator tokens 'uuid' / 'now' (for UUID / DATE_TIME). Never SQL text.
   */
  defaultValue: unknown;
  options: FieldOption[] | null;
  settings: Record<string, unknown> | null;
  isCustom: boolean;
  isSystem: boolean;
  relation: RelationModel | null;
}

export interface IndexModel {
  id: string;
  name: string;
  fields: string[];
  isUnique: boolean;
}

export interface ObjectModel {
  id: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description: string | null;
  icon: string | null;
  isCustom: boolean;
  isSystem: boolean;
  /** Name of the field that labels a record (e.g. "name"). */
  labelIdentifier: string | null;
  fields: FieldModel[];
  indexes: IndexModel[];
}

export interface WorkspaceModel {
  workspaceId: string;
  schema: string;
  version: number;
  objects: ObjectModel[];
}

export function findObject(model: { objects: ObjectModel[] }, nameSingular: string): ObjectModel | undefined {
  return model.objects.find((o) => o.nameSingular === nameSingular);
}

export function findObjectByPlural(model: { objects: ObjectModel[] }, namePlural: string): ObjectModel | undefined {
  return model.objects.find((o) => o.namePlural === namePlural);
}

export function findField(object: ObjectModel, name: string): FieldModel | undefined {
  return object.fields.find((f) => f.name === name);
}

/** A field with the model's defaults (nullable, not unique, no default, not custom); `extra` overrides. */
export function fieldModel(id: string, name: string, type: FieldType, extra: Partial<FieldModel> = {}): FieldModel {
  return {
    id,
    name,
    label: name,
    type,
    description: null,
    icon: null,
    isNullable: true,
    isUnique: false,
    defaultValue: null,
    options: null,
    settings: null,
    isCustom: false,
    isSystem: false,
    relation: null,
    ...extra,
  };
}
