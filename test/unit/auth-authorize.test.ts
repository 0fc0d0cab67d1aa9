// authorize.ts on the compiler's small model: denied objects fail before any SQL, denied fields
// are refused where they pick or order rows and stripped (REST) or refused (GraphQL) in output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { authorizeCreate, authorizeDelete, authorizeRead, authorizeUpdate } from '../../src/api/query/authorize.ts';
import type { ConnectionQuery, Selection } from '../../src/api/query/ir.ts';
import { ADMIN_PERMISSIONS, MEMBER_PERMISSIONS, type Permissions } from '../../src/auth/permissions.ts';
import { buildModel } from '../helpers/query-fixture.ts';

const model = buildModel();
const ACTOR = { source: 'API' as const, workspaceMemberId: null, name: 'k' };
const objectId = (name: string) => model.objects.find((o) => o.nameSingular === name)?.id as string;
// The fixture's field ids are "object.field".
const MEMBER_NO_EMPLOYEES: Permissions = {
  ...MEMBER_PERMISSIONS,
  roleLabel: 'Sales',
  objects: new Map([[objectId('opportunity'), { read: false }]]),
  fields: new Map([['company.employees', { read: false }], ['person.city', { update: false }]]),
};

const companySelection: Selection = {
  fields: [
    { kind: 'field', alias: 'id', field: 'id' },
    { kind: 'field', alias: 'employees', field: 'employees' },
    { kind: 'oneToMany', alias: 'opportunities', field: 'opportunities', connection: list('opportunity', { fields: [{ kind: 'field', alias: 'id', field: 'id' }] }) },
    { kind: 'oneToMany', alias: 'people', field: 'people', connection: list('person', { fields: [{ kind: 'field', alias: 'city', field: 'city' }, { kind: 'manyToOne', alias: 'company', field: 'company', selection: { fields: [{ kind: 'field', alias: 'employees', field: 'employees' }, { kind: 'field', alias: 'name', field: 'name' }] } }] }) },
  ],
};

function list(object: string, selection: Selection, extra: Partial<ConnectionQuery> = {}): ConnectionQuery {
  return { object, orderBy: [], direction: 'forward', limit: 10, withDeleted: false, selection, shape: 'connection', want: { edges: true, cursor: false, pageInfo: false, totalCount: true, aggregates: [] }, ...extra };
}

function refused(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => error instanceof AppError && error.code === 'FORBIDDEN' && error.spec.http === 403 && pattern.test(error.message));
}

test('the admin’s query passes unchanged', () => {
  const q = list('company', companySelection);
  assert.deepEqual(authorizeRead(ADMIN_PERMISSIONS, model, q), q);
});

test('strip mode removes denied fields and relations to denied objects, at every depth', () => {
  const out = authorizeRead(MEMBER_NO_EMPLOYEES, model, list('company', companySelection), { deniedSelection: 'strip' });
  assert.deepEqual(out.selection.fields.map((f) => f.alias), ['id', 'people']);
  const people = out.selection.fields[1];
  assert.ok(people?.kind === 'oneToMany');
  const company = people.connection.selection.fields[1];
  assert.ok(company?.kind === 'manyToOne');
  assert.deepEqual(company.selection.fields.map((f) => f.alias), ['name']);
});

test('reject mode (GraphQL) refuses a denied field or a relation to a denied object by name', () => {
  refused(() => authorizeRead(MEMBER_NO_EMPLOYEES, model, list('company', companySelection)), /field "employees" of object "company"/);
  const viaRelation: Selection = { fields: [{ kind: 'oneToMany', alias: 'o', field: 'opportunities', connection: list('opportunity', { fields: [] }) }] };
  refused(() => authorizeRead(MEMBER_NO_EMPLOYEES, model, list('company', viaRelation)), /object "opportunity"/);
});

