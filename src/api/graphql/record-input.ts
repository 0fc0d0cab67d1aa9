// Create and update inputs: `<Object>CreateInput` (fields that are non-nullable and have no
// default are required), `<Object>UpdateInput` (all optional, no id), and the composite
// `<Composite>CreateInput` / `<Composite>UpdateInput`. MANY_TO_ONE relations are set through
// their FK (`companyId`) or Twenty's nested `company: {connect, disconnect}` (relation-input.ts);
// one-to-many sides and the generated searchVector are read-only.
import { GraphQLInputObjectType, GraphQLNonNull, type GraphQLInputFieldConfigMap, type GraphQLInputType } from 'graphql';
import { FIELD_TYPE_SPECS, type CompositeSpec, type GqlScalar } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { compositeInputTypeName, inputTypeName, joinColumnName } from '../../metadata/names.ts';
import { UUIDScalar } from './scalars.ts';
import { relationInput } from './relation-input.ts';
import { apiFields, compositeInputType, fieldValueType, memoType, subFieldValueType, targetObject, type Registry } from './type-registry.ts';

type RecordInputKind = 'Create' | 'Update';

function compositeInput(registry: Registry, composite: CompositeSpec, kind: RecordInputKind): GraphQLInputObjectType {
  return compositeInputType(registry, compositeInputTypeName(composite.gqlType, kind), composite.subFields.filter((sub) => !sub.inputHidden), (sub) => subFieldValueType(registry, composite.gqlType, sub) as GraphQLInputType);
}

function isRequiredOnCreate(field: FieldModel): boolean {
  return !field.isNullable && (field.defaultValue === null || field.defaultValue === undefined);
}

/** The input entries of one field: none, its FK, or the field itself. */
function fieldInputs(registry: Registry, object: ObjectModel, field: FieldModel, kind: RecordInputKind): GraphQLInputFieldConfigMap {
  const spec = FIELD_TYPE_SPECS[field.type];
  if (field.type === 'TS_VECTOR' || (kind === 'Update' && field.name === 'id')) return {};
  const name = field.name;
  let type: GraphQLInputType;
  if (field.type === 'RELATION') {
    if (field.relation?.type !== 'MANY_TO_ONE') return {};
    const fk = { type: kind === 'Create' && isRequiredOnCreate(field) ? new GraphQLNonNull(UUIDScalar) : UUIDScalar };
    return { [joinColumnName(field.name)]: fk, [field.name]: { type: relationInput(registry, targetObject(registry, field)) } };
  } else if (spec.composite) {
    type = compositeInput(registry, spec.composite, kind);
  } else {
    type = fieldValueType(registry, object, field, spec.gql as GqlScalar) as GraphQLInputType;
  }
  return { [name]: { type: kind === 'Create' && isRequiredOnCreate(field) ? new GraphQLNonNull(type) : type } };
}

export function objectRecordInput(registry: Registry, object: ObjectModel, kind: RecordInputKind): GraphQLInputObjectType {
  const name = inputTypeName(object, kind);
  return memoType(
    registry,
    name,
    () =>
      new GraphQLInputObjectType({
        name,
        fields: () => Object.assign({}, ...apiFields(registry, object).map((f) => fieldInputs(registry, object, f, kind))),
      }),
  );
}
