// The named types of one schema build, created once each on first use. Building types lazily
// by name keeps objects that reference each other (company ↔ person) simple and makes shared
// types (StringFilter, FullName, ...) exist exactly once.
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLEnumValueConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLScalarType,
  type GraphQLType,
} from 'graphql';
import { RATING_VALUES, type GqlScalar, type SubFieldSpec } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import { enumGqlTypeName, pascal } from '../../metadata/names.ts';
import {
  BigFloatScalar,
  DateScalar,
  DateTimeScalar,
  JSONScalar,
  PositionScalar,
  TSVectorScalar,
  UUIDScalar,
} from './scalars.ts';

export interface Registry {
  objects: Map<string, ObjectModel>;
  types: Map<string, GraphQLNamedType>;
}

export function createRegistry(model: WorkspaceModel): Registry {
  return { objects: new Map(model.objects.map((o) => [o.nameSingular, o])), types: new Map() };
}

// Types that do not depend on the model (StringFilter, FullName, PageInfo, ...) are built once
// per process and shared by every workspace's schema: graphql-js types are plain values, and
// sharing them made schemas faster to build and smaller in memory.
const sharedTypes = new Map<string, GraphQLNamedType>();

/**
 * The named type of this build, created on first use. `shared`: the type depends on nothing
 * but its name (no object, no field), so one instance serves every schema.
 */
export function memoType<T extends GraphQLNamedType>(registry: Registry, name: string, build: () => T, shared = false): T {
  const types = shared ? sharedTypes : registry.types;
  let type = types.get(name);
  if (!type) {
    type = build();
    types.set(name, type);
  }
  return type as T;
}

/** A shared input type with one field per given sub-field of a composite (filters, orderBy, create/update). */
export function compositeInputType(registry: Registry, name: string, subFields: readonly SubFieldSpec[], typeOf: (sub: SubFieldSpec) => GraphQLInputType): GraphQLInputObjectType {
  return memoType(registry, name, () => new GraphQLInputObjectType({ name, fields: () => Object.fromEntries(subFields.map((sub) => [sub.name, { type: typeOf(sub) }])) }), true);
}

/**
 * The fields the API exposes: every field, except relations whose target object is not in the
 * model (a standard relation to an object this workspace does not have is simply absent).
 */
export function apiFields(registry: Registry, object: ObjectModel): FieldModel[] {
  return object.fields.filter((f) => f.type !== 'RELATION' || (f.relation !== null && registry.objects.has(f.relation.targetObject)));
}

export function targetObject(registry: Registry, field: FieldModel): ObjectModel {
  return registry.objects.get((field.relation as NonNullable<FieldModel['relation']>).targetObject) as ObjectModel;
}

const SCALARS: Record<Exclude<GqlScalar, 'Enum' | 'EnumList' | 'StringList'>, GraphQLScalarType> = {
  UUID: UUIDScalar,
  ID: GraphQLID,
  String: GraphQLString,
  Float: GraphQLFloat,
  Int: GraphQLInt,
  BigFloat: BigFloatScalar,
  Boolean: GraphQLBoolean,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Position: PositionScalar,
  TSVector: TSVectorScalar,
};

export function scalarType(gql: Exclude<GqlScalar, 'Enum' | 'EnumList' | 'StringList'>): GraphQLScalarType {
  return SCALARS[gql];
}

function enumValues(values: readonly string[]): GraphQLEnumValueConfigMap {
  return Object.fromEntries(values.map((v) => [v, { value: v }]));
}

/** `${Object}${Field}Enum` for SELECT, MULTI_SELECT and RATING fields. */
export function fieldEnumType(registry: Registry, object: ObjectModel, field: FieldModel): GraphQLEnumType {
  const name = enumGqlTypeName(object, field);
  return memoType(registry, name, () => {
    const values = field.options?.map((o) => o.value) ?? (field.type === 'RATING' ? [...RATING_VALUES] : []);
    return new GraphQLEnumType({ name, values: enumValues(values) });
  });
}

/** An enum-valued composite sub-field, e.g. `ActorSourceEnum` for `Actor.source`. */
function subFieldEnumType(registry: Registry, compositeType: string, sub: SubFieldSpec, values: readonly string[]): GraphQLEnumType {
  const name = `${compositeType}${pascal(sub.name)}Enum`;
  return memoType(registry, name, () => new GraphQLEnumType({ name, values: enumValues(values) }), true);
}

/** The value type of a non-composite, non-relation field (outputs and inputs alike). */
export function fieldValueType(registry: Registry, object: ObjectModel, field: FieldModel, gql: GqlScalar): GraphQLType {
  if (gql === 'Enum') return fieldEnumType(registry, object, field);
  if (gql === 'EnumList') return new GraphQLList(new GraphQLNonNull(fieldEnumType(registry, object, field)));
  if (gql === 'StringList') return new GraphQLList(new GraphQLNonNull(GraphQLString));
  return scalarType(gql);
}

export function subFieldValueType(registry: Registry, compositeType: string, sub: SubFieldSpec): GraphQLType {
  if (sub.enumValues) return subFieldEnumType(registry, compositeType, sub, sub.enumValues);
  return scalarType(sub.gql as Exclude<GqlScalar, 'Enum' | 'EnumList' | 'StringList'>);
}
