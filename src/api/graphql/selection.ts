// Selection sets → the IR's Selection and ConnectionQuery, guided by the roles the schema
// builder stored on each field. Aliases become output keys; `__typename` and other details
// SQL does not produce are recorded in a Shape.
import { getArgumentValues, getNamedType, type FieldNode, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { AppError } from '../../core/errors.ts';
import type { ObjectModel } from '../../metadata/model.ts';
import type { AggregateRequest, ConnectionQuery, SelectedField, Selection } from '../query/ir.ts';
import { collectFields, type CollectContext } from './collect-fields.ts';
import { translateFilter } from './filter-args.ts';
import { translateOrderBy } from './order-args.ts';
import { translatePage, type PageArgs } from './page-args.ts';
import { roleOf, type FieldRole } from './roles.ts';
import { shapeIfNeeded, type Shape, type ShapeEntry } from './shape.ts';

export interface TranslateContext extends CollectContext {
  objects: ReadonlyMap<string, ObjectModel>;
  maxRecords: number;
  maxRecordsFromRelation: number;
}

export interface ConnectionArgs extends PageArgs {
  filter?: Record<string, unknown> | null;
  orderBy?: unknown[] | null;
}

type Field = GraphQLField<unknown, unknown>;

function fieldOf(type: GraphQLObjectType, node: FieldNode): { def: Field; role: FieldRole } {
  const def = type.getFields()[node.name.value];
  const role = def ? roleOf(def) : undefined;
  // Validation already refused unknown fields; this guards a schema built without roles.
  if (!def || !role) throw new AppError('INVALID_QUERY_INPUT', `Field "${node.name.value}" cannot be queried on type "${type.name}".`);
  return { def, role };
}

function subType(def: Field): GraphQLObjectType {
  return getNamedType(def.type) as GraphQLObjectType;
}

/** The sub-fields of a composite field and the shape mapping aliases back to them. */
function compositeSelection(ctx: CollectContext, type: GraphQLObjectType, nodes: FieldNode[]): { subFields: string[]; shape?: Shape } {
  const subFields: string[] = [];
  const entries: ShapeEntry[] = [];
  for (const [key, fieldNodes] of collectFields(ctx, nodes)) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      entries.push({ key, typename: type.name });
      continue;
    }
    if (!subFields.includes(name)) subFields.push(name);
    entries.push(key === name ? { key } : { key, from: name });
  }
  return { subFields, shape: shapeIfNeeded(entries, subFields.length !== entries.filter((e) => !e.typename).length) };
}

export function translateRecordSelection(ctx: TranslateContext, type: GraphQLObjectType, nodes: FieldNode[]): { selection: Selection; shape?: Shape } {
  const fields: SelectedField[] = [];
  const entries: ShapeEntry[] = [];
  for (const [key, fieldNodes] of collectFields(ctx, nodes)) {
    if (fieldNodes[0].name.value === '__typename') {
      entries.push({ key, typename: type.name });
      continue;
    }
    const { def, role } = fieldOf(type, fieldNodes[0]);
    let child: Shape | undefined;
    switch (role.kind) {
      case 'scalar':
      case 'foreignKey':
        fields.push(role.kind === 'scalar' ? { kind: 'field', alias: key, field: role.field } : { kind: 'foreignKey', alias: key, field: role.field });
        break;
      case 'composite': {
        const composite = compositeSelection(ctx, subType(def), fieldNodes);
        fields.push({ kind: 'field', alias: key, field: role.field, subFields: composite.subFields });
        child = composite.shape;
        break;
      }
      case 'manyToOne': {
        const related = translateRecordSelection(ctx, subType(def), fieldNodes);
        fields.push({ kind: 'manyToOne', alias: key, field: role.field, selection: related.selection });
        child = related.shape;
        break;
      }
      case 'oneToMany': {
        const args = getArgumentValues(def, fieldNodes[0], ctx.variables) as ConnectionArgs;
        const nested = translateConnection(ctx, subType(def), fieldNodes, role.object, args, ctx.maxRecordsFromRelation);
        fields.push({ kind: 'oneToMany', alias: key, field: role.field, connection: nested.query });
        child = nested.shape;
        break;
      }
      default:
        throw new AppError('INVALID_QUERY_INPUT', `Field "${key}" cannot be selected on type "${type.name}".`);
    }
    entries.push(child ? { key, child } : { key });
  }
  return { selection: { fields }, shape: shapeIfNeeded(entries) };
}

