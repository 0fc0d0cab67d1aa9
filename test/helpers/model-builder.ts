// Hand-built metadata for tests that need a model without a database: the model's own field
// builder, and an object builder with the defaults fixtures share.
import { fieldModel, type FieldModel, type ObjectModel } from '../../src/metadata/model.ts';

export { fieldModel };

/** An object (standard, labels = names, labelled by `name`) with its system fields first. */
export function objectModel(id: string, nameSingular: string, namePlural: string, fields: FieldModel[], extra: Partial<ObjectModel> = {}): ObjectModel {
  return {
    id,
    nameSingular,
    namePlural,
    labelSingular: nameSingular,
    labelPlural: namePlural,
    description: null,
    icon: null,
    isCustom: false,
    isSystem: false,
    labelIdentifier: 'name',
    fields,
    indexes: [],
    ...extra,
  };
}
