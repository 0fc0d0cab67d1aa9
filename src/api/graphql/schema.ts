// The per-workspace data schema (spec §1.1): root Query and Mutation fields for every object,
// built programmatically from the model (no SDL round trip). Resolvers are not attached: the
// executor compiles each root field to one SQL statement instead.
import {
  GraphQLBoolean,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLNullableType,
} from 'graphql';
import type { ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import { rootFieldNames } from '../../metadata/names.ts';
import { duplicatesQueryField, mergeMutationField } from './duplicates-fields.ts';
import { objectFilterInput } from './filter-input.ts';
import { objectRecordInput } from './record-input.ts';
import { withRole, type RootOperation } from './roles.ts';
import { UUIDScalar } from './scalars.ts';
import { connectionArgs, connectionType, recordType } from './schema-types.ts';
import { createRegistry, type Registry } from './type-registry.ts';

type RootField = GraphQLFieldConfig<unknown, unknown>;

function root(operation: RootOperation, object: ObjectModel, config: Omit<RootField, 'extensions'>): RootField {
  return { ...config, ...withRole({ kind: 'root', operation, object: object.nameSingular }) };
}

const nonNull = <T extends GraphQLNullableType>(type: T) => new GraphQLNonNull(type);

function queryFields(registry: Registry, object: ObjectModel): GraphQLFieldConfigMap<unknown, unknown> {
  const names = rootFieldNames(object);
  const record = recordType(registry, object);
  const filter = objectFilterInput(registry, object);
  return {
    [names.findMany]: root('findMany', object, { type: connectionType(registry, object), args: connectionArgs(registry, object) }),
    [names.findOne]: root('findOne', object, { type: record, args: { filter: { type: nonNull(filter) } } }),
    ...duplicatesQueryField(registry, object),
  };
}

function mutationFields(registry: Registry, object: ObjectModel): GraphQLFieldConfigMap<unknown, unknown> {
  const names = rootFieldNames(object);
  const record = recordType(registry, object);
  const records = new GraphQLList(record);
  const filter = { type: nonNull(objectFilterInput(registry, object)) };
  const id = { type: nonNull(UUIDScalar) };
  const create = objectRecordInput(registry, object, 'Create');
  const update = { type: nonNull(objectRecordInput(registry, object, 'Update')) };
  return {
    [names.createOne]: root('createOne', object, { type: record, args: { data: { type: nonNull(create) }, upsert: { type: GraphQLBoolean } } }),
    [names.createMany]: root('createMany', object, {
      type: records,
      args: { data: { type: nonNull(new GraphQLList(nonNull(create))) }, upsert: { type: GraphQLBoolean } },
    }),
    [names.updateOne]: root('updateOne', object, { type: record, args: { id, data: update } }),
    [names.updateMany]: root('updateMany', object, { type: records, args: { filter, data: update } }),
    [names.deleteOne]: root('deleteOne', object, { type: record, args: { id } }),
    [names.deleteMany]: root('deleteMany', object, { type: records, args: { filter } }),
    [names.destroyOne]: root('destroyOne', object, { type: record, args: { id } }),
    [names.destroyMany]: root('destroyMany', object, { type: records, args: { filter } }),
    [names.restoreOne]: root('restoreOne', object, { type: record, args: { id } }),
    [names.restoreMany]: root('restoreMany', object, { type: records, args: { filter } }),
    ...mergeMutationField(registry, object),
  };
}

export function buildWorkspaceSchema(model: WorkspaceModel): GraphQLSchema {
  const registry = createRegistry(model);
  const objects = [...model.objects].sort((a, b) => a.nameSingular.localeCompare(b.nameSingular));
  const query = new GraphQLObjectType({ name: 'Query', fields: () => Object.assign({}, ...objects.map((o) => queryFields(registry, o))) });
  const mutation = new GraphQLObjectType({ name: 'Mutation', fields: () => Object.assign({}, ...objects.map((o) => mutationFields(registry, o))) });
  // A workspace without objects still needs a valid schema; the empty root types would not be.
  if (objects.length === 0) return new GraphQLSchema({});
  return new GraphQLSchema({ query, mutation });
}
