// /metadata over HTTP on a real Postgres workspace: Twenty's queries and mutations, the DDL
// each mutation leaves behind, and the errors for bad or clashing names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { one, rows } from '../../src/core/db.ts';
import { sql, ident } from '../../src/core/sql.ts';
import { startMetadataServer } from '../helpers/metadata-api.ts';

const server = await startMetadataServer();
const ws = await server.newWorkspace('GraphQL');
const schema = (await one<{ s: string }>(server.db, sql`SELECT "schemaName" AS s FROM core.workspace WHERE id = ${ws}`))?.s as string;

const version = async () => (await one<{ v: number }>(server.db, sql`SELECT "metadataVersion" AS v FROM core.workspace WHERE id = ${ws}`))?.v as number;
const tables = async () => (await rows<{ t: string }>(server.db, sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${schema} ORDER BY 1`)).map((r) => r.t);
const columns = async (table: string) =>
  (await rows<{ c: string }>(server.db, sql`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = ${table} ORDER BY 1`)).map((r) => r.c);

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await server.gql(ws, query, variables);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data;
}

async function fails(code: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const res = await server.gql(ws, query, variables);
  assert.notEqual(res.status, 500);
  assert.equal(res.body.errors?.[0]?.extensions?.code, code, JSON.stringify(res.body));
  return res.body.errors[0].message;
}

const FIELD = 'id name label type isNullable isUnique isCustom isActive isSystem defaultValue options settings relation { type targetObjectMetadata { id nameSingular namePlural } targetFieldMetadata { id name } sourceObjectMetadata { nameSingular } sourceFieldMetadata { name } }';
const OBJECT = `id nameSingular namePlural labelSingular labelPlural icon isCustom isActive isSystem labelIdentifierFieldMetadataId fields(paging: {first: 1000}) { totalCount edges { node { ${FIELD} } } }`;
const CREATE_OBJECT = `mutation($o: CreateObjectInput!) { createOneObject(input: {object: $o}) { ${OBJECT} } }`;
const CREATE_FIELD = `mutation($f: CreateFieldInput!) { createOneField(input: {field: $f}) { ${FIELD} } }`;
const UPDATE_FIELD = `mutation($id: UUID!, $u: UpdateFieldInput!) { updateOneField(input: {id: $id, update: $u}) { ${FIELD} } }`;
const DELETE_FIELD = `mutation($id: UUID!) { deleteOneField(input: {id: $id}) { id name } }`;
const OBJECTS = `query($filter: ObjectFilter!) { objects(paging: {first: 1000}, filter: $filter) { totalCount edges { node { ${OBJECT} } } } }`;

const objectsNamed = async (filter: Record<string, unknown> = {}) => ((await ok(OBJECTS, { filter })).objects.edges as { node: any }[]).map((e) => e.node);
const company = (await objectsNamed()).find((o) => o.nameSingular === 'company');
let pet: any;
const petField = (name: string) => pet.fields.edges.map((e: { node: any }) => e.node).find((f: any) => f.name === name);

describe('reading', () => {
  test('objects lists the standard objects, all active, and isCustom filters them', async () => {
    const all = await objectsNamed();
    for (const name of ['company', 'person', 'opportunity', 'note', 'task', 'workspaceMember']) assert.ok(all.some((o) => o.nameSingular === name), name);
    assert.ok(all.every((o) => o.isActive === true && o.isCustom === false));
    assert.deepEqual(await objectsNamed({ isCustom: { is: true } }), []);
    assert.equal((await objectsNamed({ isCustom: { is: false } })).length, all.length);
    const name = company.fields.edges.find((e: { node: any }) => e.node.name === 'name').node;
    assert.equal(company.labelIdentifierFieldMetadataId === null || company.labelIdentifierFieldMetadataId === name.id, true);
  });

  test('paging with first/after walks the objects without repeats', async () => {
    const page = async (after?: string) => (await ok(`query($a: ConnectionCursor) { objects(paging: {first: 4, after: $a}) { totalCount pageInfo { hasNextPage endCursor } edges { node { nameSingular } } } }`, { a: after })).objects;
    const seen: string[] = [];
    let current = await page();
    seen.push(...current.edges.map((e: any) => e.node.nameSingular));
    while (current.pageInfo.hasNextPage) {
      current = await page(current.pageInfo.endCursor);
      seen.push(...current.edges.map((e: any) => e.node.nameSingular));
    }
    assert.equal(seen.length, current.totalCount);
    assert.equal(new Set(seen).size, seen.length);
  });

  test('object(id), field(id) and fields(filter: objectMetadataId) find what the list shows', async () => {
    assert.equal((await ok(`query($id: UUID!) { object(id: $id) { nameSingular } }`, { id: company.id })).object.nameSingular, 'company');
    const fields = (await ok(`query($id: UUID!) { fields(filter: {objectMetadataId: {eq: $id}}) { totalCount edges { node { id name } } } }`, { id: company.id })).fields;
    assert.equal(fields.totalCount, company.fields.totalCount);
    const people = fields.edges.find((e: any) => e.node.name === 'people').node;
    const field = (await ok(`query($id: UUID!) { field(id: $id) { name relation { type targetObjectMetadata { nameSingular } } } }`, { id: people.id })).field;
    assert.deepEqual(field, { name: 'people', relation: { type: 'ONE_TO_MANY', targetObjectMetadata: { nameSingular: 'person' } } });
  });
});

describe('changing the model', () => {
  test('createOneObject makes a custom object and its table, and bumps the metadata version', async () => {
    const before = await version();
    pet = (await ok(CREATE_OBJECT, { o: { nameSingular: 'pet', namePlural: 'pets', labelSingular: 'Pet', labelPlural: 'Pets', icon: 'IconDog', description: 'A pet' } })).createOneObject;
    assert.equal(pet.isCustom, true);
    assert.equal(pet.labelIdentifierFieldMetadataId, petField('name').id);
    assert.ok((await tables()).includes('_pet'));
    assert.ok((await version()) > before);
    assert.deepEqual((await objectsNamed({ isCustom: { is: true } })).map((o) => o.nameSingular), ['pet']);
  });

  test('createOneField adds TEXT, SELECT (with options and a default) and CURRENCY fields', async () => {
    let v = await version();
    const add = async (f: Record<string, unknown>) => {
      const field = (await ok(CREATE_FIELD, { f: { objectMetadataId: pet.id, ...f } })).createOneField;
      assert.ok((await version()) > v, `version bumped by ${f.name}`);
      v = await version();
      return field;
    };
    const nickname = await add({ type: 'TEXT', name: 'nickname', label: 'Nickname' });
    assert.equal(nickname.isCustom, true);
    const species = await add({
      type: 'SELECT', name: 'species', label: 'Species', defaultValue: "'DOG'",
      options: [{ value: 'DOG', label: 'Dog', color: 'blue', position: 0 }, { value: 'CAT', label: 'Cat', color: 'red', position: 1 }],
    });
    assert.equal(species.defaultValue, "'DOG'");
    assert.deepEqual(species.options.map((o: any) => [o.value, o.label, o.color, o.position]), [['DOG', 'Dog', 'blue', 0], ['CAT', 'Cat', 'red', 1]]);
    await add({ type: 'CURRENCY', name: 'price', label: 'Price' });
    const cols = await columns('_pet');
    for (const c of ['nickname', 'species', 'priceAmountMicros', 'priceCurrencyCode']) assert.ok(cols.includes(c), c);
    const enumValues = await rows<{ v: string }>(server.db, sql`SELECT unnest(enum_range(NULL::${ident(schema, '_pet_species_enum')}))::text AS v`);
    assert.deepEqual(enumValues.map((r) => r.v), ['DOG', 'CAT']);
  });

  test('a relation with relationCreationPayload creates the inverse on company, named after its label', async () => {
    const field = (await ok(CREATE_FIELD, {
      f: { objectMetadataId: pet.id, type: 'RELATION', name: 'owner', label: 'Owner', relationCreationPayload: { targetObjectMetadataId: company.id, targetFieldLabel: 'Owned Pets', targetFieldIcon: 'IconDog', type: 'MANY_TO_ONE' } },
    })).createOneField;
    assert.equal(field.relation.type, 'MANY_TO_ONE');
    assert.deepEqual(field.relation.targetObjectMetadata, { id: company.id, nameSingular: 'company', namePlural: 'companies' });
    assert.equal(field.relation.targetFieldMetadata.name, 'ownedPets');
    assert.deepEqual(field.settings, { relationType: 'MANY_TO_ONE', onDelete: 'SET_NULL', joinColumnName: 'ownerId' });
    assert.ok((await columns('_pet')).includes('ownerId'));
    const inverse = (await ok(`query($id: UUID!) { field(id: $id) { ${FIELD} icon label } }`, { id: field.relation.targetFieldMetadata.id })).field;
    assert.equal(inverse.label, 'Owned Pets');
    assert.equal(inverse.icon, 'IconDog');
    assert.equal(inverse.relation.type, 'ONE_TO_MANY');
    assert.deepEqual([inverse.relation.targetObjectMetadata.nameSingular, inverse.relation.targetFieldMetadata.name], ['pet', 'owner']);
    assert.deepEqual([inverse.relation.sourceObjectMetadata.nameSingular, inverse.relation.sourceFieldMetadata.name], ['company', 'ownedPets']);
  });

  test('updateOneField changes a label, and a rename keeps the column data', async () => {
    pet = (await ok(`query($id: UUID!) { object(id: $id) { ${OBJECT} } }`, { id: pet.id })).object;
    const nickname = petField('nickname');
    await server.db.query(`INSERT INTO "${schema}"."_pet" ("nickname") VALUES ('Rex')`);
    const relabelled = (await ok(UPDATE_FIELD, { id: nickname.id, u: { label: 'Pet name' } })).updateOneField;
    assert.deepEqual([relabelled.name, relabelled.label], ['nickname', 'Pet name']);
    const before = await version();
    const renamed = (await ok(UPDATE_FIELD, { id: nickname.id, u: { name: 'petName' } })).updateOneField;
    assert.deepEqual([renamed.id, renamed.name, renamed.label], [nickname.id, 'petName', 'Pet name']);
    assert.ok((await version()) > before);
    const data = await rows<{ petName: string }>(server.db, sql`SELECT "petName" FROM ${ident(schema, '_pet')}`);
    assert.deepEqual(data, [{ petName: 'Rex' }]);
  });

  test('updateOneField replaces select options: a missing option is removed, a new one added', async () => {
    const species = petField('species');
    const updated = (await ok(UPDATE_FIELD, { id: species.id, u: { options: [species.options[0], { value: 'BIRD', label: 'Bird', color: 'yellow', position: 1 }] } })).updateOneField;
    assert.deepEqual(updated.options.map((o: any) => o.value), ['DOG', 'BIRD']);
    assert.equal(updated.options[0].id, species.options[0].id);
  });

  test('deleteOneField drops the field and its columns', async () => {
    const deleted = (await ok(DELETE_FIELD, { id: petField('price').id })).deleteOneField;
    assert.equal(deleted.name, 'price');
    const cols = await columns('_pet');
    assert.ok(!cols.includes('priceAmountMicros') && !cols.includes('priceCurrencyCode'));
    await fails('NOT_FOUND', DELETE_FIELD, { id: petField('price').id });
  });

  test('deleteOneObject drops a custom object, its table and the inverse on company', async () => {
    const before = await version();
    const deleted = (await ok(`mutation($id: UUID!) { deleteOneObject(input: {id: $id}) { id nameSingular } }`, { id: pet.id })).deleteOneObject;
    assert.deepEqual(deleted, { id: pet.id, nameSingular: 'pet' });
    assert.ok(!(await tables()).includes('_pet'));
    assert.ok(!(await columns('company')).includes('ownedPets'));
    const again = (await objectsNamed()).find((o) => o.nameSingular === 'company');
    assert.ok(!again.fields.edges.some((e: any) => e.node.name === 'ownedPets'));
    assert.ok((await version()) > before);
  });
});

describe('refusals', () => {
  const snapshot = async () => ({ tables: await tables(), version: await version(), company: await columns('company') });

  test('bad object and field names are BAD_USER_INPUT and run no DDL', async () => {
    const before = await snapshot();
    for (const name of ['a"b', 'select', 'Pet']) {
      const message = await fails('BAD_USER_INPUT', CREATE_OBJECT, { o: { nameSingular: name, namePlural: `${name}s`, labelSingular: 'X', labelPlural: 'Xs' } });
      assert.match(message, new RegExp(`"${name.replace('"', '\\\\?"')}`));
      await fails('BAD_USER_INPUT', CREATE_FIELD, { f: { objectMetadataId: company.id, type: 'TEXT', name, label: 'X' } });
    }
    assert.match(await fails('BAD_USER_INPUT', CREATE_OBJECT, { o: { nameSingular: 'Pet', namePlural: 'pets', labelSingular: 'X', labelPlural: 'Xs' } }), /Try "pet"/);
    assert.deepEqual(await snapshot(), before);
  });

  test('a name already in use is a CONFLICT', async () => {
    const o = { nameSingular: 'vet', namePlural: 'vets', labelSingular: 'Vet', labelPlural: 'Vets' };
    const vet = (await ok(CREATE_OBJECT, { o })).createOneObject;
    const before = await snapshot();
    assert.match(await fails('CONFLICT', CREATE_OBJECT, { o }), /"vet"/);
    assert.match(await fails('CONFLICT', CREATE_OBJECT, { o: { ...o, nameSingular: 'company', namePlural: 'companyList' } }), /"company"/);
    assert.match(await fails('CONFLICT', CREATE_FIELD, { f: { objectMetadataId: vet.id, type: 'TEXT', name: 'name', label: 'Name' } }), /"vet.name" already exists/);
    assert.deepEqual(await snapshot(), before);
  });

  test('standard objects and system fields cannot be deleted; unknown ids are NOT_FOUND', async () => {
    await fails('BAD_USER_INPUT', `mutation($id: UUID!) { deleteOneObject(input: {id: $id}) { id } }`, { id: company.id });
    await fails('BAD_USER_INPUT', DELETE_FIELD, { id: company.fields.edges.find((e: any) => e.node.name === 'id').node.id });
    await fails('NOT_FOUND', `query { object(id: "99999999-9999-4999-8999-999999999999") { id } }`);
  });

  test('a request without credentials is UNAUTHENTICATED with status 401', async () => {
    const res = await server.gql('', '{ objects { totalCount } }');
    assert.equal(res.status, 401);
    assert.equal(res.body.errors[0].extensions.code, 'UNAUTHENTICATED');
  });

  test('a document that does not validate is GRAPHQL_VALIDATION_FAILED', async () => {
    await fails('GRAPHQL_VALIDATION_FAILED', '{ objects { nope } }');
  });
});
