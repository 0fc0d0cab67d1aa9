// A real workspace for the metadata engine tests: a migrated test database, workspaces with
// the standard objects, model files parsed and validated as the CLI does, deterministic ids,
// and snapshots of the catalog and the metadata rows to prove "nothing left behind".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from './services.ts';
import { migrate } from '../../src/core/migrate.ts';
import { rows, one, type Db, type DbClient } from '../../src/core/db.ts';
import { ident, join, sql } from '../../src/core/sql.ts';
import { AppError, type ErrorCode } from '../../src/core/errors.ts';
import { createWorkspace, standardModelSpec } from '../../src/metadata/workspaces.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { formatIssue, validateModelSpec } from '../../src/metadata/validate.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { detectDrift, type Drift } from '../../src/metadata/drift.ts';
import type { ModelSpec } from '../../src/metadata/spec.ts';

export interface TestWorkspace {
  id: string;
  schema: string;
}

/** A fresh, migrated database for this test file (dropped afterwards). */
export async function openMetadataDb(): Promise<{ db: Db; url: string }> {
  const { db, url } = await createTestDatabase();
  await migrate(db);
  return { db, url };
}

export async function newWorkspace(db: Db, displayName: string, id?: string): Promise<TestWorkspace> {
  const ws = await createWorkspace(db, { displayName, id });
  return { id: ws.id, schema: ws.schemaName };
}

/** Parses and validates one model document as `twenty metadata apply` does; issues fail the test. */
export function modelSpec(text: string, existingObjects: string[] = []): ModelSpec {
  const { spec, issues } = parseModelText(text, 'test.yaml');
  const standardObjects = standardModelSpec().objects.map((o) => o.nameSingular);
  const all = [...issues, ...validateModelSpec(spec, { existingObjects: [...standardObjects, ...existingObjects], standardObjects })];
  assert.deepEqual(all.map(formatIssue), [], 'the model file validates');
  return spec;
}

/** Ids 00000000-0000-4000-8000-<seed><n>: the same run gives the same ids. */
export function sequentialIds(seed: number): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(seed).padStart(4, '0')}${String(++n).padStart(8, '0')}`;
}

export async function driftOf(db: DbClient, workspaceId: string): Promise<Drift[]> {
  return detectDrift(db, await loadWorkspaceModel(db, workspaceId));
}

/** Every table, column (with type, nullability, default), enum label, index and constraint of a schema. */
export async function catalogSnapshot(db: DbClient, schema: string): Promise<string[]> {
  const columns = await rows<{ s: string }>(db, sql`SELECT format('column %s.%s %s %s %s', table_name, column_name, udt_name, is_nullable, column_default) AS s FROM information_schema.columns WHERE table_schema = ${schema}`);
  const types = await rows<{ s: string }>(db, sql`SELECT format('type %s %s', t.typname, coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')) AS s FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${schema} AND t.typtype IN ('e', 'c') AND t.typrelid = 0`);
  const indexes = await rows<{ s: string }>(db, sql`SELECT format('index %s', indexdef) AS s FROM pg_indexes WHERE schemaname = ${schema}`);
  const constraints = await rows<{ s: string }>(db, sql`SELECT format('constraint %s %s', c.conname, pg_get_constraintdef(c.oid)) AS s FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ${schema}`);
  return [...columns, ...types, ...indexes, ...constraints].map((r) => r.s).sort();
}

/** The workspace's metadata rows and version, as sorted lines. */
export async function metadataSnapshot(db: DbClient, workspaceId: string): Promise<string[]> {
  const objects = await rows<{ s: string }>(db, sql`SELECT format('object %s %s %s', "id", "nameSingular", "namePlural") AS s FROM core."objectMetadata" WHERE "workspaceId" = ${workspaceId}`);
  const fields = await rows<{ s: string }>(db, sql`SELECT format('field %s %s %s %s %s %s', "id", "objectMetadataId", "name", "type", "options", "relationTargetFieldMetadataId") AS s FROM core."fieldMetadata" WHERE "workspaceId" = ${workspaceId}`);
  const indexes = await rows<{ s: string }>(db, sql`SELECT format('index %s %s %s', "id", "name", "fieldNames") AS s FROM core."indexMetadata" WHERE "workspaceId" = ${workspaceId}`);
  return [...objects, ...fields, ...indexes].map((r) => r.s).concat(`version ${await metadataVersion(db, workspaceId)}`).sort();
}

export async function metadataVersion(db: DbClient, workspaceId: string): Promise<number> {
  const row = await one<{ v: number }>(db, sql`SELECT "metadataVersion" AS v FROM core.workspace WHERE "id" = ${workspaceId}`);
  return row?.v ?? -1;
}

export async function tableRows<R extends Record<string, unknown>>(db: DbClient, schema: string, table: string, columns: string[]): Promise<R[]> {
  return rows<R>(db, sql`SELECT ${join(columns.map((c) => ident(c)))} FROM ${ident(schema, table)} ORDER BY 1`);
}

/** An assert.rejects predicate: an AppError with this code, which is not a 500 unless the code says so. */
export function appError(code: ErrorCode): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (code !== 'INTERNAL_SERVER_ERROR') assert.notEqual(error.spec.http, 500);
    return true;
  };
}

/** A model file from test/fixtures/models/, parsed and validated. */
export function modelFixture(name: string, existingObjects: string[] = []): ModelSpec {
  return modelSpec(readFileSync(new URL(`../fixtures/models/${name}`, import.meta.url), 'utf8'), existingObjects);
}
