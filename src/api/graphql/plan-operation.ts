// A prepared operation → one planned item per root field: its IR, Shape and compiled
// statement, or a constant (`__typename`). No database is touched, so the whole translation
// from GraphQL to SQL is testable on its own.
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { Sql } from '../../core/sql.ts';
import type { Permissions } from '../../auth/permissions.ts';
import { authorizeRootField, compileRootField, translateRootField, type RootTranslation } from './plan.ts';
import { prepareOperation, type GraphQLRequest, type PrepareInput, type PreparedOperation } from './prepare-operation.ts';
import { toResponseError } from './response-errors.ts';

export type PlannedField = { key: string; translation: RootTranslation; statement: Sql } | { key: string; value: unknown };

export type OperationPlan =
  | { ok: true; prepared: Extract<PreparedOperation, { ok: true }>; fields: PlannedField[]; introspection: boolean }
  | { ok: false; result: FormattedExecutionResult };

export interface PlanInput extends PrepareInput {
  /** The caller's role: every root field's IR passes through it before it is compiled. */
  permissions: Permissions;
}

export function planOperation(input: PlanInput, request: GraphQLRequest, onInternal: (error: unknown) => void = () => {}): OperationPlan {
  const prepared = prepareOperation(input, request);
  if (!prepared.ok) return prepared;
  const fields: PlannedField[] = [];
  const errors: GraphQLFormattedError[] = [];
  let introspection = false;
  for (const [key, nodes] of prepared.roots) {
    const name = nodes[0].name.value;
    if (name === '__typename') fields.push({ key, value: prepared.rootType.name });
    else if (name === '__schema' || name === '__type') introspection = true;
    else {
      try {
        const translated = translateRootField(prepared.planContext, prepared.rootType, nodes);
        const translation = { ...translated, ir: authorizeRootField(input.permissions, input.model, translated.ir) };
        fields.push({ key, translation, statement: compileRootField(input.model, translation.ir) });
      } catch (error) {
        errors.push(toResponseError(error, [key], onInternal));
      }
    }
  }
  // Every root field is checked (arguments and permissions) before any statement runs: a bad
  // argument or a denied field changes nothing.
  if (errors.length > 0) return { ok: false, result: { errors } };
  return { ok: true, prepared, fields, introspection };
}
