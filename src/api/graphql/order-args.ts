// A coerced `[<Object>OrderByInput]` value → OrderTerm[]. Items are applied in list order;
// within one item, keys follow the input type's field order (GraphQL coercion does not keep
// the order the caller wrote), which is why Twenty's clients send one key per item.
import type { ObjectModel } from '../../metadata/model.ts';
import type { OrderDirection, OrderTerm } from '../query/ir.ts';
import { objectIndex } from './object-index.ts';

export function translateOrderBy(object: ObjectModel, input: readonly unknown[] | null | undefined): OrderTerm[] {
  if (!input) return [];
  const { composites } = objectIndex(object);
  const terms: OrderTerm[] = [];
  for (const item of input) {
    if (item === null || item === undefined) continue;
    for (const [field, value] of Object.entries(item as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      if (!composites.has(field)) {
        terms.push({ field, direction: value as OrderDirection });
        continue;
      }
      for (const [subField, direction] of Object.entries(value as Record<string, unknown>)) {
        if (direction !== null && direction !== undefined) terms.push({ field, subField, direction: direction as OrderDirection });
      }
    }
  }
  return terms;
}
