// The few response details SQL does not produce: `__typename`, aliases inside composite and
// pageInfo objects, and pageInfo sub-selections. A Shape says how to rebuild an object from
// the compiled JSON; it exists only where needed, so a plain query's JSON goes out untouched.
export interface ShapeEntry {
  /** Output key. */
  key: string;
  /** Key in the compiled JSON when it differs from `key`. */
  from?: string;
  /** A constant `__typename` value instead of a copied one. */
  typename?: string;
  /** How to rebuild the value at this key (lists are rebuilt item by item). */
  child?: Shape;
}

export type Shape = ShapeEntry[];

/**
 * The shape of an object, or undefined when its compiled JSON is already right. `drops` says
 * the compiled JSON has keys the caller did not select (pageInfo is compiled whole).
 */
export function shapeIfNeeded(entries: ShapeEntry[], drops = false): Shape | undefined {
  return drops || entries.some((e) => e.from !== undefined || e.typename !== undefined || e.child !== undefined) ? entries : undefined;
}

export function applyShape(value: unknown, shape: Shape | undefined): unknown {
  if (shape === undefined || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => applyShape(item, shape));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const entry of shape) {
    out[entry.key] = entry.typename ?? applyShape(source[entry.from ?? entry.key], entry.child);
  }
  return out;
}
