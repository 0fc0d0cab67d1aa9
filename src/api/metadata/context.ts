// What every /metadata resolver gets: handles, the caller (when the request sent a token) and
// the caller's workspace model. handler.ts builds it once per request.
import type { Request, Response } from 'express';
import type { Db } from '../../core/db.ts';
import type { Logger } from '../../core/log.ts';
import { AppError } from '../../core/errors.ts';
import type { RequestAuth } from '../../auth/authenticate.ts';
import { requireFlag, type PermissionFlag, type Permissions } from '../../auth/permissions.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import type { StorageDriver } from '../../core/storage/storage-driver.ts';

/** The caller's authentication and workspace model, from the server (cached per request). */
export type WorkspaceContextFn = (req: Request, res: Response) => Promise<{ auth: RequestAuth; model: WorkspaceModel }>;

/** What the server hands the metadata API's routers. */
export interface MetadataApiDeps {
  db: Db;
  log: Logger;
  appSecret: string;
  workspaceContext: WorkspaceContextFn;
  /** File storage for the files domain (absent: its mutations answer SERVICE_UNAVAILABLE). */
  files?: MetadataFiles;
}

export interface MetadataFiles {
  storage: StorageDriver;
  maxBytes: number;
}

export interface MetadataContext {
  db: Db;
  appSecret: string;
  /** The caller, when the request sent a token (login works without one). */
  auth?: RequestAuth;
  permissions?: Permissions;
  ip: string;
  /** The caller's workspace; fails with UNAUTHENTICATED when the request has no token. */
  workspace: () => Promise<{ workspaceId: string; model: WorkspaceModel }>;
  files?: MetadataFiles;
}

/** The caller and their permissions, after checking `flags` (all of them are needed). */
export function caller(ctx: MetadataContext, ...flags: PermissionFlag[]): { auth: RequestAuth; perms: Permissions } {
  if (!ctx.auth || !ctx.permissions) {
    throw new AppError('UNAUTHENTICATED', 'This operation needs credentials.', { hint: 'Send an access token or API key as `Authorization: Bearer <token>`.' });
  }
  for (const flag of flags) requireFlag(ctx.permissions, flag);
  return { auth: ctx.auth, perms: ctx.permissions };
}
