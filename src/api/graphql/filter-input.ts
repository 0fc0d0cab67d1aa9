// Filter input types (spec §1.4): one `<Kind>Filter` per FilterKind with exactly the
// operators of FILTER_OPERATORS, `<Enum>Filter` for enum-valued columns, `<Composite>FilterInput`
// per composite type and `<Object>FilterInput` with and/or/not per object.
import {
  GraphQLBoolean,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
} from 'graphql';
import { FIELD_TYPE_SPECS, FILTER_OPERATORS, fieldColumns, type CompositeSpec, type FilterKind, type FilterOperator } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { compositeInputTypeName, inputTypeName, joinColumnName } from '../../metadata/names.ts';
import { FilterIsEnum } from './scalars.ts';
import {
  apiFields,
  fieldEnumType,
  memoType,
  scalarType,
  subFieldValueType,
  type Registry,
  compositeInputType,
} from './type-registry.ts';

/** The value type each scalar filter kind compares against. */
const KIND_VALUE_TYPES = {
  ID: 'ID',
  UUID: 'UUID',
  String: 'String',
  Float: 'Float',
  BigFloat: 'BigFloat',
  Date: 'Date',
  DateTime: 'DateTime',
  Boolean: 'Boolean',
  Array: 'String',
  RawJson: 'String',
  TSVector: 'String',
} as const;

function operatorType(op: FilterOperator, value: GraphQLInputType): GraphQLInputType {
  switch (op) {
    case 'in':
    case 'containsAny':
      return new GraphQLList(new GraphQLNonNull(value));
    case 'is':
      return FilterIsEnum;
    case 'isEmptyArray':
      return GraphQLBoolean;
    case 'startsWith':
    case 'endsWith':
    case 'like':
    case 'ilike':
    case 'containsIlike':
    case 'search':
      return GraphQLString;
    default:
      return value;
  }
}

function operatorFilter(name: string, kind: FilterKind, value: GraphQLInputType): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    fields: () => Object.fromEntries(FILTER_OPERATORS[kind].map((op) => [op, { type: operatorType(op, value) }])),
  });
}

/** `StringFilter`, `UUIDFilter`, ... for kinds whose values are not per-field enums. */
function kindFilter(registry: Registry, kind: Exclude<FilterKind, 'Select' | 'MultiSelect'>): GraphQLInputObjectType {
  const name = `${kind}Filter`;
  return memoType(registry, name, () => operatorFilter(name, kind, scalarType(KIND_VALUE_TYPES[kind])), true);
}

/** `<Enum>Filter` with the Select or MultiSelect operators over that enum's values. */
function enumFilter(registry: Registry, kind: 'Select' | 'MultiSelect', enumType: GraphQLInputType & { name: string }, shared = false): GraphQLInputObjectType {
  const name = `${enumType.name}Filter`;
  return memoType(registry, name, () => operatorFilter(name, kind, enumType), shared);
}

function compositeFilter(registry: Registry, composite: CompositeSpec): GraphQLInputObjectType {
  return compositeInputType(registry, compositeInputTypeName(composite.gqlType, 'Filter'), composite.subFields, (sub) =>
    sub.filter === 'Select' || sub.filter === 'MultiSelect'
      ? enumFilter(registry, sub.filter, subFieldValueType(registry, composite.gqlType, sub) as GraphQLInputType & { name: string }, true)
      : kindFilter(registry, sub.filter),
  );
}

function fieldFilters(registry: Registry, object: ObjectModel, field: FieldModel): GraphQLInputFieldConfigMap {
  const spec = FIELD_TYPE_SPECS[field.type];
  if (field.type === 'RELATION') {
    // Only the MANY_TO_ONE side has a column to compare: its FK, `companyId`.
    const [fk] = fieldColumns(field);
    return fk ? { [joinColumnName(field.name)]: { type: kindFilter(registry, 'ID') } } : {};
  }
  if (spec.composite) return { [field.name]: { type: compositeFilter(registry, spec.composite) } };
  const kind = spec.filter as FilterKind;
  const type = kind === 'Select' || kind === 'MultiSelect' ? enumFilter(registry, kind, fieldEnumType(registry, object, field)) : kindFilter(registry, kind);
  return { [field.name]: { type } };
}

/** `CompanyFilterInput`: one entry per filterable field plus and/or/not. */
export function objectFilterInput(registry: Registry, object: ObjectModel): GraphQLInputObjectType {
  const name = inputTypeName(object, 'Filter');
  return memoType(registry, name, () => {
    const self: GraphQLInputObjectType = new GraphQLInputObjectType({
      name,
      fields: () => ({
        ...Object.assign({}, ...apiFields(registry, object).map((f) => fieldFilters(registry, object, f))),
        and: { type: new GraphQLList(self) },
        or: { type: new GraphQLList(self) },
        not: { type: self },
      }),
    });
    return self;
  });
}
