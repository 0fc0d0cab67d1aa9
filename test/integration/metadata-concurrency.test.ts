// Concurrent applies queue on the per-workspace advisory lock and plan against what the previous
// one committed: nothing is applied twice, nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { driftOf, metadataVersion, modelFixture, modelSpec, newWorkspace, openMetadataDb } from '../helpers/metadata-workspace.ts';

const { db } = await openMetadataDb();

test('two concurrent applies of the same files both succeed, one of them with no changes, nothing duplicated', async () => {
  const ws = await newWorkspace(db, 'Twice');
  const version = await metadataVersion(db, ws.id);
  const spec = modelFixture('deal.yaml');
  const results = await Promise.all([applyModel(db, ws.id, spec), applyModel(db, ws.id, spec)]);
  assert.deepEqual(results.map((r) => r.applied).sort(), [false, true]);
  assert.equal(results.find((r) => !r.applied)?.plan.steps.length, 0);
  assert.equal(await metadataVersion(db, ws.id), version + 1);
  const objects = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM core."objectMetadata" WHERE "workspaceId" = ${ws.id} AND "nameSingular" = 'deal'`);
  assert.equal(objects[0].n, 1);
  const duplicates = await rows(db, sql`SELECT "objectMetadataId", "name" FROM core."fieldMetadata" WHERE "workspaceId" = ${ws.id} GROUP BY 1, 2 HAVING count(*) > 1`);
  assert.deepEqual(duplicates, []);
  const indexes = await rows(db, sql`SELECT 1 FROM core."indexMetadata" WHERE "workspaceId" = ${ws.id}`);
  assert.equal(indexes.length, 1);
  assert.deepEqual(await driftOf(db, ws.id), []);
});

test('ten concurrent applies adding distinct fields to the same object keep every field', async () => {
  const ws = await newWorkspace(db, 'Ten');
  await applyModel(db, ws.id, modelSpec('apiVersion: twenty/v1\nobjects:\n  deal: {namePlural: deals}\n'));
  const version = await metadataVersion(db, ws.id);
  const names = Array.from({ length: 10 }, (_, i) => `field${i}`);
  const results = await Promise.all(
    names.map((name, i) => applyModel(db, ws.id, modelSpec(`apiVersion: twenty/v1\nobjects:\n  deal:\n    namePlural: deals\n    fields:\n      ${name}: ${i % 2 ? 'NUMBER' : 'TEXT'}\n`, ['deal']))),
  );
  assert.ok(results.every((r) => r.applied && r.plan.steps.length === 1));
  assert.equal(await metadataVersion(db, ws.id), version + 10);
  const deal = (await loadWorkspaceModel(db, ws.id)).objects.find((o) => o.nameSingular === 'deal');
  assert.deepEqual(deal?.fields.map((f) => f.name).filter((n) => n.startsWith('field')).sort(), names);
  assert.deepEqual(await driftOf(db, ws.id), []);
});
