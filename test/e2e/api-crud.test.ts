// Full CRUD for every standard object over GraphQL and over REST against the real server:
// create (relations set by `<rel>Id`), read one, list, update, soft delete, restore, destroy.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gqlData, startApiServer, type ApiServer } from '../helpers/api-server.ts';

// Started at the top level: after() hooks registered inside before() would run right after it.
const api: ApiServer = await startApiServer('Crud');
const ids: Record<string, string> = {};

interface ObjectCase {
  singular: string;
  plural: string;
  create: () => Record<string, unknown>;
  /** The FK the create set, checked on read: [field, expected id]. */
  relation?: () => [string, string];
  update: Record<string, unknown>;
}

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

const CASES: ObjectCase[] = [
  { singular: 'company', plural: 'companies', create: () => ({ name: 'Crud Co', accountOwnerId: ids.workspaceMember }), relation: () => ['accountOwnerId', ids.workspaceMember], update: { name: 'Crud Co 2' } },
  { singular: 'person', plural: 'people', create: () => ({ name: { firstName: 'Cru', lastName: 'D' }, companyId: ids.company }), relation: () => ['companyId', ids.company], update: { jobTitle: 'CTO' } },
  {
    singular: 'opportunity',
    plural: 'opportunities',
    create: () => ({ name: 'Deal', stage: 'MEETING', companyId: ids.company, pointOfContactId: ids.person, ownerId: ids.workspaceMember }),
    relation: () => ['pointOfContactId', ids.person],
    update: { stage: 'CUSTOMER' },
  },
  { singular: 'note', plural: 'notes', create: () => ({ title: 'A note' }), update: { title: 'Edited' } },
  { singular: 'task', plural: 'tasks', create: () => ({ title: 'A task', assigneeId: ids.workspaceMember }), relation: () => ['assigneeId', ids.workspaceMember], update: { status: 'DONE' } },
  { singular: 'noteTarget', plural: 'noteTargets', create: () => ({ noteId: ids.note, targetCompanyId: ids.company }), relation: () => ['noteId', ids.note], update: { targetPersonId: '' } },
  { singular: 'taskTarget', plural: 'taskTargets', create: () => ({ taskId: ids.task, targetPersonId: ids.person }), relation: () => ['taskId', ids.task], update: { targetCompanyId: '' } },
  { singular: 'workspaceMember', plural: 'workspaceMembers', create: () => ({ name: { firstName: 'Wo', lastName: 'Rk' }, userEmail: 'w@example.com' }), update: { locale: 'fr' } },
  { singular: 'attachment', plural: 'attachments', create: () => ({ name: 'file.pdf', fullPath: 'a/file.pdf', targetCompanyId: ids.company }), relation: () => ['targetCompanyId', ids.company], update: { name: 'renamed.pdf' } },
  {
    singular: 'timelineActivity',
    plural: 'timelineActivities',
    create: () => ({ name: 'company.custom', targetCompanyId: ids.company, happensAt: '2025-01-01T00:00:00Z' }),
    relation: () => ['targetCompanyId', ids.company],
    update: { name: 'company.other' },
  },
  { singular: 'favorite', plural: 'favorites', create: () => ({ companyId: ids.company, workspaceMemberId: ids.workspaceMember }), relation: () => ['workspaceMemberId', ids.workspaceMember], update: { personId: '' } },
];

/** Update data with '' standing for "the prerequisite person/company id". */
function updateData(c: ObjectCase): Record<string, unknown> {
  const prerequisite = (k: string) => k.replace(/Id$/, '').replace(/^target(.)/, (_m, c: string) => c.toLowerCase());
  return Object.fromEntries(Object.entries(c.update).map(([k, v]) => [k, v === '' ? ids[prerequisite(k)] : v]));
}

before(async () => {
  for (const [plural, singular, body] of [
    ['workspaceMembers', 'workspaceMember', { name: { firstName: 'Pre', lastName: 'Req' } }],
    ['companies', 'company', { name: 'Prereq Co' }],
    ['people', 'person', { name: { firstName: 'Pre', lastName: 'Person' } }],
    ['notes', 'note', { title: 'Prereq note' }],
    ['tasks', 'task', { title: 'Prereq task' }],
  ] as const) {
    const r = await api.rest('POST', `/${plural}`, body);
    assert.equal(r.status, 201, r.text);
    ids[singular] = r.body.data[`create${pascal(singular)}`].id;
  }
});

