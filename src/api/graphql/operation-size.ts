// How big an operation is: nesting depth, number of fields (fragments expanded) and number of
// root fields. Measured once per cached document, and checked before any SQL runs.
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface OperationSize {
  depth: number;
  fields: number;
  rootFields: number;
}

type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;
type Measure = { depth: number; fields: number };

/** Fragment sizes are memoized, so spreading one fragment many times costs nothing extra. */
function measureSet(set: SelectionSetNode, fragments: Fragments, memo: Map<string, Measure>): Measure {
  let depth = 0;
  let fields = 0;
  for (const selection of set.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const sub = selection.selectionSet ? measureSet(selection.selectionSet, fragments, memo) : { depth: 0, fields: 0 };
      inner = { depth: sub.depth + 1, fields: sub.fields + 1 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measureSet(selection.selectionSet, fragments, memo);
    } else {
      const name = selection.name.value;
      let known = memo.get(name);
      if (!known) {
        const fragment = fragments[name];
        // Validation refuses fragment cycles; the placeholder only stops a runaway walk.
        memo.set(name, { depth: 0, fields: 0 });
        known = fragment ? measureSet(fragment.selectionSet, fragments, memo) : { depth: 0, fields: 0 };
        memo.set(name, known);
      }
      inner = known;
    }
    depth = Math.max(depth, inner.depth);
    fields += inner.fields;
  }
  return { depth, fields };
}

function countRootFields(set: SelectionSetNode, fragments: Fragments, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments, seen);
    else if (!seen.has(selection.name.value) && fragments[selection.name.value]) {
      seen.add(selection.name.value);
      count += countRootFields(fragments[selection.name.value].selectionSet, fragments, seen);
    }
  }
  return count;
}

export function measureOperation(operation: OperationDefinitionNode, fragments: Fragments): OperationSize {
  const { depth, fields } = measureSet(operation.selectionSet, fragments, new Map());
  return { depth, fields, rootFields: countRootFields(operation.selectionSet, fragments, new Set()) };
}
