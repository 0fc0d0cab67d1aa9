// Runs one workspace GraphQL request. Each root field compiles to ONE SQL statement whose JSON
// result is already the field's response value, so graphql-js only parses and validates
// (cached) and executes introspection, where there is no SQL.
import type { FormattedExecutionResult, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { DbClient } from '../../core/db.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import type { Actor } from '../query/ir.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { runCompiled } from '../query/run.ts';
import { createSchemaCache } from './cache.ts';
import { createDocumentCache, type DocumentCache } from './document-cache.ts';
import { introspect, type ComputedField } from './introspection.ts';
import { planOperation, type PlannedField } from './plan-operation.ts';
import type { GraphQLRequest, WorkspaceLimits } from './prepare-operation.ts';
import { toResponseError } from './response-errors.ts';
import { applyShape } from './shape.ts';

export interface WorkspaceExecutionContext {
  db: DbClient;
  model: WorkspaceModel;
  actor: Actor;
  /** The caller's role (loadPermissions); required so no path can skip the check. */
  permissions: Permissions;
  limits: WorkspaceLimits;
  /** The schema of `model` (from a SchemaCache); a process-wide cache is used when absent. */
  schema?: GraphQLSchema;
  documents?: DocumentCache;
  /** Receives errors that become INTERNAL_SERVER_ERROR, for the log. */
  onInternalError?: (error: unknown) => void;
}

const defaultSchemas = createSchemaCache({ max: 100 });
const defaultDocuments = createDocumentCache({ max: 1000 });

async function run(ctx: WorkspaceExecutionContext, item: PlannedField, onInternal: (error: unknown) => void): Promise<ComputedField> {
  if (!('statement' in item)) return { value: item.value };
  try {
    let value = await runCompiled(ctx.db, item.statement);
    if (item.translation.single) value = Array.isArray(value) ? (value[0] ?? null) : value;
    return { value: applyShape(value, item.translation.shape) };
  } catch (error) {
    return { value: null, error: toResponseError(error, [item.key], onInternal) };
  }
}

/** Mutations run one root field after another (GraphQL's serial execution); queries together. */
async function runAll(ctx: WorkspaceExecutionContext, fields: PlannedField[], serial: boolean, onInternal: (error: unknown) => void): Promise<ComputedField[]> {
  if (!serial) return Promise.all(fields.map((item) => run(ctx, item, onInternal)));
  const out: ComputedField[] = [];
  for (const item of fields) out.push(await run(ctx, item, onInternal));
  return out;
}

export async function executeWorkspaceOperation(ctx: WorkspaceExecutionContext, request: GraphQLRequest): Promise<FormattedExecutionResult> {
  const schema = ctx.schema ?? defaultSchemas.get(ctx.model);
  const onInternal = ctx.onInternalError ?? (() => {});
  const plan = planOperation({ ...ctx, schema, documents: ctx.documents ?? defaultDocuments }, request, onInternal);
  if (!plan.ok) return plan.result;
  const { prepared, fields } = plan;
  const outcomes = await runAll(ctx, fields, prepared.operation.operation === 'mutation', onInternal);
  if (plan.introspection) {
    return introspect(schema, prepared.document, request, new Map(fields.map((item, i) => [item.key, outcomes[i]])));
  }
  const data: Record<string, unknown> = {};
  const errors: GraphQLFormattedError[] = [];
  fields.forEach((item, i) => {
    data[item.key] = outcomes[i].value;
    const error = outcomes[i].error;
    if (error) errors.push(error);
  });
  return errors.length > 0 ? { errors, data } : { data };
}
