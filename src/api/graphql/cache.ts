// Executable schemas keyed by what they are built from, not by workspace: workspaces with
// identical metadata share one schema (PERF.md fact 5), and a metadata change simply gives a
// new key. Bounded LRU, with hit/miss counts for metrics.
import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { createLru } from './lru.ts';
import { buildWorkspaceSchema } from './schema.ts';

export interface SchemaCache {
  get(model: WorkspaceModel): GraphQLSchema;
  stats(): { hits: number; misses: number; size: number };
}

/**
 * Exactly the model content the schema depends on (names, types, nullability, defaults'
 * presence, options, relations, descriptions); ids, labels and the workspace itself are left
 * out so identical metadata hashes alike.
 */
export function schemaFingerprint(model: WorkspaceModel): string {
  const content = model.objects.map((o) => [
    o.nameSingular,
    o.namePlural,
    o.description,
    o.fields.map((f) => [
      f.name,
      f.type,
      f.isNullable,
      f.defaultValue === null || f.defaultValue === undefined,
      f.options?.map((option) => option.value) ?? null,
      f.relation ? [f.relation.type, f.relation.targetObject] : null,
    ]),
  ]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function createSchemaCache(options: { max: number }): SchemaCache {
  const schemas = createLru<string, GraphQLSchema>(options.max);
  // Callers keep one model object per workspace version, so hash each model object once.
  const fingerprints = new WeakMap<WorkspaceModel, string>();
  let hits = 0;
  let misses = 0;
  return {
    get(model) {
      let key = fingerprints.get(model);
      if (key === undefined) {
        key = schemaFingerprint(model);
        fingerprints.set(model, key);
      }
      const cached = schemas.get(key);
      if (cached) {
        hits++;
        return cached;
      }
      misses++;
      const schema = buildWorkspaceSchema(model);
      schemas.set(key, schema);
      return schema;
    },
    stats: () => ({ hits, misses, size: schemas.size }),
  };
}
