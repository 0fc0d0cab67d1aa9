import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFindMany } from '../../src/api/query/find.ts';
import type { FilterNode } from '../../src/api/query/ir.ts';
import { compileCreate, compileDelete, compileUpdate } from '../../src/api/query/mutate.ts';
import { runCompiled } from '../../src/api/query/run.ts';
import { nameUniqueViolation } from '../../src/api/query/unique-violation.ts';
import { rows } from '../../src/core/db.ts';
import { AppError } from '../../src/core/errors.ts';
import { sql } from '../../src/core/sql.ts';
import { API_ACTOR, fields, id, listQuery, seededWorkspace } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

const { db } = await createTestDatabase();

const MEMBER = { source: 'MANUAL' as const, workspaceMemberId: '20202020-0000-4000-8000-00000000aaaa', name: 'Tim Apple' };
const ids = (...n: number[]): FilterNode => ({ kind: 'compare', field: 'id', op: 'in', value: n.map((i) => id('company', i)) });
const nameSel = fields('id', 'name');

async function names(model: Awaited<ReturnType<typeof seededWorkspace>>, withDeleted = false): Promise<string[]> {
  const rows = (await runCompiled(db, compileFindMany(model, listQuery('company', { withDeleted, selection: fields('name'), orderBy: [{ field: 'name', direction: 'AscNullsFirst' }] })))) as { name: string }[];
  return rows.map((r) => r.name);
}

function isBadInput(pattern: RegExp) {
  return (error: unknown) => error instanceof AppError && error.code === 'BAD_USER_INPUT' && error.spec.http !== 500 && pattern.test(error.message);
}

test('createMany inserts every record in one statement and returns them in input order with server stamps', async () => {
  const model = await seededWorkspace(db);
  const selection = { fields: [...nameSel.fields, { kind: 'field' as const, alias: 'createdBy', field: 'createdBy', subFields: ['source', 'workspaceMemberId', 'name'] }, { kind: 'field' as const, alias: 'position', field: 'position' }, { kind: 'manyToOne' as const, alias: 'company', field: 'company', selection: fields('name') }] };
  const q = {
    object: 'person',
    upsert: false,
    actor: MEMBER,
    selection,
    records: [
      { name: { firstName: 'Ann' }, companyId: id('company', 2) },
      { name: { firstName: 'Ben', lastName: 'B' }, emails: { primaryEmail: 'ben@x.io', additionalEmails: ['b@y.io'] }, createdBy: { source: 'IMPORT' } },
    ],
  };
  const created = (await runCompiled(db, compileCreate(model, q))) as { name: { firstName: string }; createdBy: unknown; position: number; company: unknown }[];
  assert.deepEqual(created.map((r) => r.name.firstName), ['Ann', 'Ben']);
  assert.deepEqual(created[0].createdBy, { source: 'MANUAL', workspaceMemberId: MEMBER.workspaceMemberId, name: 'Tim Apple' });
  assert.deepEqual(created[1].createdBy, { source: 'IMPORT', workspaceMemberId: MEMBER.workspaceMemberId, name: 'Tim Apple' });
  assert.deepEqual(created[0].company, { name: 'Globex' });
  assert.ok(created[0].position < created[1].position && created[1].position < 1, 'new records go first, in input order');
});

test('createMany with one invalid record writes nothing', async () => {
  const model = await seededWorkspace(db);
  const records = [{ name: 'Fine' }, { name: 'Bad', employees: Number.POSITIVE_INFINITY }];
  assert.throws(() => compileCreate(model, { object: 'company', upsert: false, actor: API_ACTOR, selection: nameSel, records }), isBadInput(/"employees"/));
  const duplicate = [{ name: 'One', domainName: { primaryLinkUrl: 'https://dup.io' } }, { name: 'Two', domainName: { primaryLinkUrl: 'https://acme.com' } }];
  await assert.rejects(runCompiled(db, compileCreate(model, { object: 'company', upsert: false, actor: API_ACTOR, selection: nameSel, records: duplicate })), { code: 'ALREADY_EXISTS' });
  assert.deepEqual((await names(model)).length, 4);
});