/** Each connection part maps to one output key; two aliases of one part cannot be compiled. */
function once(current: string | undefined, key: string, part: string): string {
  if (current !== undefined && current !== key) {
    throw new AppError('INVALID_QUERY_INPUT', `"${part}" is selected twice in one connection, as "${current}" and "${key}".`, {
      hint: `Select "${part}" once, or use two aliases of the whole connection field.`,
    });
  }
  return key;
}

const PAGE_INFO_FIELDS = ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'];

function pageInfoShape(ctx: CollectContext, type: GraphQLObjectType, nodes: FieldNode[]): Shape | undefined {
  const entries: ShapeEntry[] = [];
  const names = new Set<string>();
  for (const [key, fieldNodes] of collectFields(ctx, nodes)) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') entries.push({ key, typename: type.name });
    else {
      names.add(name);
      entries.push(key === name ? { key } : { key, from: name });
    }
  }
  const drops = names.size !== PAGE_INFO_FIELDS.length || entries.length !== names.size;
  return shapeIfNeeded(entries, drops);
}

interface EdgesPart {
  nodeKey?: string;
  cursorKey?: string;
  selection: Selection;
  shape?: Shape;
}

function translateEdges(ctx: TranslateContext, type: GraphQLObjectType, nodes: FieldNode[]): EdgesPart {
  const part: EdgesPart = { selection: { fields: [] } };
  const entries: ShapeEntry[] = [];
  for (const [key, fieldNodes] of collectFields(ctx, nodes)) {
    if (fieldNodes[0].name.value === '__typename') {
      entries.push({ key, typename: type.name });
      continue;
    }
    const { def, role } = fieldOf(type, fieldNodes[0]);
    if (role.kind === 'node') {
      part.nodeKey = once(part.nodeKey, key, 'node');
      const record = translateRecordSelection(ctx, subType(def), fieldNodes);
      part.selection = record.selection;
      entries.push(record.shape ? { key, child: record.shape } : { key });
    } else {
      part.cursorKey = once(part.cursorKey, key, 'cursor');
      entries.push({ key });
    }
  }
  // The compiler always writes `node`; drop it when only cursors were asked for.
  part.shape = shapeIfNeeded(entries, part.nodeKey === undefined);
  return part;
}

export function translateConnection(
  ctx: TranslateContext,
  type: GraphQLObjectType,
  nodes: FieldNode[],
  objectName: string,
  args: ConnectionArgs,
  maxLimit: number,
): { query: ConnectionQuery; shape?: Shape } {
  const object = ctx.objects.get(objectName) as ObjectModel;
  const aliases: NonNullable<ConnectionQuery['aliases']> = {};
  const aggregates: AggregateRequest[] = [];
  const entries: ShapeEntry[] = [];
  let edges: EdgesPart | undefined;
  let pageInfo = false;
  let totalCount = false;
  for (const [key, fieldNodes] of collectFields(ctx, nodes)) {
    if (fieldNodes[0].name.value === '__typename') {
      entries.push({ key, typename: type.name });
      continue;
    }
    const { def, role } = fieldOf(type, fieldNodes[0]);
    let child: Shape | undefined;
    if (role.kind === 'edges') {
      aliases.edges = once(aliases.edges, key, 'edges');
      edges = translateEdges(ctx, subType(def), fieldNodes);
      child = edges.shape;
    } else if (role.kind === 'pageInfo') {
      aliases.pageInfo = once(aliases.pageInfo, key, 'pageInfo');
      pageInfo = true;
      child = pageInfoShape(ctx, subType(def), fieldNodes);
    } else if (role.kind === 'totalCount') {
      aliases.totalCount = once(aliases.totalCount, key, 'totalCount');
      totalCount = true;
    } else if (role.kind === 'aggregate') {
      aggregates.push({ alias: key, op: role.op, field: role.field, ...(role.subField ? { subField: role.subField } : {}) });
    }
    entries.push(child ? { key, child } : { key });
  }
  if (edges?.nodeKey) aliases.node = edges.nodeKey;
  if (edges?.cursorKey) aliases.cursor = edges.cursorKey;
  const { filter, withDeleted } = translateFilter(object, args.filter);
  const query: ConnectionQuery = {
    object: objectName,
    ...(filter ? { filter } : {}),
    orderBy: translateOrderBy(object, args.orderBy),
    ...translatePage(args, maxLimit),
    withDeleted,
    selection: edges?.selection ?? { fields: [] },
    shape: 'connection',
    want: { edges: edges !== undefined, cursor: edges?.cursorKey !== undefined, pageInfo, totalCount, aggregates },
  };
  const renamed = Object.entries(aliases).filter(([part, key]) => part !== key);
  if (renamed.length > 0) query.aliases = Object.fromEntries(renamed);
  return { query, shape: shapeIfNeeded(entries) };
}
