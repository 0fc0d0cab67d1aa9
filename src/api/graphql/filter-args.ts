// A coerced `<Object>FilterInput` value → FilterNode. GraphQL validation already refused
// unknown keys and badly typed values, so every key here names a field, FK or operator of
// the object; the compiler checks values against the column again before any SQL.
import type { FilterOperator } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import type { FilterNode } from '../query/ir.ts';
import { objectIndex } from './object-index.ts';

export interface FilterTranslation {
  /** Undefined when the filter constrains nothing (`{}`, `{and: []}`, ...). */
  filter?: FilterNode;
  /** The filter mentions deletedAt, so soft-deleted rows are included (spec §1.4). */
  withDeleted: boolean;
}

type InputObject = Record<string, unknown>;

function combine(kind: 'and' | 'or', children: FilterNode[]): FilterNode | undefined {
  if (children.length === 0) return undefined;
  return children.length === 1 ? children[0] : { kind, children };
}

function compares(field: string, subField: string | undefined, ops: InputObject): FilterNode[] {
  return Object.entries(ops).map(([op, value]) => ({
    kind: 'compare' as const,
    field,
    ...(subField === undefined ? {} : { subField }),
    op: op as FilterOperator,
    value,
  }));
}

function fieldNodes(field: FieldModel, value: InputObject, isComposite: boolean): FilterNode[] {
  if (!isComposite) return compares(field.name, undefined, value);
  return Object.entries(value).flatMap(([subField, ops]) => (ops === null || ops === undefined ? [] : compares(field.name, subField, ops as InputObject)));
}

function translate(object: ObjectModel, input: InputObject, state: { withDeleted: boolean }): FilterNode | undefined {
  const index = objectIndex(object);
  const children: FilterNode[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (key === 'and' || key === 'or') {
      const parts = (value as unknown[]).flatMap((item) => {
        const node = item === null ? undefined : translate(object, item as InputObject, state);
        return node ? [node] : [];
      });
      const node = combine(key, parts);
      if (node) children.push(node);
    } else if (key === 'not') {
      const child = translate(object, value as InputObject, state);
      if (child) children.push({ kind: 'not', child });
    } else {
      if (key === 'deletedAt') state.withDeleted = true;
      const fk = index.foreignKeys.get(key);
      const field = fk ?? (index.fields.get(key) as FieldModel);
      children.push(...fieldNodes(field, value as InputObject, !fk && index.composites.has(key)));
    }
  }
  return combine('and', children);
}

export function translateFilter(object: ObjectModel, input: InputObject | null | undefined): FilterTranslation {
  const state = { withDeleted: false };
  const filter = input ? translate(object, input, state) : undefined;
  return filter ? { filter, withDeleted: state.withDeleted } : { withDeleted: state.withDeleted };
}
