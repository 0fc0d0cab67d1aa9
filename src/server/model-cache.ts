// Workspace models cached per (workspace, metadata version). Every request reads the current
// version with its auth check, so a changed model is used on the next request on every
// instance; old versions fall out of the bounded LRU.
import type { DbClient } from '../core/db.ts';
import type { WorkspaceModel } from '../metadata/model.ts';
import { loadWorkspaceModel } from '../metadata/store.ts';

export interface ModelCache {
  get(db: DbClient, workspaceId: string, version: number): Promise<WorkspaceModel>;
  stats(): { size: number; hits: number; misses: number };
}

export function createModelCache(max = 500): ModelCache {
  const entries = new Map<string, Promise<WorkspaceModel>>();
  let hits = 0;
  let misses = 0;
  return {
    async get(db, workspaceId, version) {
      const key = `${workspaceId}:${version}`;
      const cached = entries.get(key);
      if (cached) {
        hits += 1;
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      misses += 1;
      const loading = loadWorkspaceModel(db, workspaceId);
      entries.set(key, loading);
      loading.catch(() => entries.delete(key));
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
      return loading;
    },
    stats: () => ({ size: entries.size, hits, misses }),
  };
}
