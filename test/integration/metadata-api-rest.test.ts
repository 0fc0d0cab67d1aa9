// /rest/metadata over HTTP on a real Postgres workspace: Twenty 2.x's list envelope, bare
// single items, 201 on create, and REST error bodies for bad input, clashes and unknown ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { one, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';
import { startMetadataServer } from '../helpers/metadata-api.ts';

const server = await startMetadataServer();
const ws = await server.newWorkspace('Rest');
const schema = (await one<{ s: string }>(server.db, sql`SELECT "schemaName" AS s FROM core.workspace WHERE id = ${ws}`))?.s as string;
const MISSING = '99999999-9999-4999-8999-999999999999';

const call = (method: string, path: string, body?: unknown) => server.rest(ws, method, path, body);
const version = async () => (await one<{ v: number }>(server.db, sql`SELECT "metadataVersion" AS v FROM core.workspace WHERE id = ${ws}`))?.v as number;
const columns = async (table: string) =>
  (await rows<{ c: string }>(server.db, sql`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = ${table} ORDER BY 1`)).map((r) => r.c);

async function expectStatus(status: number, method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

async function expectError(status: number, code: string, method: string, path: string, body?: unknown): Promise<string> {
  const res = await expectStatus(status, method, path, body);
  assert.equal(res.statusCode, status);
  assert.equal(res.code, code);
  assert.equal(typeof res.error, 'string');
  return res.messages[0];
}

const list = await expectStatus(200, 'GET', '/objects');
const company = list.data.find((o: any) => o.nameSingular === 'company');
let pet: any;

describe('REST reads', () => {
  test('GET /objects returns the 2.x list envelope with fields inline', async () => {
    assert.ok(Array.isArray(list.data));
    assert.equal(list.totalCount, list.data.length);
    assert.deepEqual(Object.keys(list.pageInfo).sort(), ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']);
    const people = company.fields.find((f: any) => f.name === 'people');
    assert.equal(people.relation.type, 'ONE_TO_MANY');
    assert.deepEqual(people.relation.targetObjectMetadata, { id: list.data.find((o: any) => o.nameSingular === 'person').id, nameSingular: 'person', namePlural: 'people' });
  });

  test('limit and starting_after page through the objects', async () => {
    const first = await expectStatus(200, 'GET', '/objects?limit=3');
    assert.equal(first.data.length, 3);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = await expectStatus(200, 'GET', `/objects?limit=3&starting_after=${encodeURIComponent(first.pageInfo.endCursor)}`);
    assert.equal(second.pageInfo.hasPreviousPage, true);
    assert.deepEqual([...first.data, ...second.data].map((o: any) => o.id), list.data.slice(0, 6).map((o: any) => o.id));
  });

  test('GET /objects/:id and /fields/:id return bare items', async () => {
    assert.equal((await expectStatus(200, 'GET', `/objects/${company.id}`)).nameSingular, 'company');
    const name = company.fields.find((f: any) => f.name === 'name');
    const field = await expectStatus(200, 'GET', `/fields/${name.id}`);
    assert.deepEqual([field.name, field.objectMetadataId, field.relation], ['name', company.id, null]);
    const fields = await expectStatus(200, 'GET', '/fields');
    assert.ok(fields.data.some((f: any) => f.id === name.id));
  });

  test('bad ids, unknown ids, unknown parameters and unknown routes get REST errors', async () => {
    assert.equal(await expectError(400, 'BAD_USER_INPUT', 'GET', '/objects/nope'), "'nope' is not a valid UUID.");
    await expectError(404, 'NOT_FOUND', 'GET', `/objects/${MISSING}`);
    await expectError(404, 'NOT_FOUND', 'PATCH', `/fields/${MISSING}`, { label: 'X' });
    assert.match(await expectError(400, 'INVALID_QUERY_INPUT', 'GET', '/objects?limt=2'), /Did you mean "limit"\?/);
    await expectError(400, 'INVALID_QUERY_INPUT', 'GET', '/objects?limit=-1');
    await expectError(404, 'NOT_FOUND', 'GET', '/views');
    await expectError(405, 'METHOD_NOT_ALLOWED', 'PUT', '/objects');
  });
});

describe('REST changes', () => {
  test('POST /objects creates a custom object (201) and bumps the metadata version', async () => {
    const before = await version();
    pet = await expectStatus(201, 'POST', '/objects', { nameSingular: 'pet', namePlural: 'pets', labelSingular: 'Pet', labelPlural: 'Pets', icon: 'IconDog' });
    assert.deepEqual([pet.nameSingular, pet.isCustom, pet.isActive], ['pet', true, true]);
    assert.ok(pet.fields.some((f: any) => f.name === 'name'));
    assert.ok((await version()) > before);
  });

  test('POST /fields adds TEXT, SELECT and CURRENCY fields, and a relation to company', async () => {
    const text = await expectStatus(201, 'POST', '/fields', { objectMetadataId: pet.id, type: 'TEXT', name: 'nickname', label: 'Nickname' });
    assert.equal(text.objectMetadataId, pet.id);
    const select = await expectStatus(201, 'POST', '/fields', { objectMetadataId: pet.id, type: 'SELECT', name: 'species', label: 'Species', options: [{ value: 'DOG', label: 'Dog', color: 'blue' }] });
    assert.equal(select.options[0].value, 'DOG');
    await expectStatus(201, 'POST', '/fields', { objectMetadataId: pet.id, type: 'CURRENCY', name: 'price', label: 'Price' });
    const relation = await expectStatus(201, 'POST', '/fields', {
      objectMetadataId: pet.id, type: 'RELATION', name: 'company', label: 'Company',
      relationCreationPayload: { targetObjectMetadataId: company.id, targetFieldLabel: 'Pets', targetFieldIcon: 'IconDog', type: 'MANY_TO_ONE' },
    });
    assert.deepEqual([relation.relation.type, relation.relation.targetFieldMetadata.name], ['MANY_TO_ONE', 'pets']);
    const cols = await columns('_pet');
    for (const c of ['nickname', 'species', 'priceAmountMicros', 'priceCurrencyCode', 'companyId']) assert.ok(cols.includes(c), c);
    const person = list.data.find((o: any) => o.nameSingular === 'person');
    const keepers = await expectStatus(201, 'POST', '/fields', {
      objectMetadataId: pet.id, type: 'RELATION', name: 'keepers', label: 'Keepers',
      relationCreationPayload: { targetObjectMetadataId: person.id, targetFieldLabel: 'Kept pet', type: 'ONE_TO_MANY' },
    });
    assert.deepEqual([keepers.relation.type, keepers.relation.targetFieldMetadata.name, keepers.settings], ['ONE_TO_MANY', 'keptPet', { relationType: 'ONE_TO_MANY' }]);
    assert.ok((await columns('person')).includes('keptPetId'));
    const updatedCompany = await expectStatus(200, 'GET', `/objects/${company.id}`);
    assert.equal(updatedCompany.fields.find((f: any) => f.name === 'pets').relation.targetObjectMetadata.nameSingular, 'pet');
  });

  test('PATCH /fields/:id relabels and renames a field, keeping its data', async () => {
    const fields = (await expectStatus(200, 'GET', `/objects/${pet.id}`)).fields;
    const nickname = fields.find((f: any) => f.name === 'nickname');
    await server.db.query(`INSERT INTO "${schema}"."_pet" ("nickname") VALUES ('Rex')`);
    const renamed = await expectStatus(200, 'PATCH', `/fields/${nickname.id}`, { name: 'petName', label: 'Pet name' });
    assert.deepEqual([renamed.id, renamed.name, renamed.label], [nickname.id, 'petName', 'Pet name']);
    assert.deepEqual(await rows(server.db, sql`SELECT "petName" FROM ${ident(schema, '_pet')}`), [{ petName: 'Rex' }]);
  });

  test('PATCH /objects/:id relabels a custom object and moves its label identifier, but not a standard one', async () => {
    const petName = (await expectStatus(200, 'GET', `/objects/${pet.id}`)).fields.find((f: any) => f.name === 'petName');
    const updated = await expectStatus(200, 'PATCH', `/objects/${pet.id}`, { labelPlural: 'Our pets', isActive: true, labelIdentifierFieldMetadataId: petName.id });
    assert.deepEqual([updated.labelPlural, updated.labelIdentifierFieldMetadataId], ['Our pets', petName.id]);
    assert.match(await expectError(400, 'BAD_USER_INPUT', 'DELETE', `/fields/${petName.id}`), /label identifier/);
    assert.match(await expectError(400, 'BAD_USER_INPUT', 'PATCH', `/objects/${company.id}`, { labelSingular: 'Firm' }), /standard object/);
  });

  test('bad names and bodies are 400 with no DDL; a clash is 409', async () => {
    const before = await columns('_pet');
    for (const name of ['a"b', 'select', 'Nick']) await expectError(400, 'VALIDATION_FAILED', 'POST', '/fields', { objectMetadataId: pet.id, type: 'TEXT', name, label: 'X' });
    assert.match(await expectError(400, 'BAD_USER_INPUT', 'POST', '/fields', { objectMetadataId: pet.id, type: 'TEXT', name: 'x', label: 'X', colour: 'red' }), /"colour"/);
    assert.match(await expectError(400, 'BAD_USER_INPUT', 'POST', '/objects', { nameSingular: 'dog' }), /"namePlural"/);
    assert.match(await expectError(400, 'VALIDATION_FAILED', 'POST', '/fields', { objectMetadataId: pet.id, type: 'TXT', name: 'x', label: 'X' }), /Did you mean "TEXT"\?/);
    assert.match(await expectError(409, 'ALREADY_EXISTS', 'POST', '/fields', { objectMetadataId: pet.id, type: 'TEXT', name: 'petName', label: 'X' }), /"pet.petName" already exists/);
    await expectError(409, 'ALREADY_EXISTS', 'POST', '/objects', { nameSingular: 'pet', namePlural: 'petz', labelSingular: 'P', labelPlural: 'Ps' });
    assert.deepEqual(await columns('_pet'), before);
  });

  test('DELETE /fields/:id drops a field; DELETE /objects/:id drops the object', async () => {
    const price = (await expectStatus(200, 'GET', `/objects/${pet.id}`)).fields.find((f: any) => f.name === 'price');
    assert.equal((await expectStatus(200, 'DELETE', `/fields/${price.id}`)).name, 'price');
    assert.ok(!(await columns('_pet')).includes('priceAmountMicros'));
    const before = await version();
    assert.equal((await expectStatus(200, 'DELETE', `/objects/${pet.id}`)).id, pet.id);
    assert.deepEqual(await columns('_pet'), []);
    assert.ok((await version()) > before);
    assert.ok(!(await expectStatus(200, 'GET', `/objects/${company.id}`)).fields.some((f: any) => f.name === 'pets'));
    await expectError(404, 'NOT_FOUND', 'DELETE', `/objects/${pet.id}`);
  });
});
