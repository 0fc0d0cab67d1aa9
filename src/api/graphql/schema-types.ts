// Output types (spec §1.2/§1.3): the record type per object, composite types, `<Object>Edge`,
// `<Object>Connection` with its aggregates, and PageInfo. Every field carries its IR role.
import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLOutputType,
} from 'graphql';
import { FIELD_TYPE_SPECS, type CompositeSpec, type GqlScalar } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { connectionTypeName, edgeTypeName, joinColumnName, objectTypeName } from '../../metadata/names.ts';
import { aggregateFields } from './aggregates.ts';
import { objectFilterInput } from './filter-input.ts';
import { objectOrderByInput } from './order-input.ts';
import { withRole } from './roles.ts';
import { ConnectionCursorScalar, CursorScalar, DateTimeScalar, UUIDScalar } from './scalars.ts';
import { apiFields, fieldValueType, memoType, subFieldValueType, targetObject, type Registry } from './type-registry.ts';

type FieldConfig = GraphQLFieldConfig<unknown, unknown>;

export function pageInfoType(registry: Registry): GraphQLObjectType {
  return memoType(
    registry,
    'PageInfo',
    () =>
      new GraphQLObjectType({
        name: 'PageInfo',
        fields: {
          hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean), ...withRole({ kind: 'pageInfoField' }) },
          hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean), ...withRole({ kind: 'pageInfoField' }) },
          startCursor: { type: ConnectionCursorScalar, ...withRole({ kind: 'pageInfoField' }) },
          endCursor: { type: ConnectionCursorScalar, ...withRole({ kind: 'pageInfoField' }) },
        },
      }),
    true,
  );
}

function compositeOutput(registry: Registry, composite: CompositeSpec): GraphQLObjectType {
  return memoType(
    registry,
    composite.gqlType,
    () =>
      new GraphQLObjectType({
        name: composite.gqlType,
        fields: () =>
          Object.fromEntries(
            composite.subFields.map((sub) => [
              sub.name,
              { type: subFieldValueType(registry, composite.gqlType, sub) as GraphQLOutputType, ...withRole({ kind: 'subField', name: sub.name }) },
            ]),
          ),
      }),
    true,
  );
}

/** filter/orderBy/first/last/offset/before/after (Twenty 2.43's findMany args), shared by findMany and one-to-many fields. */
export function connectionArgs(registry: Registry, object: ObjectModel): GraphQLFieldConfigArgumentMap {
  return {
    filter: { type: objectFilterInput(registry, object) },
    orderBy: { type: new GraphQLList(objectOrderByInput(registry, object)) },
    first: { type: GraphQLInt },
    last: { type: GraphQLInt },
    offset: { type: GraphQLInt },
    before: { type: GraphQLString },
    after: { type: GraphQLString },
  };
}

function recordFields(registry: Registry, object: ObjectModel, field: FieldModel): Record<string, FieldConfig> {
  const spec = FIELD_TYPE_SPECS[field.type];
  const nonNull = (type: GraphQLOutputType) => (field.isNullable ? type : new GraphQLNonNull(type));
  if (field.type === 'RELATION') {
    const target = targetObject(registry, field);
    if (field.relation?.type === 'MANY_TO_ONE') {
      return {
        [field.name]: { type: recordType(registry, target), ...withRole({ kind: 'manyToOne', field: field.name, object: target.nameSingular }) },
        [joinColumnName(field.name)]: { type: UUIDScalar, ...withRole({ kind: 'foreignKey', field: field.name }) },
      };
    }
    return {
      [field.name]: {
        type: connectionType(registry, target),
        args: connectionArgs(registry, target),
        ...withRole({ kind: 'oneToMany', field: field.name, object: target.nameSingular }),
      },
    };
  }
  if (spec.composite) {
    return { [field.name]: { type: nonNull(compositeOutput(registry, spec.composite)), ...withRole({ kind: 'composite', field: field.name }) } };
  }
  const type = fieldValueType(registry, object, field, spec.gql as GqlScalar) as GraphQLOutputType;
  return { [field.name]: { type: nonNull(type), ...withRole({ kind: 'scalar', field: field.name }) } };
}

export function recordType(registry: Registry, object: ObjectModel): GraphQLObjectType {
  const name = objectTypeName(object);
  return memoType(
    registry,
    name,
    () =>
      new GraphQLObjectType({
        name,
        description: object.description ?? undefined,
        fields: (): GraphQLFieldConfigMap<unknown, unknown> =>
          Object.assign({}, ...apiFields(registry, object).map((f) => recordFields(registry, object, f))),
      }),
  );
}

function edgeType(registry: Registry, object: ObjectModel): GraphQLObjectType {
  const name = edgeTypeName(object);
  return memoType(
    registry,
    name,
    () =>
      new GraphQLObjectType({
        name,
        fields: () => ({
          node: { type: new GraphQLNonNull(recordType(registry, object)), ...withRole({ kind: 'node' }) },
          cursor: { type: new GraphQLNonNull(CursorScalar), ...withRole({ kind: 'cursor' }) },
        }),
      }),
  );
}

const AGGREGATE_TYPES = { Int: GraphQLInt, Float: GraphQLFloat, DateTime: DateTimeScalar };

export function connectionType(registry: Registry, object: ObjectModel): GraphQLObjectType {
  const name = connectionTypeName(object);
  return memoType(
    registry,
    name,
    () =>
      new GraphQLObjectType({
        name,
        fields: () => {
          const fields: GraphQLFieldConfigMap<unknown, unknown> = {
            edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edgeType(registry, object)))), ...withRole({ kind: 'edges' }) },
            pageInfo: { type: new GraphQLNonNull(pageInfoType(registry)), ...withRole({ kind: 'pageInfo' }) },
            totalCount: { type: GraphQLInt, ...withRole({ kind: 'totalCount' }) },
          };
          for (const agg of aggregateFields(object)) {
            fields[agg.name] = { type: AGGREGATE_TYPES[agg.type], ...withRole({ kind: 'aggregate', op: agg.op, field: agg.field, subField: agg.subField }) };
          }
          return fields;
        },
      }),
  );
}
