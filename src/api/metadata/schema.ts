// The static /metadata GraphQL schema (Twenty's nestjs-query shapes: cursor connections with
// `paging:{first, after}`, `filter` comparisons, `createOne…`/`updateOne…`/`deleteOne…`
// mutations taking `input`). Built once per process; the workspace comes from the context.
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import type { Db } from '../../core/db.ts';
import { metadataAuthApi, type MetadataAuthContext } from '../../auth/metadata-auth-api.ts';
import { requireFlag } from '../../auth/permissions.ts';
import { webhookResolvers, webhookTypeDefs } from './webhooks.ts';
import { fileUploadResolvers, fileUploadTypeDefs } from './files/file-uploads-api.ts';
import type { StorageDriver } from '../../core/storage/storage-driver.ts';
import { FIELD_TYPES, type WorkspaceModel } from '../../metadata/model.ts';
import { ConnectionCursorScalar, JSONScalar, UUIDScalar } from '../graphql/scalars.ts';
import { matchesFilter, paginate, type CursorPaging, type Filter } from './connection.ts';
import { allFields, fieldById, objectById, type FieldRef, type ObjectRef } from './lookup.ts';
import { createField, createObject, deleteField, deleteObject, updateField, updateObject, type MetadataTarget } from './operations.ts';
import { fieldScalars, objectScalars, relationEnds, type TwentyField, type TwentyObject } from './shape.ts';

/** One context for the whole /metadata schema: the data-model part and the auth part. */
export interface MetadataContext extends MetadataAuthContext {
  db: Db;
  /** The caller's workspace; fails with UNAUTHENTICATED when the request has no token. */
  workspace: () => Promise<{ workspaceId: string; model: WorkspaceModel }>;
  /** File storage for the file mutations (absent: they answer SERVICE_UNAVAILABLE). */
  files?: MetadataFiles;
}

export interface MetadataFiles {
  storage: StorageDriver;
  maxBytes: number;
}

const FIELD_FILTER_KEYS = 'id: UUIDFilterComparison isCustom: BooleanFieldComparison isActive: BooleanFieldComparison isSystem: BooleanFieldComparison';
const LIST_ARGS = (filter: string) => `(paging: CursorPaging! = {first: 1000}, filter: ${filter}! = {})`;

