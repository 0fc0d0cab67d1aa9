// Name lookups of one object, built once per ObjectModel: argument translation runs per
// request and must not scan field lists.
import { isComposite } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';

export interface ObjectIndex {
  fields: Map<string, FieldModel>;
  /** `companyId` → the MANY_TO_ONE field `company`. */
  foreignKeys: Map<string, FieldModel>;
  /** Names of composite fields. */
  composites: Set<string>;
}

const indexes = new WeakMap<ObjectModel, ObjectIndex>();

export function objectIndex(object: ObjectModel): ObjectIndex {
  let index = indexes.get(object);
  if (!index) {
    index = {
      fields: new Map(object.fields.map((f) => [f.name, f])),
      foreignKeys: new Map(object.fields.filter((f) => f.relation?.type === 'MANY_TO_ONE').map((f) => [joinColumnName(f.name), f])),
      composites: new Set(object.fields.filter((f) => isComposite(f.type)).map((f) => f.name)),
    };
    indexes.set(object, index);
  }
  return index;
}
