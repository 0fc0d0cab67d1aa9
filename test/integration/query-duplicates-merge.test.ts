// findDuplicates and mergeMany on a real standard workspace: one statement each.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../helpers/services.ts';
import { migrate } from '../../src/core/migrate.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import type { AppError } from '../../src/core/errors.ts';
import { compileCreate } from '../../src/api/query/mutate.ts';
import { compileFindDuplicates } from '../../src/api/query/duplicates.ts';
import { compileMerge } from '../../src/api/query/merge.ts';
import { runCompiled } from '../../src/api/query/run.ts';
import { compileFindOne } from '../../src/api/query/find.ts';
import type { Actor, RecordInput, Selection } from '../../src/api/query/ir.ts';

const { db } = await createTestDatabase();
let model: WorkspaceModel;
const actor: Actor = { source: 'API', workspaceMemberId: null, name: 'test' };
const companySel: Selection = {
  fields: [
    { kind: 'field', alias: 'id', field: 'id' },
    { kind: 'field', alias: 'name', field: 'name' },
    { kind: 'field', alias: 'domainName', field: 'domainName', subFields: ['primaryLinkUrl'] },
    { kind: 'field', alias: 'employees', field: 'employees' },
    { kind: 'field', alias: 'deletedAt', field: 'deletedAt' },
  ],
};
const connection = {
  orderBy: [],
  direction: 'forward' as const,
  limit: 60,
  selection: companySel,
  shape: 'connection' as const,
  want: { edges: true, cursor: false, pageInfo: false, totalCount: true, aggregates: [] },
};

async function create(object: string, records: RecordInput[]): Promise<{ id: string }[]> {
  const selection: Selection = { fields: [{ kind: 'field', alias: 'id', field: 'id' }] };
  return (await runCompiled(db, compileCreate(model, { object, records, upsert: false, actor, selection }))) as { id: string }[];
}

before(async () => {
  await migrate(db);
  const ws = await createWorkspace(db, { displayName: 'Dups' });
  model = await loadWorkspaceModel(db, ws.id);
});

test('company duplicates match on name or domain, per input, excluding the record itself', async () => {
  const [a, b, c] = await create('company', [{ name: 'Acme', domainName: { primaryLinkUrl: 'acme.com' } }, { name: 'Acme' }, { name: 'Acme Corp' }]);
  await create('company', [{ name: '' }, { name: '' }]);
  const byIds = (await runCompiled(db, compileFindDuplicates(model, { object: 'company', input: { ids: [a.id, c.id] }, connection }))) as {
    totalCount: number;
    edges: { node: { id: string } }[];
  }[];
  assert.equal(byIds.length, 2);
  assert.deepEqual(byIds[0].edges.map((e) => e.node.id), [b.id]);
  assert.equal(byIds[0].totalCount, 1);
  assert.deepEqual(byIds[1].edges, [], 'no other record is named "Acme Corp"');
  const data = [{ domainName: { primaryLinkUrl: 'acme.com' } }, { name: 'Acme' }, { name: '' }];
  const byData = (await runCompiled(db, compileFindDuplicates(model, { object: 'company', input: { data }, connection }))) as { totalCount: number }[];
  assert.deepEqual(byData.map((d) => d.totalCount), [1, 2, 0], 'empty values match nothing');
});

test('person duplicates need first and last name together', async () => {
  const [p] = await create('person', [
    { name: { firstName: 'Ada', lastName: 'Lovelace' } },
    { name: { firstName: 'Ada', lastName: 'Byron' } },
    { name: { firstName: 'Ada', lastName: 'Lovelace' }, emails: { primaryEmail: 'ada@x.org' } },
  ]);
  const sel: Selection = { fields: [{ kind: 'field', alias: 'id', field: 'id' }] };
  const [found] = (await runCompiled(db, compileFindDuplicates(model, { object: 'person', input: { ids: [p.id] }, connection: { ...connection, selection: sel } }))) as { totalCount: number }[];
  assert.equal(found.totalCount, 1);
});

test('duplicates refuse both or neither of ids and data, and objects without criteria', () => {
  assert.throws(() => compileFindDuplicates(model, { object: 'company', input: { ids: [] }, connection }), (e: AppError) => e.code === 'INVALID_QUERY_INPUT');
  assert.throws(() => compileFindDuplicates(model, { object: 'note', input: { ids: ['20202020-0000-4000-8000-000000000001'] }, connection }), (e: AppError) => e.code === 'BAD_USER_INPUT');
  assert.throws(() => compileFindDuplicates(model, { object: 'company', input: { ids: ['nope'] }, connection }), (e: AppError) => e.code === 'BAD_USER_INPUT');
});

test('merge keeps the priority values, fills its empty fields, re-points relations and soft-deletes the others', async () => {
  const [keep, other] = await create('company', [
    { name: 'Keep', employees: null, domainName: { primaryLinkUrl: '' } },
    { name: 'Gone', employees: 42, domainName: { primaryLinkUrl: 'merge.io' } },
  ]);
  const [person] = await create('person', [{ name: { firstName: 'P', lastName: 'Q' }, companyId: other.id }]);
  const base = { object: 'company', ids: [keep.id, other.id], conflictPriorityIndex: 0, actor, selection: companySel };
  const preview = (await runCompiled(db, compileMerge(model, { ...base, dryRun: true }))) as Record<string, unknown>;
  assert.deepEqual(preview, { id: keep.id, name: 'Keep', domainName: { primaryLinkUrl: 'merge.io' }, employees: 42, deletedAt: null });
  const stillThere = await runCompiled(db, compileFindOne(model, { object: 'company', filter: { kind: 'compare', field: 'id', op: 'eq', value: other.id }, withDeleted: false, selection: companySel }));
  assert.ok(stillThere, 'dry run writes nothing');

  const merged = (await runCompiled(db, compileMerge(model, { ...base, dryRun: false }))) as Record<string, unknown>;
  assert.deepEqual(merged, preview);
  const gone = (await runCompiled(db, compileFindOne(model, { object: 'company', filter: { kind: 'compare', field: 'id', op: 'eq', value: other.id }, withDeleted: true, selection: companySel }))) as { deletedAt: string | null };
  assert.ok(gone.deletedAt);
  const moved = (await runCompiled(db, compileFindOne(model, { object: 'person', filter: { kind: 'compare', field: 'id', op: 'eq', value: person.id }, withDeleted: false, selection: { fields: [{ kind: 'foreignKey', alias: 'companyId', field: 'company' }] } }))) as { companyId: string };
  assert.equal(moved.companyId, keep.id);
});

test('merge of a missing record changes nothing and names the id', async () => {
  const [a] = await create('company', [{ name: 'Alone' }]);
  const ghost = '20202020-0000-4000-8000-00000000dead';
  await assert.rejects(
    runCompiled(db, compileMerge(model, { object: 'company', ids: [a.id, ghost], conflictPriorityIndex: 1, dryRun: false, actor, selection: companySel })),
    (e: AppError) => e.code === 'NOT_FOUND' && e.message.includes(ghost),
  );
  assert.throws(() => compileMerge(model, { object: 'company', ids: [a.id], conflictPriorityIndex: 0, dryRun: false, actor, selection: companySel }), (e: AppError) => e.code === 'INVALID_QUERY_INPUT');
  assert.throws(() => compileMerge(model, { object: 'company', ids: [a.id, ghost], conflictPriorityIndex: 2, dryRun: false, actor, selection: companySel }), (e: AppError) => e.code === 'INVALID_QUERY_INPUT');
});