/** SDL and resolvers, exported so the server can merge other /metadata parts (auth, roles) in. */
export const metadataModelTypeDefs = /* GraphQL */ `
  scalar UUID
  scalar JSON
  scalar ConnectionCursor

  enum FieldMetadataType { ${FIELD_TYPES.join(' ')} }
  enum RelationType { MANY_TO_ONE ONE_TO_MANY }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: ConnectionCursor endCursor: ConnectionCursor }
  input CursorPaging { before: ConnectionCursor after: ConnectionCursor first: Int last: Int }
  input BooleanFieldComparison { is: Boolean isNot: Boolean }
  input UUIDFilterComparison { eq: UUID neq: UUID in: [UUID!] notIn: [UUID!] }
  input ObjectFilter { and: [ObjectFilter!] or: [ObjectFilter!] ${FIELD_FILTER_KEYS} }
  input FieldFilter { and: [FieldFilter!] or: [FieldFilter!] ${FIELD_FILTER_KEYS} objectMetadataId: UUIDFilterComparison }

  type Object {
    id: UUID! nameSingular: String! namePlural: String! labelSingular: String! labelPlural: String!
    description: String icon: String isCustom: Boolean! isActive: Boolean! isSystem: Boolean! isRemote: Boolean!
    isLabelSyncedWithName: Boolean! labelIdentifierFieldMetadataId: UUID imageIdentifierFieldMetadataId: UUID
    fields${LIST_ARGS('FieldFilter')}: ObjectFieldsConnection!
    fieldsList: [Field!]!
  }
  type Field {
    id: UUID! objectMetadataId: UUID! type: FieldMetadataType! name: String! label: String! description: String icon: String
    isCustom: Boolean isActive: Boolean isSystem: Boolean isNullable: Boolean isUnique: Boolean isLabelSyncedWithName: Boolean
    defaultValue: JSON options: JSON settings: JSON
    relation: Relation
    object: Object!
  }
  type Relation { type: RelationType! sourceObjectMetadata: Object! targetObjectMetadata: Object! sourceFieldMetadata: Field! targetFieldMetadata: Field! }
  type ObjectEdge { node: Object! cursor: ConnectionCursor! }
  type ObjectConnection { pageInfo: PageInfo! edges: [ObjectEdge!]! totalCount: Int! }
  type FieldEdge { node: Field! cursor: ConnectionCursor! }
  type FieldConnection { pageInfo: PageInfo! edges: [FieldEdge!]! totalCount: Int! }
  type ObjectFieldsConnection { pageInfo: PageInfo! edges: [FieldEdge!]! totalCount: Int! }

  input CreateObjectInput {
    id: UUID nameSingular: String! namePlural: String! labelSingular: String! labelPlural: String! description: String icon: String
    shortcut: String isLabelSyncedWithName: Boolean isSearchable: Boolean
  }
  input UpdateObjectPayload {
    nameSingular: String namePlural: String labelSingular: String labelPlural: String description: String icon: String isActive: Boolean
    labelIdentifierFieldMetadataId: UUID imageIdentifierFieldMetadataId: UUID shortcut: String isLabelSyncedWithName: Boolean isSearchable: Boolean
  }
  input CreateOneObjectInput { object: CreateObjectInput! }
  input UpdateOneObjectInput { id: UUID! update: UpdateObjectPayload! }
  input DeleteOneObjectInput { id: UUID! }

  input RelationCreationPayload { targetObjectMetadataId: UUID! targetFieldLabel: String! targetFieldIcon: String type: RelationType! }
  input CreateFieldInput {
    id: UUID objectMetadataId: UUID! type: FieldMetadataType! name: String! label: String! description: String icon: String
    isNullable: Boolean isUnique: Boolean defaultValue: JSON options: JSON settings: JSON isLabelSyncedWithName: Boolean
    relationCreationPayload: RelationCreationPayload morphRelationsCreationPayload: [JSON!]
  }
  input UpdateFieldInput {
    name: String label: String description: String icon: String isActive: Boolean isNullable: Boolean isUnique: Boolean
    defaultValue: JSON options: JSON settings: JSON isLabelSyncedWithName: Boolean
  }
  input CreateOneFieldMetadataInput { field: CreateFieldInput! }
  input UpdateOneFieldMetadataInput { id: UUID! update: UpdateFieldInput! }
  input DeleteOneFieldInput { id: UUID! }

  type Query {
    objects${LIST_ARGS('ObjectFilter')}: ObjectConnection!
    object(id: UUID!): Object!
    fields${LIST_ARGS('FieldFilter')}: FieldConnection!
    field(id: UUID!): Field!
  }
  type Mutation {
    createOneObject(input: CreateOneObjectInput!): Object!
    updateOneObject(input: UpdateOneObjectInput!): Object!
    deleteOneObject(input: DeleteOneObjectInput!): Object!
    createOneField(input: CreateOneFieldMetadataInput!): Field!
    updateOneField(input: UpdateOneFieldMetadataInput!): Field!
    deleteOneField(input: DeleteOneFieldInput!): Field!
  }
`;

// Nodes are the Twenty scalars (read by default resolvers) plus, under a symbol that never
// reaches the response, the model they came from for nested fields and relations.
const REF = Symbol('ref');
type ObjectNode = TwentyObject & { [REF]: ObjectRef };
type FieldNode = TwentyField & { [REF]: FieldRef };

const objectNode = (ref: ObjectRef): ObjectNode => ({ ...objectScalars(ref.object), [REF]: ref });
const fieldNode = (ref: FieldRef): FieldNode => ({ ...fieldScalars(ref.object, ref.field), [REF]: ref });

