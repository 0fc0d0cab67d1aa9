// A bounded least-recently-used map: Map keeps insertion order, so re-inserting on a hit
// moves a key to the young end and the oldest key is the first one.
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

export function createLru<K, V>(max: number): Lru<K, V> {
  if (!Number.isSafeInteger(max) || max < 1) throw new Error('An LRU needs a positive integer size.');
  const entries = new Map<K, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value as K);
    },
    get size() {
      return entries.size;
    },
  };
}
