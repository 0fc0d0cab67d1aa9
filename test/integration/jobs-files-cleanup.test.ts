// The scheduled file clean-up deletes only what nothing owns: expired uploads never completed,
// and old objects with no core.file row (a deleted workspace's included); owned, recent and
// non-workspace objects stay.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, it } from 'node:test';
import { migrate } from '../../src/core/migrate.ts';
import { one, query, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { completeFileRecord, insertPendingFile } from '../../src/core/storage/file-records.ts';
import { createLocalDriver } from '../../src/core/storage/local-driver.ts';
import { storageKey, workspacePrefix } from '../../src/core/storage/storage-key.ts';
import { cleanupFiles } from '../../src/jobs/files-cleanup.ts';
import { silentLogger } from '../../src/jobs/logger.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();
await migrate(db);
const ws = await createWorkspace(db, { displayName: 'Acme' });
const root = mkdtempSync(join(tmpdir(), 'twenty-files-cleanup-'));
after(() => rmSync(root, { recursive: true, force: true }));
const storage = createLocalDriver({ root, maxBytes: 1024 * 1024, signer: { serverUrl: 'http://127.0.0.1', appSecret: 's' } });
const TWO_DAYS = 2 * 86_400_000;

async function store(key: string, ageMs = 0): Promise<void> {
  await storage.put(key, Readable.from([Buffer.from('bytes')]), { size: 5 });
  if (ageMs) {
    const when = new Date(Date.now() - ageMs);
    utimesSync(join(root, ...key.split('/')), when, when);
  }
}

async function recorded(id: string, path: string, status: 'pending' | 'completed', expiresAt: Date): Promise<void> {
  await insertPendingFile(db, { id, workspaceId: ws.id, path, folder: 'FilesField', filename: 'a.bin', size: 5, contentType: 'application/octet-stream', fieldMetadataId: null, expiresAt });
  if (status === 'completed') await completeFileRecord(db, ws.id, id, 'application/octet-stream');
}

it('removes expired uploads and owner-less objects, and nothing that is owned, recent or shared', async () => {
  const expiredId = randomUUID();
  const expired = `FilesField/${expiredId}/a.bin`;
  await recorded(expiredId, expired, 'pending', new Date(Date.now() - TWO_DAYS));
  await store(workspacePrefix(ws.id) + expired, TWO_DAYS);

  const inFlightId = randomUUID();
  const inFlight = `FilesField/${inFlightId}/a.bin`;
  await recorded(inFlightId, inFlight, 'pending', new Date(Date.now() + 600_000));
  await store(workspacePrefix(ws.id) + inFlight);

  const ownedId = randomUUID();
  const owned = `FilesField/${ownedId}/a.bin`;
  await recorded(ownedId, owned, 'completed', new Date(Date.now() - TWO_DAYS));
  await store(workspacePrefix(ws.id) + owned, TWO_DAYS);

  const orphanOld = storageKey(ws.id, 'FilesField', randomUUID(), 'old.bin');
  await store(orphanOld, TWO_DAYS);
  const orphanRecent = storageKey(ws.id, 'FilesField', randomUUID(), 'recent.bin');
  await store(orphanRecent);
  const deletedWorkspace = storageKey(randomUUID(), 'attachment', 'gone.bin');
  await store(deletedWorkspace, TWO_DAYS);
  const notAWorkspace = 'doctor-probe/x.txt';
  await store(notAWorkspace, TWO_DAYS);

  const result = await cleanupFiles({ db, storage, log: silentLogger });
  assert.deepEqual(result, { expiredUploads: 1, unreferenced: 0, orphans: 2 });

  assert.equal(await storage.head(workspacePrefix(ws.id) + expired), undefined);
  assert.equal(await one(db, sql`SELECT 1 FROM core.file WHERE "id" = ${expiredId}`), undefined);
  assert.equal(await storage.head(orphanOld), undefined);
  assert.equal(await storage.head(deletedWorkspace), undefined);
  for (const kept of [workspacePrefix(ws.id) + inFlight, workspacePrefix(ws.id) + owned, orphanRecent, notAWorkspace]) {
    assert.ok(await storage.head(kept), `${kept} must stay`);
  }
  assert.deepEqual(await cleanupFiles({ db, storage, log: silentLogger }), { expiredUploads: 0, unreferenced: 0, orphans: 0 });
});

it('deletes an attachment\'s file once the attachment is destroyed, and not before', async () => {
  const field = await one<{ id: string }>(db, sql`SELECT f."id" FROM core."fieldMetadata" f JOIN core."objectMetadata" o ON o."id" = f."objectMetadataId"
WHERE o."workspaceId" = ${ws.id} AND o."nameSingular" = 'attachment' AND f."name" = 'file'`);
  assert.ok(field, 'attachment.file exists');
  const fileId = randomUUID();
  const path = `FilesField/${fileId}/contract.pdf`;
  await insertPendingFile(db, { id: fileId, workspaceId: ws.id, path, folder: 'FilesField', filename: 'contract.pdf', size: 5, contentType: 'application/pdf', fieldMetadataId: field.id, expiresAt: new Date() });
  await completeFileRecord(db, ws.id, fileId, 'application/pdf');
  await query(db, sql`UPDATE core.file SET "completedAt" = now() - interval '2 days' WHERE "id" = ${fileId}`);
  await store(workspacePrefix(ws.id) + path, TWO_DAYS);
  const attachment = ident(ws.schemaName, 'attachment');
  const [{ id: attachmentId }] = await rows<{ id: string }>(db, sql`INSERT INTO ${attachment} ("name", "file") VALUES ('Contract', ${JSON.stringify([{ fileId, label: 'contract.pdf', extension: 'pdf' }])}::jsonb) RETURNING "id"`);

  assert.equal((await cleanupFiles({ db, storage, log: silentLogger })).unreferenced, 0);
  assert.ok(await storage.head(workspacePrefix(ws.id) + path));

  await query(db, sql`DELETE FROM ${attachment} WHERE "id" = ${attachmentId}`);
  assert.equal((await cleanupFiles({ db, storage, log: silentLogger })).unreferenced, 1);
  assert.equal(await storage.head(workspacePrefix(ws.id) + path), undefined);
  assert.equal(await one(db, sql`SELECT 1 FROM core.file WHERE "id" = ${fileId}`), undefined);
});