test('a unique violation names the object, the field and the value already taken', async () => {
  const model = await seededWorkspace(db);
  const duplicate = [{ name: 'Copy', domainName: { primaryLinkUrl: 'https://acme.com' } }];
  const error = await runCompiled(db, compileCreate(model, { object: 'company', upsert: false, actor: API_ACTOR, selection: nameSel, records: duplicate })).then(
    () => assert.fail('the duplicate was written'),
    (thrown: unknown) => nameUniqueViolation(model, thrown),
  );
  assert.ok(error instanceof AppError);
  assert.equal(error.code, 'ALREADY_EXISTS');
  assert.notEqual(error.spec.http, 500);
  assert.equal(error.message, 'A company with domainName.primaryLinkUrl "https://acme.com" already exists.');
  assert.doesNotMatch(`${error.message} ${error.hint}`, /UQ_|IDX_/, 'no hashed index name');
});

test('create refuses unknown fields with a suggestion, relations set directly and hidden sub-fields', async () => {
  const model = await seededWorkspace(db);
  const create = (record: Record<string, unknown>, object = 'company') => () => compileCreate(model, { object, upsert: false, actor: API_ACTOR, selection: nameSel, records: [record] });
  assert.throws(create({ nmae: 'x' }), isBadInput(/^Field "nmae" does not exist on object "company". Did you mean "name"\?$/));
  assert.throws(create({ company: { id: id('company', 1) } }, 'person'), isBadInput(/set "companyId"/i));
  assert.throws(create({ companyI: id('company', 1) }, 'person'), isBadInput(/Did you mean "companyId"\?/));
  assert.throws(create({ createdBy: { name: 'Mallory' } }), isBadInput(/Sub-field "name" of field "createdBy" cannot be set/));
  assert.throws(create({ searchVector: 'x' }), isBadInput(/read-only/));
  assert.throws(create({ id: null }), isBadInput(/cannot be null/));
  assert.throws(create({ tags: ['SAAS', 'ROBOTS'] }), isBadInput(/"tags".*"ROBOTS" is not one of/));
  assert.throws(create({ rating: 'RATING_9' }), isBadInput(/"rating"/));
  assert.throws(create({ annualRecurringRevenue: { amountMicros: '1e30' } }), isBadInput(/out of range/));
  assert.throws(create({ domainName: { secondaryLinks: 'https://x' } }), isBadInput(/"domainName.secondaryLinks".*expected a list/));
  assert.throws(create({ name: 'bad \ud800 text' }), isBadInput(/surrogate/));
});

test('upsert updates the record matched by id, then by a unique sub-field, and inserts the rest', async () => {
  const model = await seededWorkspace(db);
  const records = [
    { id: id('company', 1), name: 'Acme 2' },
    { name: 'Globex 2', domainName: { primaryLinkUrl: 'https://globex.io' } },
    { name: 'Brand new', domainName: { primaryLinkUrl: 'https://new.io' } },
    { name: 'No key' },
  ];
  const result = (await runCompiled(db, compileCreate(model, { object: 'company', upsert: true, actor: MEMBER, selection: { fields: [...nameSel.fields, { kind: 'field', alias: 'employees', field: 'employees' }] }, records }))) as { id: string; name: string; employees: number | null }[];
  assert.deepEqual(result.map((r) => r.name), ['Acme 2', 'Globex 2', 'Brand new', 'No key']);
  assert.equal(result[0].id, id('company', 1));
  assert.equal(result[1].id, id('company', 2));
  assert.equal(result[1].employees, 50, 'columns not given are kept');
  assert.deepEqual(await names(model), ['Acme 2', 'Brand new', 'Globex 2', 'Initech', 'No key', `O'Brien "Quotes"; DROP TABLE x; --`]);
});

