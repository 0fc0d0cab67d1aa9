// A workspace as users get it: the standard objects (metadata layer) plus the default roles
// (auth layer), created in one transaction.
import type { Db } from '../core/db.ts';
import { createWorkspace, type CreateWorkspaceOptions, type WorkspaceSummary } from '../metadata/workspaces.ts';
import { seedDefaultRoles } from './roles.ts';

export function createWorkspaceWithRoles(db: Db, options: Omit<CreateWorkspaceOptions, 'inTransaction'>): Promise<WorkspaceSummary> {
  return createWorkspace(db, { ...options, inTransaction: (client, workspaceId) => seedDefaultRoles(client, workspaceId) });
}
