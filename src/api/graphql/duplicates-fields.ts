// The findDuplicates (`companyDuplicates`) and mergeMany (`mergeCompanies`) root fields:
// schema entries, argument → IR translation, permission checks and compilation. Kept apart from
// plan.ts, which only dispatches here.
import { GraphQLBoolean, GraphQLInt, GraphQLList, GraphQLNonNull, getNamedType, type FieldNode, type GraphQLFieldConfigMap, type GraphQLObjectType } from 'graphql';
import { AppError } from '../../core/errors.ts';
import type { Sql } from '../../core/sql.ts';
import type { Permissions } from '../../auth/permissions.ts';
import type { ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import { rootFieldNames } from '../../metadata/names.ts';
import { authorizeDuplicates, compileFindDuplicates, hasDuplicateCriteria, type DuplicatesInput, type DuplicatesQuery } from '../query/duplicates.ts';
import type { Actor, RecordInput } from '../query/ir.ts';
import { authorizeMerge, compileMerge, type MergeQuery } from '../query/merge.ts';
import { objectRecordInput } from './record-input.ts';
import { withRole } from './roles.ts';
import { UUIDScalar } from './scalars.ts';
import { connectionType, recordType } from './schema-types.ts';
import { translateConnection, translateRecordSelection, type TranslateContext } from './selection.ts';
import type { Shape } from './shape.ts';
import type { Registry } from './type-registry.ts';

export type DuplicatesIr = { operation: 'findDuplicates'; query: DuplicatesQuery } | { operation: 'mergeMany'; query: MergeQuery };

const nonNull = GraphQLNonNull;

/** `companyDuplicates(ids | data): [CompanyConnection]`, for objects with duplicate criteria. */
export function duplicatesQueryField(registry: Registry, object: ObjectModel): GraphQLFieldConfigMap<unknown, unknown> {
  if (!hasDuplicateCriteria(object)) return {};
  const create = objectRecordInput(registry, object, 'Create');
  return {
    [rootFieldNames(object).findDuplicates]: {
      type: new GraphQLList(connectionType(registry, object)),
      args: { ids: { type: new GraphQLList(new nonNull(UUIDScalar)) }, data: { type: new GraphQLList(new nonNull(create)) } },
      ...withRole({ kind: 'root', operation: 'findDuplicates', object: object.nameSingular }),
    },
  };
}

/** `mergeCompanies(ids, conflictPriorityIndex, dryRun): Company`, for soft-deletable objects. */
export function mergeMutationField(registry: Registry, object: ObjectModel): GraphQLFieldConfigMap<unknown, unknown> {
  if (!object.fields.some((f) => f.name === 'deletedAt')) return {};
  return {
    [rootFieldNames(object).mergeMany]: {
      type: recordType(registry, object),
      args: {
        ids: { type: new nonNull(new GraphQLList(new nonNull(UUIDScalar))) },
        conflictPriorityIndex: { type: new nonNull(GraphQLInt) },
        dryRun: { type: GraphQLBoolean },
      },
      ...withRole({ kind: 'root', operation: 'mergeMany', object: object.nameSingular }),
    },
  };
}

interface DuplicatesContext extends TranslateContext {
  actor: Actor;
}

type Args = Record<string, unknown>;

function duplicatesInput(args: Args): DuplicatesInput {
  const hasIds = args.ids !== undefined && args.ids !== null;
  const hasData = args.data !== undefined && args.data !== null;
  if (hasIds === hasData) throw new AppError('INVALID_QUERY_INPUT', 'Pass exactly one of "ids" or "data".');
  return hasIds ? { ids: args.ids as string[] } : { data: args.data as RecordInput[] };
}

export function translateDuplicatesField(
  ctx: DuplicatesContext,
  def: { type: unknown },
  nodes: FieldNode[],
  operation: DuplicatesIr['operation'],
  objectName: string,
  args: Args,
): { ir: DuplicatesIr; shape?: Shape; single: boolean } {
  const type = getNamedType(def.type as GraphQLObjectType) as GraphQLObjectType;
  if (operation === 'findDuplicates') {
    const input = duplicatesInput(args);
    const { query, shape } = translateConnection(ctx, type, nodes, objectName, {}, ctx.maxRecords);
    const { object: _o, withDeleted: _w, ...connection } = query;
    return { ir: { operation, query: { object: objectName, input, connection } }, shape, single: false };
  }
  const { selection, shape } = translateRecordSelection(ctx, type, nodes);
  const query: MergeQuery = {
    object: objectName,
    ids: args.ids as string[],
    conflictPriorityIndex: args.conflictPriorityIndex as number,
    dryRun: args.dryRun === true,
    actor: ctx.actor,
    selection,
  };
  return { ir: { operation, query }, shape, single: false };
}

export function authorizeDuplicatesField(perms: Permissions, model: WorkspaceModel, ir: DuplicatesIr): DuplicatesIr {
  return ir.operation === 'findDuplicates' ? { ...ir, query: authorizeDuplicates(perms, model, ir.query) } : { ...ir, query: authorizeMerge(perms, model, ir.query) };
}

export function compileDuplicatesField(model: WorkspaceModel, ir: DuplicatesIr): Sql {
  return ir.operation === 'findDuplicates' ? compileFindDuplicates(model, ir.query) : compileMerge(model, ir.query);
}
