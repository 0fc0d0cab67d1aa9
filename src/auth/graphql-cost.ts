// How much a GraphQL request costs the rate limiter: one unit per root field of the operation
// that would run, so 100 aliases of one query cost 100, and a batched array costs the sum of
// its operations. Parsing is bounded (token cap, no locations); a document that does not parse
// costs 1, because the handler will refuse it anyway.
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

const MAX_TOKENS = 20_000;

function parseCheaply(query: string): DocumentNode | undefined {
  try {
    return parse(query, { noLocation: true, maxTokens: MAX_TOKENS });
  } catch {
    return undefined;
  }
}

/** Root fields of a selection set, through fragments (each fragment expanded once per path). */
function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>, names?: readonly string[]): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      if (!names || names.includes(selection.name.value)) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFields(selection.selectionSet, fragments, seen, names);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      count += rootFields(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]), names);
    }
  }
  return count;
}

function operationsToRun(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.filter((o) => o.name?.value === operationName);
  return operations;
}

/**
 * Root fields of the operation that would run (`operationName`, else every operation: a
 * document with several and no name is refused, but must not be cheaper than one).
 * `names` restricts the count to those root fields (login mutations on /metadata).
 */
export function graphqlCost(query: string, operationName?: string, names?: readonly string[]): number {
  const document = typeof query === 'string' ? parseCheaply(query) : undefined;
  if (!document) return names ? 0 : 1;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const total = operationsToRun(document, operationName).reduce((sum, o) => sum + rootFields(o.selectionSet, fragments, new Set(), names), 0);
  return names ? total : Math.max(total, 1);
}

/** The cost of an HTTP GraphQL body: one request object, or an array batch of them. */
export function graphqlRequestCost(body: unknown, names?: readonly string[]): number {
  const items = Array.isArray(body) ? body : [body];
  let cost = 0;
  for (const item of items) {
    const request = (typeof item === 'object' && item !== null ? item : {}) as { query?: unknown; operationName?: unknown };
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    cost += typeof request.query === 'string' ? graphqlCost(request.query, operationName, names) : names ? 0 : 1;
  }
  return cost;
}
