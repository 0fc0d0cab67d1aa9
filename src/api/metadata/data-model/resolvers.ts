// Resolvers of the data model on /metadata: reads from the caller's workspace model, writes
// through operations.ts (the metadata pipeline). Changing the data model needs DATA_MODEL.
import type { IResolvers } from '@graphql-tools/utils';
import { requireFlag } from '../../../auth/permissions.ts';
import { matchesFilter, paginate, type CursorPaging, type Filter } from '../connection.ts';
import type { MetadataContext } from '../context.ts';
import { allFields, fieldById, objectById, type FieldRef, type ObjectRef } from './lookup.ts';
import { createField, createObject, deleteField, deleteObject, updateField, updateObject, type MetadataTarget } from './operations.ts';
import { fieldScalars, objectScalars, relationEnds, type TwentyField, type TwentyObject } from './shape.ts';

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

export const dataModelResolvers: IResolvers = {
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
