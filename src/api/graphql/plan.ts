// One root field → its IR (and the Shape that finishes its JSON) → one compiled SQL statement.
// All argument checks happen here, so a bad argument fails before any statement runs.
import { getArgumentValues, getNamedType, type FieldNode, type GraphQLObjectType } from 'graphql';
import { AppError } from '../../core/errors.ts';
import type { Sql } from '../../core/sql.ts';
import type { ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import { compileFindMany, compileFindOne } from '../query/find.ts';
import { compileCreate, compileDelete, compileUpdate } from '../query/mutate.ts';
import { authorizeCreate, authorizeDelete, authorizeRead, authorizeUpdate } from '../query/authorize.ts';
import type { Permissions } from '../../auth/permissions.ts';
import type { Actor, ConnectionQuery, CreateQuery, DeleteQuery, FilterNode, FindOneQuery, RecordInput, UpdateQuery } from '../query/ir.ts';
import { translateFilter } from './filter-args.ts';
import { authorizeDuplicatesField, compileDuplicatesField, translateDuplicatesField, type DuplicatesIr } from './duplicates-fields.ts';
import { roleOf, type RootOperation } from './roles.ts';
import { translateConnection, translateRecordSelection, type ConnectionArgs, type TranslateContext } from './selection.ts';
import type { Shape } from './shape.ts';

export interface PlanContext extends TranslateContext {
  model: WorkspaceModel;
  actor: Actor;
  maxAffected: number;
}

export type RootIr =
  | { operation: 'findMany'; query: ConnectionQuery }
  | { operation: 'findOne'; query: FindOneQuery }
  | { operation: 'createOne' | 'createMany'; query: CreateQuery }
  | { operation: 'updateOne' | 'updateMany'; query: UpdateQuery }
  | { operation: 'deleteOne' | 'deleteMany' | 'destroyOne' | 'destroyMany' | 'restoreOne' | 'restoreMany'; query: DeleteQuery }
  | DuplicatesIr;

export interface RootTranslation {
  ir: RootIr;
  shape?: Shape;
  /**
   * The statement returns a list of records and a *One mutation answers the first. An empty
   * list is NOT_FOUND, as in Twenty 2.43 (the *Many variants answer [] instead).
   */
  single: boolean;
}

type Args = Record<string, unknown>;

const DELETE_MODES: Partial<Record<RootOperation, DeleteQuery['mode']>> = {
  deleteOne: 'soft',
  deleteMany: 'soft',
  destroyOne: 'destroy',
  destroyMany: 'destroy',
  restoreOne: 'restore',
  restoreMany: 'restore',
};

function idFilter(id: unknown): FilterNode {
  return { kind: 'compare', field: 'id', op: 'eq', value: id };
}

/** updateMany/deleteMany/destroyMany/restoreMany refuse to touch every record (spec §1.6). */
function requireFilter(object: ObjectModel, input: unknown): FilterNode {
  const { filter } = translateFilter(object, input as Args);
  if (!filter) {
    throw new AppError('INVALID_QUERY_INPUT', 'A non-empty filter is required', {
      hint: `Pass a filter that selects the ${object.namePlural} to change, e.g. {id: {in: [...]}}.`,
    });
  }
  return filter;
}

function checkBatch(records: unknown[], max: number): void {
  if (records.length > max) {
    throw new AppError('INVALID_QUERY_INPUT', `Cannot create more than ${max} records in one request; got ${records.length}.`, {
      hint: 'Split the data into smaller batches.',
    });
  }
}

export function translateRootField(ctx: PlanContext, rootType: GraphQLObjectType, nodes: FieldNode[]): RootTranslation {
  const def = rootType.getFields()[nodes[0].name.value];
  const role = def ? roleOf(def) : undefined;
  if (!def || role?.kind !== 'root') throw new AppError('INVALID_QUERY_INPUT', `Field "${nodes[0].name.value}" cannot be queried on type "${rootType.name}".`);
  const args = getArgumentValues(def, nodes[0], ctx.variables) as Args;
  const object = ctx.objects.get(role.object) as ObjectModel;
  const type = getNamedType(def.type) as GraphQLObjectType;
  const { operation } = role;

  if (operation === 'findDuplicates' || operation === 'mergeMany') return translateDuplicatesField(ctx, def, nodes, operation, role.object, args);
  if (operation === 'findMany') {
    const { query, shape } = translateConnection(ctx, type, nodes, role.object, args as ConnectionArgs, ctx.maxRecords);
    return { ir: { operation, query }, shape, single: false };
  }
  const { selection, shape } = translateRecordSelection(ctx, type, nodes);
  const base = { object: role.object, selection };
  switch (operation) {
    case 'findOne': {
      const { filter, withDeleted } = translateFilter(object, args.filter as Args);
      if (!filter) throw new AppError('INVALID_QUERY_INPUT', `"${nodes[0].name.value}" needs a non-empty filter, e.g. {id: {eq: "..."}}.`);
      return { ir: { operation, query: { ...base, filter, withDeleted } }, shape, single: false };
    }
    case 'createOne':
    case 'createMany': {
      const records = (operation === 'createOne' ? [args.data] : args.data) as RecordInput[];
      checkBatch(records, ctx.maxAffected);
      return { ir: { operation, query: { ...base, records, upsert: args.upsert === true, actor: ctx.actor } }, shape, single: operation === 'createOne' };
    }
    case 'updateOne':
    case 'updateMany': {
      const filter = operation === 'updateOne' ? idFilter(args.id) : requireFilter(object, args.filter);
      const query: UpdateQuery = { ...base, filter, data: args.data as RecordInput, actor: ctx.actor, maxAffected: ctx.maxAffected };
      return { ir: { operation, query }, shape, single: operation === 'updateOne' };
    }
    default: {
      const single = operation.endsWith('One');
      const filter = single ? idFilter(args.id) : requireFilter(object, args.filter);
      const mode = DELETE_MODES[operation] as DeleteQuery['mode'];
      return { ir: { operation, query: { ...base, mode, filter, actor: ctx.actor, maxAffected: ctx.maxAffected } }, shape, single };
    }
  }
}

/**
 * The IR restricted by the caller's role. GraphQL callers name every field they want, so a
 * denied one is refused (FORBIDDEN) rather than silently missing from the response.
 */
export function authorizeRootField(perms: Permissions, model: WorkspaceModel, ir: RootIr): RootIr {
  switch (ir.operation) {
    case 'findDuplicates':
    case 'mergeMany':
      return authorizeDuplicatesField(perms, model, ir);
    case 'findMany':
      return { ...ir, query: authorizeRead(perms, model, ir.query) };
    case 'findOne':
      return { ...ir, query: authorizeRead(perms, model, ir.query) };
    case 'createOne':
    case 'createMany':
      return { ...ir, query: authorizeCreate(perms, model, ir.query) };
    case 'updateOne':
    case 'updateMany':
      return { ...ir, query: authorizeUpdate(perms, model, ir.query) };
    default:
      return { ...ir, query: authorizeDelete(perms, model, ir.query) };
  }
}

export function compileRootField(model: WorkspaceModel, ir: RootIr): Sql {
  switch (ir.operation) {
    case 'findDuplicates':
    case 'mergeMany':
      return compileDuplicatesField(model, ir);
    case 'findMany':
      return compileFindMany(model, ir.query);
    case 'findOne':
      return compileFindOne(model, ir.query);
    case 'createOne':
    case 'createMany':
      return compileCreate(model, ir.query);
    case 'updateOne':
    case 'updateMany':
      return compileUpdate(model, ir.query);
    default:
      return compileDelete(model, ir.query);
  }
}