for (const c of CASES) {
  const S = pascal(c.singular);
  const selection = () => [...new Set(['id', 'deletedAt', ...Object.keys(c.update), ...(c.relation ? [c.relation()[0]] : [])])].join(' ');

  test(`${c.singular}: create, read, list, update, soft delete, restore and destroy over GraphQL`, async () => {
    const created = gqlData(await api.gql(`mutation($data: ${S}CreateInput!) { create${S}(data: $data) { ${selection()} } }`, { data: c.create() }))[`create${S}`];
    if (c.relation) assert.equal(created[c.relation()[0]], c.relation()[1]);
    const id = created.id as string;
    const one = gqlData(await api.gql(`query($id: UUID!) { ${c.singular}(filter: {id: {eq: $id}}) { ${selection()} } }`, { id }))[c.singular];
    assert.equal(one.id, id);
    const list = gqlData(await api.gql(`query($id: UUID!) { ${c.plural}(filter: {id: {eq: $id}}) { totalCount edges { node { id } } } }`, { id }))[c.plural];
    assert.deepEqual(list.edges.map((e: { node: { id: string } }) => e.node.id), [id]);
    const updated = gqlData(await api.gql(`mutation($id: UUID!, $data: ${S}UpdateInput!) { update${S}(id: $id, data: $data) { ${selection()} } }`, { id, data: updateData(c) }))[`update${S}`];
    for (const [k, v] of Object.entries(updateData(c))) assert.deepEqual(updated[k], v);
    const deleted = gqlData(await api.gql(`mutation($id: UUID!) { delete${S}(id: $id) { id deletedAt } }`, { id }))[`delete${S}`];
    assert.ok(deleted.deletedAt);
    assert.equal(gqlData(await api.gql(`query($id: UUID!) { ${c.singular}(filter: {id: {eq: $id}}) { id } }`, { id }))[c.singular], null, 'soft-deleted rows are hidden');
    const withDeleted = gqlData(await api.gql(`query($id: UUID!) { ${c.plural}(filter: {id: {eq: $id}, deletedAt: {is: NOT_NULL}}) { totalCount } }`, { id }))[c.plural];
    assert.equal(withDeleted.totalCount, 1);
    const restored = gqlData(await api.gql(`mutation($id: UUID!) { restore${S}(id: $id) { id deletedAt } }`, { id }))[`restore${S}`];
    assert.equal(restored.deletedAt, null);
    const destroyed = gqlData(await api.gql(`mutation($id: UUID!) { destroy${S}(id: $id) { id } }`, { id }))[`destroy${S}`];
    assert.equal(destroyed.id, id);
    const gone = gqlData(await api.gql(`query($id: UUID!) { ${c.plural}(filter: {id: {eq: $id}, or: [{deletedAt: {is: NULL}}, {deletedAt: {is: NOT_NULL}}]}) { totalCount } }`, { id }))[c.plural];
    assert.equal(gone.totalCount, 0);
  });

  test(`${c.singular}: create, read, list, update, soft delete, restore and destroy over REST`, async () => {
    const created = await api.rest('POST', `/${c.plural}`, c.create());
    assert.equal(created.status, 201, created.text);
    const record = created.body.data[`create${S}`];
    if (c.relation) assert.equal(record[c.relation()[0]], c.relation()[1]);
    const id = record.id as string;
    const one = await api.rest('GET', `/${c.plural}/${id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.data[c.singular].id, id);
    const list = await api.rest('GET', `/${c.plural}?filter=${encodeURIComponent(`id[eq]:"${id}"`)}`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.data[c.plural].map((r: { id: string }) => r.id), [id]);
    assert.equal(list.body.totalCount, 1);
    const updated = await api.rest('PATCH', `/${c.plural}/${id}`, updateData(c));
    assert.equal(updated.status, 200, updated.text);
    for (const [k, v] of Object.entries(updateData(c))) assert.deepEqual(updated.body.data[`update${S}`][k], v);
    const soft = await api.rest('DELETE', `/${c.plural}/${id}?soft_delete=true`);
    assert.equal(soft.status, 200, soft.text);
    assert.equal((await api.rest('GET', `/${c.plural}/${id}`)).status, 404);
    const restored = await api.rest('PATCH', `/restore/${c.plural}/${id}`);
    assert.equal(restored.status, 200, restored.text);
    assert.equal((await api.rest('GET', `/${c.plural}/${id}`)).status, 200);
    const destroyed = await api.rest('DELETE', `/${c.plural}/${id}`);
    assert.equal(destroyed.status, 200, destroyed.text);
    assert.equal(destroyed.body.data[`delete${S}`].id, id);
    const gone = await api.rest('GET', `/${c.plural}?filter=${encodeURIComponent(`and(id[eq]:"${id}",deletedAt[is]:NOT_NULL)`)}`);
    assert.equal(gone.body.totalCount, 0);
    assert.equal((await api.rest('GET', `/${c.plural}/${id}`)).status, 404);
  });
}