interface ListArgs {
  paging: CursorPaging;
  filter: Filter;
}

function list<T extends object>(nodes: T[], args: ListArgs) {
  return paginate(nodes.filter((node) => matchesFilter(node, args.filter)), args.paging);
}

/** Changing the data model needs the DATA_MODEL flag, as in Twenty. */
async function target(ctx: MetadataContext): Promise<MetadataTarget> {
  const { workspaceId } = await ctx.workspace();
  requireFlag(ctx.permissions, 'DATA_MODEL');
  return { db: ctx.db, workspaceId };
}

const objectFields = (node: ObjectNode) => node[REF].object.fields.map((field) => fieldNode({ ...node[REF], field }));

export const metadataModelResolvers = {
  UUID: UUIDScalar,
  JSON: JSONScalar,
  ConnectionCursor: ConnectionCursorScalar,
  Query: {
    objects: async (_: unknown, args: ListArgs, ctx: MetadataContext) => {
      const { model } = await ctx.workspace();
      return list(model.objects.map((object) => objectNode({ model, object })), args);
    },
    object: async (_: unknown, args: { id: string }, ctx: MetadataContext) => objectNode(objectById((await ctx.workspace()).model, args.id)),
    fields: async (_: unknown, args: ListArgs, ctx: MetadataContext) => list(allFields((await ctx.workspace()).model).map(fieldNode), args),
    field: async (_: unknown, args: { id: string }, ctx: MetadataContext) => fieldNode(fieldById((await ctx.workspace()).model, args.id)),
  },
  Mutation: {
    createOneObject: async (_: unknown, { input }: { input: { object: unknown } }, ctx: MetadataContext) => objectNode(await createObject(await target(ctx), input.object)),
    updateOneObject: async (_: unknown, { input }: { input: { id: string; update: unknown } }, ctx: MetadataContext) =>
      objectNode(await updateObject(await target(ctx), input.id, input.update)),
    deleteOneObject: async (_: unknown, { input }: { input: { id: string } }, ctx: MetadataContext) => objectNode(await deleteObject(await target(ctx), input.id)),
    createOneField: async (_: unknown, { input }: { input: { field: unknown } }, ctx: MetadataContext) => fieldNode(await createField(await target(ctx), input.field)),
    updateOneField: async (_: unknown, { input }: { input: { id: string; update: unknown } }, ctx: MetadataContext) =>
      fieldNode(await updateField(await target(ctx), input.id, input.update)),
    deleteOneField: async (_: unknown, { input }: { input: { id: string } }, ctx: MetadataContext) => fieldNode(await deleteField(await target(ctx), input.id)),
  },
  Object: {
    fields: (node: ObjectNode, args: ListArgs) => list(objectFields(node), args),
    fieldsList: objectFields,
  },
  Field: {
    object: (node: FieldNode) => objectNode(node[REF]),
    relation: (node: FieldNode) => {
      const { model } = node[REF];
      const ends = relationEnds(model, node[REF].object, node[REF].field);
      if (!ends) return null;
      return {
        type: ends.type,
        sourceObjectMetadata: objectNode({ model, object: ends.source.object }),
        targetObjectMetadata: objectNode({ model, object: ends.target.object }),
        sourceFieldMetadata: fieldNode({ model, ...ends.source }),
        targetFieldMetadata: fieldNode({ model, ...ends.target }),
      };
    },
  },
};

let schema: GraphQLSchema | undefined;

/** The data-model part, the auth part (login, API keys, roles, 2FA), webhooks and files, merged. */
export function metadataSchema(): GraphQLSchema {
  const { UUID: _ownUuid, ...authResolvers } = metadataAuthApi.resolvers as IResolvers;
  schema ??= makeExecutableSchema({
    typeDefs: [metadataModelTypeDefs, metadataAuthApi.typeDefs, webhookTypeDefs, fileUploadTypeDefs],
    resolvers: [metadataModelResolvers, authResolvers, webhookResolvers, fileUploadResolvers],
  });
  return schema;
}
