// WorkspaceModel → canonical model YAML: sorted keys, defaults left out, ids always written,
// so the same model always gives the same bytes and one change is one changed line.
import { stringify } from 'yaml';
import { findField, findObject, type FieldModel, type ObjectModel, type WorkspaceModel } from './model.ts';
import { labelFromName, labelFromOptionValue } from './labels.ts';
import { API_VERSION } from './yaml.ts';
import { exportedDefault } from './text-fields.ts';

export interface ExportOptions {
  /**
   * false (default): custom objects in full, and standard objects only as `extend: true`
   * with their custom fields. true: standard objects in full too, as in
   * templates/standard-objects.yaml.
   */
  includeStandard?: boolean;
}

type Doc = Record<string, unknown>;

/** Drops undefined entries so that omitted defaults leave no key behind. */
function compact(doc: Doc): Doc {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

const unlessDerived = (label: string, name: string): string | undefined => (label === labelFromName(name) ? undefined : label);


/** Fields the file declares: never system ones, and on extended objects only custom ones. */
function writtenFields(object: ObjectModel, options: ExportOptions): FieldModel[] {
  const full = !object.isCustom && options.includeStandard === true;
  return object.fields.filter((f) => !f.isSystem && (full || f.isCustom));
}

/**
 * A ONE_TO_MANY side is implied by the `inverse` of its MANY_TO_ONE side when that is written.
 * (A written MANY_TO_ONE field is never implied, so its object is always exported.)
 */
function isImpliedInverse(model: WorkspaceModel, field: FieldModel, options: ExportOptions): boolean {
  if (field.relation?.type !== 'ONE_TO_MANY') return false;
  const target = findObject(model, field.relation.targetObject);
  const counterpart = target && findField(target, field.relation.targetField);
  return Boolean(target && counterpart && !target.isSystem && writtenFields(target, options).includes(counterpart));
}

function declaredFields(model: WorkspaceModel, object: ObjectModel, options: ExportOptions): FieldModel[] {
  return writtenFields(object, options).filter((f) => !isImpliedInverse(model, f, options));
}

function exportsObject(model: WorkspaceModel, object: ObjectModel, options: ExportOptions): boolean {
  if (object.isSystem) return false;
  return object.isCustom || options.includeStandard === true || declaredFields(model, object, options).length > 0;
}

function exportRelation(model: WorkspaceModel, field: FieldModel): Doc | undefined {
  const relation = field.relation;
  if (!relation) return undefined;
  const target = findObject(model, relation.targetObject);
  const inverse = target && findField(target, relation.targetField);
  return compact({
    type: relation.type,
    target: relation.targetObject,
    // SET_NULL is what the resolver assumes when onDelete is absent.
    onDelete: relation.onDelete === 'SET_NULL' ? undefined : relation.onDelete,
    inverse: compact({
      name: relation.targetField,
      label: inverse ? unlessDerived(inverse.label, inverse.name) : undefined,
      icon: inverse?.icon ?? undefined,
    }),
  });
}

function exportField(model: WorkspaceModel, field: FieldModel): Doc {
  const hasOptions = field.type === 'SELECT' || field.type === 'MULTI_SELECT';
  const options = [...(field.options ?? [])]
    .sort((a, b) => a.position - b.position)
    .map((o) => compact({ id: o.id, value: o.value, label: o.label === labelFromOptionValue(o.value) ? undefined : o.label, color: o.color }));
  return compact({
    id: field.id,
    type: field.type,
    label: unlessDerived(field.label, field.name),
    description: field.description ?? undefined,
    icon: field.icon ?? undefined,
    // TEXT is never nullable and '' is every text's implied default: the resolver restores both.
    nullable: field.isNullable || field.type === 'TEXT' ? undefined : false,
    unique: field.isUnique ? true : undefined,
    default: exportedDefault(field),
    options: hasOptions ? options : undefined,
    settings: field.settings && Object.keys(field.settings).length > 0 ? field.settings : undefined,
    relation: exportRelation(model, field),
  });
}

function exportFields(model: WorkspaceModel, object: ObjectModel, options: ExportOptions): Doc | undefined {
  const fields = declaredFields(model, object, options);
  if (fields.length === 0) return undefined;
  return Object.fromEntries(fields.map((f) => [f.name, exportField(model, f)]));
}

function exportIndexes(object: ObjectModel): Doc[] | undefined {
  if (object.indexes.length === 0) return undefined;
  return [...object.indexes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((i) => compact({ id: i.id, name: i.name, fields: i.fields, unique: i.isUnique ? true : undefined }));
}

function exportObject(model: WorkspaceModel, object: ObjectModel, options: ExportOptions): Doc {
  const fields = exportFields(model, object, options);
  if (!object.isCustom && options.includeStandard !== true) return compact({ id: object.id, extend: true, fields });
  const labelSingular = unlessDerived(object.labelSingular, object.nameSingular);
  const labelPlural = unlessDerived(object.labelPlural, object.namePlural);
  const hasLabel = labelSingular !== undefined || labelPlural !== undefined;
  return compact({
    id: object.id,
    namePlural: object.namePlural,
    label: hasLabel ? compact({ singular: labelSingular, plural: labelPlural }) : undefined,
    description: object.description ?? undefined,
    icon: object.icon ?? undefined,
    // The resolver labels custom objects by `name` and leaves standard ones unset.
    labelIdentifier: object.labelIdentifier === (object.isCustom ? 'name' : null) ? undefined : (object.labelIdentifier ?? undefined),
    skipNameField: object.isCustom && !object.fields.some((f) => f.name === 'name') ? true : undefined,
    fields,
    indexes: exportIndexes(object),
  });
}

/** The model as canonical YAML; deterministic, whatever order the model lists things in. */
export function exportModel(model: WorkspaceModel, options: ExportOptions = {}): string {
  const objects = model.objects.filter((o) => exportsObject(model, o, options));
  const doc = {
    apiVersion: API_VERSION,
    objects: Object.fromEntries(objects.map((o) => [o.nameSingular, exportObject(model, o, options)])),
  };
  return stringify(doc, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}
