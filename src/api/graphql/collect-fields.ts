// Groups the fields of selection sets by response key, expanding fragment spreads and inline
// fragments and honouring @skip/@include. The schema has no interfaces or unions, so every
// fragment that passed validation applies to the type it is spread in.
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';

export interface CollectContext {
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variables: Readonly<Record<string, unknown>>;
}

function included(ctx: CollectContext, node: FieldNode | FragmentSpreadNode | InlineFragmentNode): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, ctx.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables)?.if !== false;
}

function collectInto(ctx: CollectContext, set: SelectionSetNode, out: Map<string, FieldNode[]>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const nodes = out.get(key);
      if (nodes) nodes.push(selection);
      else out.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectInto(ctx, selection.selectionSet, out, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = ctx.fragments[selection.name.value];
      if (fragment) collectInto(ctx, fragment.selectionSet, out, seen);
    }
  }
}

/** Response key → the field nodes merged under it, in first-seen order. */
export function collectFields(ctx: CollectContext, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const node of nodes) if (node.selectionSet) collectInto(ctx, node.selectionSet, out, seen);
  return out;
}

export function collectSelectionSet(ctx: CollectContext, set: SelectionSetNode): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  collectInto(ctx, set, out, new Set());
  return out;
}