test('a denied field in a filter, orderBy, cursor or aggregate is refused in both modes, at any depth of the filter', () => {
  const id: Selection = { fields: [{ kind: 'field', alias: 'id', field: 'id' }] };
  const strip = { deniedSelection: 'strip' as const };
  const cases: ConnectionQuery[] = [
    list('company', id, { filter: { kind: 'or', children: [{ kind: 'not', child: { kind: 'compare', field: 'employees', op: 'gt', value: 1 } }] } }),
    list('company', id, { orderBy: [{ field: 'employees', direction: 'AscNullsLast' }] }),
    list('company', id, { after: { values: { employees: 5, id: 'x' } } }),
    list('company', id, { want: { edges: false, cursor: false, pageInfo: false, totalCount: true, aggregates: [{ alias: 'max', op: 'max', field: 'employees' }] } }),
  ];
  for (const q of cases) refused(() => authorizeRead(MEMBER_NO_EMPLOYEES, model, q, strip), /employees/);
  const nested: Selection = { fields: [{ kind: 'oneToMany', alias: 'people', field: 'people', connection: list('person', id, { filter: { kind: 'compare', field: 'company', op: 'eq', value: null } }) }] };
  assert.ok(authorizeRead(MEMBER_NO_EMPLOYEES, model, list('company', nested), strip));
  refused(() => authorizeRead(MEMBER_NO_EMPLOYEES, model, { object: 'company', filter: { kind: 'compare', field: 'employees', op: 'eq', value: 1 }, withDeleted: false, selection: id }), /employees/);
});

test('a denied object fails every operation before anything is compiled', () => {
  const base = { object: 'opportunity', selection: { fields: [] }, actor: ACTOR };
  const filter = { kind: 'compare' as const, field: 'id', op: 'eq' as const, value: 'x' };
  refused(() => authorizeRead(MEMBER_NO_EMPLOYEES, model, list('opportunity', { fields: [] })), /may not read records of object "opportunity"/);
  refused(() => authorizeCreate(MEMBER_NO_EMPLOYEES, model, { ...base, records: [{}], upsert: false }), /create or update/);
  refused(() => authorizeUpdate(MEMBER_NO_EMPLOYEES, model, { ...base, filter, data: { name: 'x' }, maxAffected: 1 }), /opportunity/);
  refused(() => authorizeDelete(MEMBER_NO_EMPLOYEES, model, { ...base, mode: 'soft', filter, maxAffected: 1 }), /opportunity/);
});

test('writes refuse a field the role may not update, including a relation set through its FK name', () => {
  const base = { object: 'person', selection: { fields: [] }, actor: ACTOR };
  refused(() => authorizeCreate(MEMBER_NO_EMPLOYEES, model, { ...base, records: [{ jobTitle: 'x' }, { city: 'Paris' }], upsert: false }), /write field "city"/);
  const noCompanyFk: Permissions = { ...MEMBER_PERMISSIONS, fields: new Map([['person.company', { update: false }]]) };
  refused(() => authorizeCreate(noCompanyFk, model, { ...base, records: [{ companyId: 'x' }], upsert: false }), /field "company"/);
  assert.ok(authorizeUpdate(MEMBER_NO_EMPLOYEES, model, { ...base, filter: { kind: 'compare', field: 'id', op: 'eq', value: 'x' }, data: { jobTitle: 'y' }, maxAffected: 1 }));
});

test('Member may soft delete but not destroy; a read-only role may not write at all', () => {
  const q = { object: 'company', filter: { kind: 'compare' as const, field: 'id', op: 'eq' as const, value: 'x' }, selection: { fields: [] }, maxAffected: 1, actor: ACTOR };
  assert.ok(authorizeDelete(MEMBER_PERMISSIONS, model, { ...q, mode: 'soft' }));
  assert.ok(authorizeDelete(MEMBER_PERMISSIONS, model, { ...q, mode: 'restore' }));
  refused(() => authorizeDelete(MEMBER_PERMISSIONS, model, { ...q, mode: 'destroy' }), /destroy/);
  const guest: Permissions = { ...MEMBER_PERMISSIONS, roleLabel: 'Guest', allObjects: { read: true, update: false, softDelete: false, destroy: false } };
  refused(() => authorizeUpdate(guest, model, { ...q, data: { name: 'x' }, actor: ACTOR }), /Role "Guest" may not create or update/);
});
