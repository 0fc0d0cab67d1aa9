// Twenty 2.43's nested relation input for MANY_TO_ONE fields of create and update inputs:
// `<Target>RelationInput {connect: <Target>ConnectInput {where: <Target>WhereUniqueInput},
// disconnect: Boolean}`. The where input has one entry per field of the target's unique
// constraints (id, unique fields, unique indexes); a composite one takes its unique sub-fields
// through `<Target><Field>WhereInput`.
import { GraphQLBoolean, GraphQLInputObjectType, type GraphQLInputFieldConfigMap, type GraphQLInputType } from 'graphql';
import { FIELD_TYPE_SPECS, type GqlScalar } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { relationInputTypeNames } from '../../metadata/names.ts';
import { uniqueConstraints, uniqueSubFields } from '../query/connect.ts';
import { fieldValueType, memoType, subFieldValueType, type Registry } from './type-registry.ts';

function whereEntry(registry: Registry, target: ObjectModel, field: FieldModel): GraphQLInputType {
  const spec = FIELD_TYPE_SPECS[field.type];
  if (!spec.composite) return fieldValueType(registry, target, field, spec.gql as GqlScalar) as GraphQLInputType;
  const composite = spec.composite;
  const name = relationInputTypeNames(target).compositeWhere(field);
  const subs = uniqueSubFields(field);
  return memoType(registry, name, () => new GraphQLInputObjectType({
    name,
    fields: () => Object.fromEntries(composite.subFields.filter((sub) => subs.includes(sub.name)).map((sub) => [sub.name, { type: subFieldValueType(registry, composite.gqlType, sub) as GraphQLInputType }])),
  }));
}

function whereUniqueInput(registry: Registry, target: ObjectModel): GraphQLInputObjectType {
  const name = relationInputTypeNames(target).whereUnique;
  const constraints = uniqueConstraints(target);
  const fields = [...new Map(constraints.flat().map((f) => [f.name, f])).values()];
  const keys = constraints.map((set) => set.map((f) => f.name).join(' and ')).join(' or ');
  return memoType(registry, name, () => new GraphQLInputObjectType({
    name,
    description: `One ${target.nameSingular} by a unique key: ${keys}.`,
    fields: (): GraphQLInputFieldConfigMap => Object.fromEntries(fields.map((f) => [f.name, { type: whereEntry(registry, target, f) }])),
  }));
}

/** The input of a MANY_TO_ONE field whose target is `target`. */
export function relationInput(registry: Registry, target: ObjectModel): GraphQLInputObjectType {
  const names = relationInputTypeNames(target);
  return memoType(registry, names.relation, () => {
    const connect = memoType(registry, names.connect, () => new GraphQLInputObjectType({ name: names.connect, fields: () => ({ where: { type: whereUniqueInput(registry, target) } }) }));
    return new GraphQLInputObjectType({
      name: names.relation,
      fields: () => ({
        connect: { type: connect, description: `Link to an existing ${target.nameSingular}.` },
        disconnect: { type: GraphQLBoolean, description: `true unlinks the ${target.nameSingular}.` },
      }),
    });
  });
}
