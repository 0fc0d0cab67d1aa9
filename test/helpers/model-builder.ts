// Hand-built metadata for tests that need a model without a database: one field builder with
// the model's defaults, so fixtures only state what matters to them.
import type { FieldModel, FieldType } from '../../src/metadata/model.ts';

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
