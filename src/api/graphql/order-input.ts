// orderBy inputs (spec §1.5): `<Object>OrderByInput` maps each orderable field to an
// OrderByDirection, composites to `<Composite>OrderByInput` over their orderable sub-fields.
import { GraphQLInputObjectType, type GraphQLInputFieldConfigMap } from 'graphql';
import { FIELD_TYPE_SPECS, type CompositeSpec, type SubFieldSpec } from '../../metadata/field-types.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import { compositeInputTypeName, inputTypeName } from '../../metadata/names.ts';
import { OrderByDirectionEnum } from './scalars.ts';
import { apiFields, compositeInputType, memoType, type Registry } from './type-registry.ts';

/** JSON sub-fields (secondaryLinks, additionalEmails, ...) have no meaningful order. */
export function isOrderableSubField(sub: SubFieldSpec): boolean {
  return sub.filter !== 'RawJson';
}

function compositeOrderBy(registry: Registry, composite: CompositeSpec): GraphQLInputObjectType {
  return compositeInputType(registry, compositeInputTypeName(composite.gqlType, 'OrderBy'), composite.subFields.filter(isOrderableSubField), () => OrderByDirectionEnum);
}

export function objectOrderByInput(registry: Registry, object: ObjectModel): GraphQLInputObjectType {
  const name = inputTypeName(object, 'OrderBy');
  return memoType(
    registry,
    name,
    () =>
      new GraphQLInputObjectType({
        name,
        fields: () => {
          const fields: GraphQLInputFieldConfigMap = {};
          for (const field of apiFields(registry, object)) {
            const spec = FIELD_TYPE_SPECS[field.type];
            if (!spec.orderable) continue;
            fields[field.name] = { type: spec.composite ? compositeOrderBy(registry, spec.composite) : OrderByDirectionEnum };
          }
          return fields;
        },
      }),
  );
}
