// What a REST record contains, from `depth` and `fields`:
// - depth=0: every scalar and composite field, plus `<relation>Id` for MANY_TO_ONE relations;
// - depth=1: also each relation's records one level down — MANY_TO_ONE as an object
//   (`person.company`), ONE_TO_MANY as a list capped at QUERY_MAX_RECORDS_FROM_RELATION
//   (`company.people`) — with their own scalars and FK ids but no further relations.
// One exception to "no further relations" (Twenty issue #24238): a ONE_TO_MANY that ends on a
// junction object (noteTargets, taskTargets) would only yield link rows of ids. Their
// MANY_TO_ONE targets (the person, company, …) are embedded too, so `notes?depth=1` shows
// what each note is attached to.
// searchVector (TS_VECTOR) is an index, not data, and is never returned.
import { AppError } from '../../core/errors.ts';
import { findObject, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import type { SelectedField, Selection } from '../query/ir.ts';
import { resolveFieldPath, subFieldNames } from './field-path.ts';

export type Depth = 0 | 1;

export interface SelectionOptions {
  depth: Depth;
  /** Validated `fields=` entries; undefined selects everything the depth allows. */
  fields?: string[];
  maxRecordsFromRelation: number;
}

function valueEntry(field: FieldModel, subFields?: string[]): SelectedField | undefined {
  if (field.type === 'TS_VECTOR') return undefined;
  if (field.type === 'RELATION') {
    if (field.relation?.type !== 'MANY_TO_ONE') return undefined;
    return { kind: 'foreignKey', alias: joinColumnName(field.name), field: field.name };
  }
  const subs = subFields ?? subFieldNames(field);
  return subs.length > 0 ? { kind: 'field', alias: field.name, field: field.name, subFields: subs } : { kind: 'field', alias: field.name, field: field.name };
}

function valueSelection(object: ObjectModel): Selection {
  return { fields: object.fields.map((f) => valueEntry(f)).filter((e) => e !== undefined) };
}

function manyToOneFields(object: ObjectModel): FieldModel[] {
  return object.fields.filter((f) => f.relation?.type === 'MANY_TO_ONE');
}

/** A link table: nothing but system fields and at least two MANY_TO_ONE relations. */
function isJunction(object: ObjectModel): boolean {
  const links = manyToOneFields(object).length;
  return links >= 2 && object.fields.every((f) => f.isSystem || f.type === 'RELATION');
}

function embedded(model: WorkspaceModel, field: FieldModel): ObjectModel {
  const target = field.relation ? findObject(model, field.relation.targetObject) : undefined;
  if (!target) throw new AppError('INTERNAL_SERVER_ERROR', `Relation '${field.name}' points to an object that is not in the workspace model.`);
  return target;
}

function junctionSelection(model: WorkspaceModel, junction: ObjectModel, backField: string): Selection {
  const base = valueSelection(junction);
  for (const link of manyToOneFields(junction)) {
    if (link.name === backField) continue;
    base.fields.push({ kind: 'manyToOne', alias: link.name, field: link.name, selection: valueSelection(embedded(model, link)) });
  }
  return base;
}

function relationEntry(model: WorkspaceModel, field: FieldModel, maxRecordsFromRelation: number): SelectedField {
  const target = embedded(model, field);
  if (field.relation?.type === 'MANY_TO_ONE') {
    return { kind: 'manyToOne', alias: field.name, field: field.name, selection: valueSelection(target) };
  }
  const backField = field.relation?.targetField ?? '';
  const selection = isJunction(target) ? junctionSelection(model, target, backField) : valueSelection(target);
  return {
    kind: 'oneToMany',
    alias: field.name,
    field: field.name,
    connection: {
      object: target.nameSingular,
      orderBy: [],
      direction: 'forward',
      limit: maxRecordsFromRelation,
      withDeleted: false,
      selection,
      shape: 'list',
      want: { edges: false, cursor: false, pageInfo: false, totalCount: false, aggregates: [] },
    },
  };
}

function fullSelection(model: WorkspaceModel, object: ObjectModel, options: SelectionOptions): Selection {
  const selection = valueSelection(object);
  if (options.depth === 1) {
    for (const field of object.fields) {
      if (field.type === 'RELATION') selection.fields.push(relationEntry(model, field, options.maxRecordsFromRelation));
    }
  }
  return selection;
}

function projectedSelection(model: WorkspaceModel, object: ObjectModel, fields: string[], options: SelectionOptions): Selection {
  const entries = new Map<string, SelectedField>();
  for (const path of fields) {
    const resolved = resolveFieldPath(object, path, 'fields');
    const { field, subField } = resolved;
    if (field.type === 'RELATION' && !resolved.foreignKey) {
      if (options.depth === 0) {
        const fk = field.relation?.type === 'MANY_TO_ONE' ? `, or ask for '${joinColumnName(field.name)}'` : '';
        throw new AppError('BAD_USER_INPUT', `Field '${path}' is a relation; add depth=1 to embed it${fk} (in fields).`);
      }
      entries.set(field.name, relationEntry(model, field, options.maxRecordsFromRelation));
      continue;
    }
    if (field.type === 'TS_VECTOR') throw new AppError('BAD_USER_INPUT', `Field '${path}' is a search index and cannot be returned (in fields).`);
    const key = resolved.foreignKey ? joinColumnName(field.name) : field.name;
    const previous = entries.get(key);
    // A whole composite replaces any picked sub-fields; picked sub-fields accumulate.
    if (!subField || previous?.kind !== 'field') entries.set(key, valueEntry(field, subField ? [subField.name] : undefined) as SelectedField);
    else if (!previous.subFields?.includes(subField.name)) previous.subFields?.push(subField.name);
  }
  return { fields: [...entries.values()] };
}

/** The selection for one REST response record of `object`. */
export function restSelection(model: WorkspaceModel, object: ObjectModel, options: SelectionOptions): Selection {
  return options.fields ? projectedSelection(model, object, options.fields, options) : fullSelection(model, object, options);
}

/** Validates a `fields=` value: field names, `<relation>Id` and `composite.subField`. */
export function parseFieldsParam(object: ObjectModel, text: string): string[] {
  const names = text.split(',').map((n) => n.trim());
  names.forEach((name, index) => {
    if (name === '') throw new AppError('BAD_USER_INPUT', `fields entry ${index + 1} is empty; remove the extra comma.`);
    resolveFieldPath(object, name, 'fields');
  });
  return names;
}

/** Only the id: what delete routes return. */
export const ID_SELECTION: Selection = { fields: [{ kind: 'field', alias: 'id', field: 'id' }] };
