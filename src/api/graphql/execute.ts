// Runs one workspace GraphQL request. Each root field compiles to ONE SQL statement whose JSON
// result is already the field's response value, so graphql-js only parses and validates
// (cached) and executes introspection, where there is no SQL.
import type { FormattedExecutionResult, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { DbClient } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import type { Actor } from '../query/ir.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { runCompiled, runCompiledRaw } from '../query/run.ts';
import { createSchemaCache } from './cache.ts';
import { createDocumentCache, type DocumentCache } from './document-cache.ts';
import { introspect, type ComputedField } from './introspection.ts';
import { planOperation, type PlannedField } from './plan-operation.ts';
import type { GraphQLRequest, WorkspaceLimits } from './prepare-operation.ts';
import { toResponseError } from './response-errors.ts';
import { applyShape } from './shape.ts';
import { nameUniqueViolation } from '../query/unique-violation.ts';

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

/**
 * A field value that is already JSON text from Postgres: serializeResult() splices it into the
 * response instead of parsing and re-serialising it.
 */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

// Postgres text can never hold NUL, and JSON.stringify escapes it, so this marker cannot be
// produced by any data.
const MARK = '\u0000raw:';

/** The response body, with RawJson values written as the text Postgres produced. */
export function serializeResult(result: FormattedExecutionResult): string {
  const raws: string[] = [];
  const text = JSON.stringify(result, (_key, value) => (value instanceof RawJson ? `${MARK}${raws.push(value.text) - 1}` : value));
  if (raws.length === 0) return text;
  return text.replace(/"\\u0000raw:(\d+)"/g, (_m, i: string) => raws[Number(i)]);
}

/** A *One mutation's record; none means the id does not exist or is not visible to the caller. */
function firstRecord(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) throw new AppError('NOT_FOUND', 'Record not found', { hint: 'No record with this id is in the state this mutation needs (live, or deleted for restore) and visible to your role.' });
  return first;
}

async function run(ctx: WorkspaceExecutionContext, item: PlannedField, onInternal: (error: unknown) => void, raw: boolean): Promise<ComputedField> {
  if (!('statement' in item)) return { value: item.value };
  try {
    if (raw && !item.translation.single && item.translation.shape === undefined) {
      const text = await runCompiledRaw(ctx.db, item.statement);
      return { value: text === null ? null : new RawJson(text) };
    }
    let value = await runCompiled(ctx.db, item.statement);
    if (item.translation.single) value = firstRecord(value);
    return { value: applyShape(value, item.translation.shape) };
  } catch (error) {
    return { value: null, error: toResponseError(nameUniqueViolation(ctx.model, error), [item.key], onInternal) };
  }
}

/** Mutations run one root field after another (GraphQL's serial execution); queries together. */
async function runAll(ctx: WorkspaceExecutionContext, fields: PlannedField[], serial: boolean, onInternal: (error: unknown) => void, raw: boolean): Promise<ComputedField[]> {
  if (!serial) return Promise.all(fields.map((item) => run(ctx, item, onInternal, raw)));
  const out: ComputedField[] = [];
  for (const item of fields) out.push(await run(ctx, item, onInternal, raw));
  return out;
}

/**
 * With `rawJson`, data values may be RawJson (send them with serializeResult); without it
 * every value is plain data.
 */
export async function executeWorkspaceOperation(ctx: WorkspaceExecutionContext, request: GraphQLRequest, options: { rawJson?: boolean } = {}): Promise<FormattedExecutionResult> {
  const schema = ctx.schema ?? defaultSchemas.get(ctx.model);
  const onInternal = ctx.onInternalError ?? (() => {});
  const plan = planOperation({ ...ctx, schema, documents: ctx.documents ?? defaultDocuments }, request, onInternal);
  if (!plan.ok) return plan.result;
  const { prepared, fields } = plan;
  // Introspection merges data values into graphql-js's own result: those stay parsed.
  const outcomes = await runAll(ctx, fields, prepared.operation.operation === 'mutation', onInternal, Boolean(options.rawJson) && !plan.introspection);
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
