// Everything before SQL: the cached parse + validate, operation selection, size limits,
// variable coercion and the root fields to run. Pure (no database), so translation is
// testable on its own.
import {
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import type { Actor } from '../query/ir.ts';
import { collectSelectionSet } from './collect-fields.ts';
import type { DocumentCache } from './document-cache.ts';
import { sizeLimitMessage, type OperationSize } from './operation-size.ts';
import type { PlanContext } from './plan.ts';
import { AppError } from '../../core/errors.ts';
import { badUserInput, fromGraphQLError } from './response-errors.ts';

export interface WorkspaceLimits {
  /** Page size cap and default for root connections (QUERY_MAX_RECORDS). */
  maxRecords: number;
  /** Page size cap and default for nested one-to-many connections. */
  maxRecordsFromRelation: number;
  /** MUTATION_MAXIMUM_AFFECTED_RECORDS; also caps createMany batches. */
  maxAffected: number;
  maxDepth: number;
  /** GRAPHQL_MAX_ROOT_RESOLVERS. */
  maxRootFields: number;
  /** GRAPHQL_MAX_FIELDS (default 2000). */
  maxFields?: number;
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  /** Sent with GET: only a query may run, decided on the parsed operation (not the text). */
  readOnly?: boolean;
}

export interface PrepareInput {
  schema: GraphQLSchema;
  documents: DocumentCache;
  model: WorkspaceModel;
  actor: Actor;
  limits: WorkspaceLimits;
}

export type PreparedOperation =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      rootType: GraphQLObjectType;
      planContext: PlanContext;
      /** Root fields by response key. */
      roots: Map<string, FieldNode[]>;
    }
  | { ok: false; result: FormattedExecutionResult };

const DEFAULT_MAX_FIELDS = 2000;
const objectMaps = new WeakMap<WorkspaceModel, ReadonlyMap<string, ObjectModel>>();

/** Objects by nameSingular, built once per model object rather than per request. */
function objectsOf(model: WorkspaceModel): ReadonlyMap<string, ObjectModel> {
  let objects = objectMaps.get(model);
  if (!objects) {
    objects = new Map(model.objects.map((o) => [o.nameSingular, o]));
    objectMaps.set(model, objects);
  }
  return objects;
}

function fail(errors: GraphQLFormattedError[]): { ok: false; result: FormattedExecutionResult } {
  return { ok: false, result: { errors } };
}

function sizeError(limits: WorkspaceLimits, size: OperationSize): GraphQLFormattedError | undefined {
  const message = sizeLimitMessage(size, { maxDepth: limits.maxDepth, maxRootFields: limits.maxRootFields, maxFields: limits.maxFields ?? DEFAULT_MAX_FIELDS });
  return message ? badUserInput(message) : undefined;
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  if (operation.operation === 'query') return schema.getQueryType();
  if (operation.operation === 'mutation') return schema.getMutationType();
  return undefined;
}

export function prepareOperation(input: PrepareInput, request: GraphQLRequest): PreparedOperation {
  const { schema, limits } = input;
  if (!schema.getQueryType()) return fail([{ message: 'This workspace has no objects yet.', extensions: { code: 'NOT_FOUND' } }]);
  const prepared = input.documents.prepare(schema, request.query);
  if (!prepared.ok) return fail(prepared.errors);
  const operation = getOperationAST(prepared.document, request.operationName ?? undefined);
  if (!operation) {
    return fail([
      badUserInput(request.operationName ? `Unknown operation named "${request.operationName}".` : 'Give an operationName: the document has several operations.'),
    ]);
  }
  if (request.readOnly && operation.operation !== 'query') {
    throw new AppError('METHOD_NOT_ALLOWED', `A ${operation.operation} must be sent with POST; GET may only run a query.`);
  }
  const rootType = rootTypeOf(schema, operation);
  if (!rootType) return fail([badUserInput(`"${operation.operation}" operations are not supported here; use a query or a mutation.`)]);
  const tooBig = sizeError(limits, prepared.sizeOf(operation));
  if (tooBig) return fail([tooBig]);

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 20 });
  if (coerced.errors) return fail(coerced.errors.map((e) => fromGraphQLError(e, 'BAD_USER_INPUT')));

  const planContext: PlanContext = {
    fragments: prepared.fragments,
    variables: coerced.coerced,
    objects: objectsOf(input.model),
    maxRecords: limits.maxRecords,
    maxRecordsFromRelation: limits.maxRecordsFromRelation,
    maxAffected: limits.maxAffected,
    model: input.model,
    actor: input.actor,
  };
  return { ok: true, document: prepared.document, operation, rootType, planContext, roots: collectSelectionSet(planContext, operation.selectionSet) };
}
