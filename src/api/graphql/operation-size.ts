// How big an operation is: nesting depth, number of fields (fragments expanded), number of root
// fields, and how many list-valued introspection fields nest along one path. Measured once per
// cached document, and checked before any SQL runs.
//
// Depth limits data nesting (relations), which is what costs SQL. Inside `__schema`/`__type`,
// `ofType` is a one-to-one link that only unwraps NON_NULL/LIST, so it adds no depth: the standard
// introspection query (graphql-js `getIntrospectionQuery`, 15 levels, of which 8 are `ofType`),
// which schema tools and SDK generators send, stays within the limit. What makes introspection
// explode is fan-out (`types { fields { type { fields { … } } } }`), bounded on its own.
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface OperationSize {
  depth: number;
  fields: number;
  rootFields: number;
  /** The most list-valued introspection fields (`types`, `fields`, …) nested along one path. */
  introspectionFanOut: number;
}

/** The standard introspection query nests `types → fields → args`. */
export const MAX_INTROSPECTION_FAN_OUT = 3;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
const INTROSPECTION_LISTS = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);

type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;
type Measure = { depth: number; fields: number; fanOut: number };
const EMPTY: Measure = { depth: 0, fields: 0, fanOut: 0 };

interface Walk {
  fragments: Fragments;
  memo: Map<string, Measure>;
}

function measureField(name: string, set: SelectionSetNode | undefined, walk: Walk, introspection: boolean): Measure {
  const inside = introspection || INTROSPECTION_ROOTS.has(name);
  const sub = set ? measureSet(set, walk, inside) : EMPTY;
  const addsDepth = !(inside && name === 'ofType');
  const addsFanOut = inside && INTROSPECTION_LISTS.has(name);
  return { depth: sub.depth + (addsDepth ? 1 : 0), fields: sub.fields + 1, fanOut: sub.fanOut + (addsFanOut ? 1 : 0) };
}

/** Fragment sizes are memoized, so spreading one fragment many times costs nothing extra. */
function measureSet(set: SelectionSetNode, walk: Walk, introspection: boolean): Measure {
  let depth = 0;
  let fields = 0;
  let fanOut = 0;
  for (const selection of set.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      inner = measureField(selection.name.value, selection.selectionSet, walk, introspection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measureSet(selection.selectionSet, walk, introspection);
    } else {
      const key = `${introspection ? 'i' : 'd'}:${selection.name.value}`;
      let known = walk.memo.get(key);
      if (!known) {
        const fragment = walk.fragments[selection.name.value];
        // Validation refuses fragment cycles; the placeholder only stops a runaway walk.
        walk.memo.set(key, EMPTY);
        known = fragment ? measureSet(fragment.selectionSet, walk, introspection) : EMPTY;
        walk.memo.set(key, known);
      }
      inner = known;
    }
    depth = Math.max(depth, inner.depth);
    fanOut = Math.max(fanOut, inner.fanOut);
    fields += inner.fields;
  }
  return { depth, fields, fanOut };
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
  const { depth, fields, fanOut } = measureSet(operation.selectionSet, { fragments, memo: new Map() }, false);
  return { depth, fields, rootFields: countRootFields(operation.selectionSet, fragments, new Set()), introspectionFanOut: fanOut };
}

/** The sentence for an operation over a size limit, or undefined when it is within them all. */
export function sizeLimitMessage(size: OperationSize, limits: { maxDepth: number; maxFields: number; maxRootFields?: number }): string | undefined {
  if (size.depth > limits.maxDepth) return `The query is nested ${size.depth} levels deep; the limit is ${limits.maxDepth}.`;
  if (size.introspectionFanOut > MAX_INTROSPECTION_FAN_OUT) {
    return `The introspection query nests ${size.introspectionFanOut} lists (types, fields, …) in one another; the limit is ${MAX_INTROSPECTION_FAN_OUT}.`;
  }
  if (limits.maxRootFields !== undefined && size.rootFields > limits.maxRootFields) {
    return `The operation has ${size.rootFields} root fields; the limit is ${limits.maxRootFields}. Split it into several requests.`;
  }
  if (size.fields > limits.maxFields) return `The operation selects ${size.fields} fields; the limit is ${limits.maxFields}.`;
  return undefined;
}
