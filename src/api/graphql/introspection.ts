// Introspection (`__schema`, `__type`) is the one part graphql-js executes: there is no SQL,
// and tools ask for it rarely. Data root fields of the same operation were already computed;
// the field resolver hands their values out by response key.
import { GraphQLError, execute, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GraphQLRequest } from './prepare-operation.ts';

export interface ComputedField {
  value: unknown;
  error?: GraphQLFormattedError;
}

export async function introspect(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: GraphQLRequest,
  computed: ReadonlyMap<string, ComputedField>,
): Promise<FormattedExecutionResult> {
  const result = await execute({
    schema,
    document,
    operationName: request.operationName ?? undefined,
    variableValues: request.variables ?? undefined,
    rootValue: {},
    fieldResolver: (source, _args, _context, info) => {
      if (info.path.prev === undefined) {
        const field = computed.get(String(info.path.key));
        if (field?.error) throw new GraphQLError(field.error.message, { extensions: field.error.extensions });
        return field?.value;
      }
      return (source as Record<string, unknown>)[String(info.path.key)];
    },
  });
  return {
    ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
    ...(result.data === undefined ? {} : { data: result.data }),
  };
}
