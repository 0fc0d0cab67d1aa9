// A prepared operation → one planned item per root field: its IR, Shape and compiled
// statement, or a constant (`__typename`). No database is touched, so the whole translation
// from GraphQL to SQL is testable on its own.
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import type { Sql } from '../../core/sql.ts';
import { compileRootField, translateRootField, type RootTranslation } from './plan.ts';
import { prepareOperation, type GraphQLRequest, type PrepareInput, type PreparedOperation } from './prepare-operation.ts';
import { toResponseError } from './response-errors.ts';

export type PlannedField = { key: string; translation: RootTranslation; statement: Sql } | { key: string; value: unknown };

export type OperationPlan =
  | { ok: true; prepared: Extract<PreparedOperation, { ok: true }>; fields: PlannedField[]; introspection: boolean }
  | { ok: false; result: FormattedExecutionResult };

export function planOperation(input: PrepareInput, request: GraphQLRequest, onInternal: (error: unknown) => void = () => {}): OperationPlan {
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
        const translation = translateRootField(prepared.planContext, prepared.rootType, nodes);
        fields.push({ key, translation, statement: compileRootField(input.model, translation.ir) });
      } catch (error) {
        errors.push(toResponseError(error, [key], onInternal));
      }
    }
  }
  // Every root field is checked before any statement runs: a bad argument changes nothing.
  if (errors.length > 0) return { ok: false, result: { errors } };
  return { ok: true, prepared, fields, introspection };
}