test('update writes only the given columns, stamps updatedBy and returns the records', async () => {
  const model = await seededWorkspace(db);
  const selection = { fields: [...nameSel.fields, { kind: 'field' as const, alias: 'address', field: 'address', subFields: ['addressCity', 'addressCountry'] }, { kind: 'field' as const, alias: 'updatedBy', field: 'updatedBy', subFields: ['source'] }] };
  const result = (await runCompiled(db, compileUpdate(model, { object: 'company', filter: ids(1), data: { address: { addressCity: 'Lyon' } }, actor: API_ACTOR, selection, maxAffected: 100 }))) as unknown[];
  assert.deepEqual(result, [{ id: id('company', 1), name: 'Acme', address: { addressCity: 'Lyon', addressCountry: 'France' }, updatedBy: { source: 'API' } }]);
});

test('maxAffected refuses a mass update and leaves every row unchanged', async () => {
  const model = await seededWorkspace(db);
  const q = { object: 'company', filter: ids(1, 2, 3), data: { name: 'Same' }, actor: API_ACTOR, selection: nameSel, maxAffected: 2 };
  await assert.rejects(runCompiled(db, compileUpdate(model, q)), isBadInput(/more than 2 records; nothing was changed/));
  await assert.rejects(runCompiled(db, compileDelete(model, { ...q, mode: 'destroy' })), isBadInput(/more than 2 records/));
  assert.deepEqual(await names(model), ['Acme', 'Globex', 'Initech', `O'Brien "Quotes"; DROP TABLE x; --`]);
  assert.equal(((await runCompiled(db, compileUpdate(model, { ...q, maxAffected: 3 }))) as unknown[]).length, 3);
});

test('mass mutations refuse an empty filter', async () => {
  const model = await seededWorkspace(db);
  assert.throws(() => compileDelete(model, { object: 'company', mode: 'soft', filter: { kind: 'and', children: [] }, selection: nameSel, maxAffected: 100, actor: API_ACTOR }), { code: 'INVALID_QUERY_INPUT', message: 'A non-empty filter is required.' });
});

test('soft delete hides records, restore brings them back and destroy removes them', async () => {
  const model = await seededWorkspace(db);
  const selection = fields('name', 'deletedAt');
  const base = { object: 'company', selection, maxAffected: 100, actor: MEMBER };
  const deleted = (await runCompiled(db, compileDelete(model, { ...base, mode: 'soft', filter: ids(1, 5) }))) as { name: string; deletedAt: string | null }[];
  assert.deepEqual(deleted.map((r) => r.name), ['Acme'], 'already deleted rows are not deleted again');
  assert.match(deleted[0].deletedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(await names(model), ['Globex', 'Initech', `O'Brien "Quotes"; DROP TABLE x; --`]);
  const restored = (await runCompiled(db, compileDelete(model, { ...base, mode: 'restore', filter: ids(1, 2) }))) as { name: string; deletedAt: null }[];
  assert.deepEqual(restored, [{ name: 'Acme', deletedAt: null }]);
  const destroyed = (await runCompiled(db, compileDelete(model, { ...base, mode: 'destroy', filter: ids(4, 5) }))) as { name: string }[];
  assert.deepEqual(destroyed.map((r) => r.name).sort(), ['Deleted Co', `O'Brien "Quotes"; DROP TABLE x; --`]);
  assert.deepEqual(await names(model, true), ['Acme', 'Globex', 'Initech']);
  // The caller is the events' actor, as on create and update (webhooks carry its ids).
  const events = await rows<{ name: string; member: string | null }>(db, sql`SELECT "name", "actor"->>'workspaceMemberId' AS "member" FROM core."eventOutbox" WHERE "name" IN ('company.deleted', 'company.restored', 'company.destroyed') ORDER BY "name"`);
  assert.deepEqual(events, [
    { name: 'company.deleted', member: MEMBER.workspaceMemberId },
    { name: 'company.destroyed', member: MEMBER.workspaceMemberId },
    { name: 'company.destroyed', member: MEMBER.workspaceMemberId },
    { name: 'company.restored', member: MEMBER.workspaceMemberId },
  ]);
});
