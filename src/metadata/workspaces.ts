// Workspaces: one Postgres schema each, created with Twenty's standard objects in ONE
// transaction (row, schema, tables, metadata), so a failure leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { ident, sql } from '../core/sql.ts';
import { one, query, rows, transaction, type Db, type DbClient } from '../core/db.ts';
import { readAsset } from '../core/assets.ts';
import { workspaceSchemaName } from './names.ts';
import { parseModelText } from './yaml.ts';
import { applyInTransaction } from './apply.ts';
import type { ModelSpec } from './spec.ts';
import type { WorkspaceModel } from './model.ts';
import type { ValidationContext } from './validate.ts';
import { isUuid } from '../core/uuid.ts';

export interface WorkspaceSummary {
  id: string;
  displayName: string;
  schemaName: string;
  metadataVersion: number;
  createdAt: string;
}


let standardSpec: ModelSpec | undefined;

/** The standard objects template, parsed once per process. */
export function standardModelSpec(): ModelSpec {
  if (!standardSpec) {
    const { spec, issues } = parseModelText(readAsset('templates/standard-objects.yaml'), 'templates/standard-objects.yaml');
    if (issues.length > 0) throw new AppError('INTERNAL_SERVER_ERROR', `The shipped standard objects template is invalid: ${issues[0].message}`);
    standardSpec = spec;
  }
  return standardSpec;
}

/** What model files are validated against in a workspace: its objects and their fields now. */
export function workspaceValidationContext(current: WorkspaceModel): ValidationContext {
  return {
    existingObjects: current.objects.map((o) => o.nameSingular),
    standardObjects: standardModelSpec().objects.map((o) => o.nameSingular),
    existingFields: new Map(current.objects.map((o) => [o.nameSingular, o.fields.map((f) => f.name)])),
  };
}

export interface CreateWorkspaceOptions {
  id?: string;
  displayName: string;
  /** More set-up in the same transaction (higher layers seed roles here). */
  inTransaction?: (client: import('pg').PoolClient, workspaceId: string) => Promise<void>;
}

export async function createWorkspace(db: Db, options: CreateWorkspaceOptions): Promise<WorkspaceSummary> {
  const displayName = options.displayName.trim();
  if (!displayName) throw new AppError('BAD_USER_INPUT', 'A workspace needs a display name.');
  if (displayName.length > 100) throw new AppError('BAD_USER_INPUT', 'A workspace display name is at most 100 characters.');
  const id = (options.id ?? randomUUID()).toLowerCase();
  if (!isUuid(id)) throw new AppError('BAD_USER_INPUT', `"${options.id}" is not a valid workspace id (a UUID).`, { hint: 'Leave out --id to get a random one.' });
  const schemaName = workspaceSchemaName(id);
  return transaction(db, async (client) => {
    const clash = await one<{ id: string; displayName: string }>(
      client,
      sql`SELECT "id", "displayName" FROM core.workspace WHERE ("id" = ${id} OR lower("displayName") = lower(${displayName})) AND "deletedAt" IS NULL`,
    );
    if (clash) {
      throw new AppError('ALREADY_EXISTS', clash.id === id ? `A workspace with id "${id}" already exists.` : `A workspace named "${clash.displayName}" already exists.`, {
        hint: 'Pick another name, or list workspaces with `twenty workspace list`.',
      });
    }
    const row = await one<{ createdAt: Date }>(
      client,
      sql`INSERT INTO core.workspace ("id", "displayName", "schemaName") VALUES (${id}, ${displayName}, ${schemaName}) RETURNING "createdAt"`,
    );
    await query(client, sql`CREATE SCHEMA ${ident(schemaName)}`);
    const result = await applyInTransaction(client, id, standardModelSpec(), { standard: true });
    await options.inTransaction?.(client, id);
    return { id, displayName, schemaName, metadataVersion: result.version, createdAt: (row?.createdAt ?? new Date()).toISOString() };
  });
}

export async function listWorkspaces(db: DbClient): Promise<WorkspaceSummary[]> {
  const list = await rows<{ id: string; displayName: string; schemaName: string; metadataVersion: number; createdAt: Date }>(
    db,
    sql`SELECT "id", "displayName", "schemaName", "metadataVersion", "createdAt" FROM core.workspace WHERE "deletedAt" IS NULL ORDER BY "createdAt", "displayName"`,
  );
  return list.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() }));
}

/** Finds a workspace by id or (case-insensitive) display name. */
export async function findWorkspace(db: DbClient, idOrName: string): Promise<WorkspaceSummary> {
  const list = await listWorkspaces(db);
  const found = list.find((w) => w.id === idOrName.toLowerCase()) ?? list.find((w) => w.displayName.toLowerCase() === idOrName.toLowerCase());
  if (!found) {
    throw new AppError('NOT_FOUND', `Workspace "${idOrName}" does not exist.`, {
      hint: list.length ? `Known workspaces: ${list.map((w) => `"${w.displayName}"`).join(', ')}.` : 'Create one with `twenty workspace create <name>`.',
    });
  }
  return found;
}

/** Drops the schema and every core row of the workspace (cascades), in one transaction. */
export async function deleteWorkspace(db: Db, idOrName: string): Promise<WorkspaceSummary> {
  const ws = await findWorkspace(db, idOrName);
  await transaction(db, async (client) => {
    await query(client, sql`DROP SCHEMA IF EXISTS ${ident(ws.schemaName)} CASCADE`);
    await query(client, sql`DELETE FROM core.workspace WHERE "id" = ${ws.id}`);
  });
  return ws;
}
