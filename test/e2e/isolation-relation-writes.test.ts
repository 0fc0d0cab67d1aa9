// RELIABILITY T2: a workspace cannot point its records at another workspace's records. Every
// create/update/upsert path of both APIs, given a relation id that lives in workspace B, is a
// 4xx (never 500) that changes nothing, and afterwards no foreign key in A's schema names a
// row missing from A's own target table.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { one, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { assertCleanError, gqlData, type HttpResult } from '../helpers/api-server.ts';
import { startTenants } from '../helpers/durability-tenants.ts';

const { db, tenants } = await startTenants(['Tenant A', 'Tenant B']);
const [a, b] = tenants;
const ids = { aCompany: '', aPerson: '', bCompany: '', bPerson: '' };

before(async () => {
  const created = async (r: Promise<HttpResult>, key: string) => {
    const res = await r;
    assert.equal(res.status, 201, res.text);
    return res.body.data[key].id as string;
  };
  ids.bCompany = await created(b.rest('POST', '/companies', { name: 'B Secret Co' }), 'createCompany');
  ids.bPerson = await created(b.rest('POST', '/people', { name: { firstName: 'B', lastName: 'Secret' }, companyId: ids.bCompany }), 'createPerson');
  ids.aCompany = await created(a.rest('POST', '/companies', { name: 'A Co' }), 'createCompany');
  ids.aPerson = await created(a.rest('POST', '/people', { name: { firstName: 'A', lastName: 'Person' }, companyId: ids.aCompany }), 'createPerson');
});

// Refused as a missing related record (what B's id is, seen from A), never as an internal error.
const REFUSAL_CODES = ['BAD_USER_INPUT', 'NOT_FOUND'];

/** A refused write: 4xx over REST, or a GraphQL error with null data; no B data echoed. */
function assertRefused(result: HttpResult, what: string): void {
  if (result.body?.errors) {
    assert.equal(result.status, 200, `${what}: ${result.text}`);
    for (const error of result.body.errors) assert.ok(REFUSAL_CODES.includes(error.extensions?.code), `${what}: ${result.text}`);
    assert.ok(Object.values(result.body.data ?? {}).every((v) => v === null), `${what} returned data: ${result.text}`);
  } else {
    assert.ok(result.status >= 400 && result.status < 500, `${what} was not refused: ${result.status} ${result.text}`);
    assertCleanError(result, result.status);
    assert.ok(REFUSAL_CODES.includes(result.body?.code), `${what}: ${result.text}`);
  }
  assert.ok(!result.text.includes('B Secret'), `${what} leaks B's data: ${result.text}`);
}

test('creating a record whose relation id belongs to another workspace is refused on every create path', async () => {
  const person = (lastName: string, companyId = ids.bCompany) => ({ name: { firstName: 'Cross', lastName }, companyId });
  assertRefused(await a.rest('POST', '/people', person('Rest')), 'REST create');
  assertRefused(await a.rest('POST', '/batch/people', [person('Batch ok', ids.aCompany), person('Batch bad')]), 'REST batch create');
  assertRefused(await a.gql('mutation($d: PersonCreateInput!) { createPerson(data: $d) { id } }', { d: person('Gql') }), 'GraphQL createPerson');
  assertRefused(await a.gql('mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id } }', { d: [person('Many ok', ids.aCompany), person('Many bad')] }), 'GraphQL createPeople');
  assertRefused(
    await a.gql('mutation($d: OpportunityCreateInput!) { createOpportunity(data: $d) { id } }', { d: { name: 'Cross deal', companyId: ids.aCompany, pointOfContactId: ids.bPerson } }),
    'GraphQL createOpportunity with B person',
  );
  assertRefused(await a.rest('POST', '/noteTargets', { targetCompanyId: ids.bCompany }), 'REST create noteTarget');

  const crossNamed = await rows(db, sql`SELECT "id" FROM ${ident(a.schema)}."person" WHERE "nameFirstName" = 'Cross'`);
  assert.equal(crossNamed.length, 0, 'a refused batch creates none of its records');
});

test('updating a relation to point at another workspace is refused on every update path', async () => {
  const data = { companyId: ids.bCompany };
  assertRefused(await a.rest('PATCH', `/people/${ids.aPerson}`, data), 'REST update');
  assertRefused(await a.gql('mutation($id: UUID!, $d: PersonUpdateInput!) { updatePerson(id: $id, data: $d) { id } }', { id: ids.aPerson, d: data }), 'GraphQL updatePerson');
  assertRefused(
    await a.gql('mutation($id: UUID!, $d: PersonUpdateInput!) { updatePeople(filter: {id: {eq: $id}}, data: $d) { id } }', { id: ids.aPerson, d: data }),
    'GraphQL updatePeople',
  );
  assertRefused(
    await a.gql('mutation($d: PersonCreateInput!) { createPerson(data: $d, upsert: true) { id } }', { d: { id: ids.aPerson, ...data } }),
    'GraphQL upsert onto an existing record',
  );
  const person = gqlData(await a.gql('query($id: UUID!) { person(filter: {id: {eq: $id}}) { companyId } }', { id: ids.aPerson })).person;
  assert.equal(person.companyId, ids.aCompany, 'the relation is unchanged');
});

test('no foreign key value in workspace A names a row missing from A\'s own target table', async () => {
  const fks = await rows<{ table: string; column: string; target: string; targetSchema: string }>(
    db,
    sql`SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", t.relname AS "target", tn.nspname AS "targetSchema"
FROM pg_constraint c
JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND n.nspname = ${a.schema}`,
  );
  assert.ok(fks.some((fk) => fk.column === 'companyId'), 'the person → company relation is among the checked keys');
  for (const fk of fks) {
    assert.equal(fk.targetSchema, a.schema, `${fk.table}.${fk.column} references another schema`);
    const table = fk.table.split('.').at(-1)!.replaceAll('"', '');
    const dangling = await one<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM ${ident(a.schema)}.${ident(table)} x
WHERE x.${ident(fk.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ident(a.schema)}.${ident(fk.target)} y WHERE y."id" = x.${ident(fk.column)})`,
    );
    assert.equal(dangling?.n, 0, `${table}.${fk.column} holds ids missing from ${fk.target}`);
  }
});
