// Twenty's edge semantics over HTTP (issue #25), on the real server, for standard objects and a
// custom object made through /metadata: TEXT is never null (its empty state is ''), link URLs
// are normalised on every write path, a create reusing an id is Twenty's 400 "Record already
// exists", and RATING fields carry RATING_1 … RATING_5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertCleanError, gqlData, send, startApiServer, type ApiServer, type HttpResult } from '../helpers/api-server.ts';
import { one } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';

const api: ApiServer = await startApiServer('Edge');
const db = api.database.db;

function metadata(query: string, variables: Record<string, unknown> = {}): Promise<HttpResult> {
  return send(`${api.server.url}/metadata`, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
}
function metadataRest(method: string, path: string, body?: unknown): Promise<HttpResult> {
  return send(`${api.server.url}/rest/metadata${path}`, { method, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function schemaName(): Promise<string> {
  const row = await one<{ schemaName: string }>(db, sql`SELECT "schemaName" FROM core.workspace WHERE "displayName" = ${api.workspace}`);
  return row?.schemaName as string;
}

async function column(table: string, name: string): Promise<{ is_nullable: string; column_default: string | null }> {
  const row = await one<{ is_nullable: string; column_default: string | null }>(db, sql`SELECT is_nullable, column_default FROM information_schema.columns WHERE table_schema = ${await schemaName()} AND table_name = ${table} AND column_name = ${name}`);
  assert.ok(row, `column ${table}.${name} exists`);
  return row;
}

const FIELD = 'id name type isNullable defaultValue options';
const CREATE_FIELD = `mutation($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { ${FIELD} } }`;

// The custom object every test below uses, made through the metadata GraphQL API.
const created = gqlData(await metadata('mutation($input: CreateOneObjectInput!) { createOneObject(input: $input) { id } }', {
  input: { object: { nameSingular: 'gadget', namePlural: 'gadgets', labelSingular: 'Gadget', labelPlural: 'Gadgets' } },
}));
const gadgetId: string = created.createOneObject.id;

test('a TEXT field is NOT NULL DEFAULT \'\' whatever isNullable the caller sends, through /metadata GraphQL and REST', async () => {
  const viaGraphql = gqlData(await metadata(CREATE_FIELD, { input: { field: { objectMetadataId: gadgetId, type: 'TEXT', name: 'note', label: 'Note', isNullable: true } } }));
  assert.equal(viaGraphql.createOneField.isNullable, false);
  const viaRest = await metadataRest('POST', '/fields', { objectMetadataId: gadgetId, type: 'TEXT', name: 'memo', label: 'Memo', isNullable: true });
  assert.ok(viaRest.status < 300, viaRest.text);
  assert.equal((viaRest.body.data?.createOneField ?? viaRest.body.data ?? viaRest.body).isNullable, false, viaRest.text);
  for (const name of ['note', 'memo', 'name']) assert.deepEqual({ ...(await column('_gadget', name)) }, { is_nullable: 'NO', column_default: "''::text" }, name);
  for (const name of ['jobTitle', 'nameFirstName', 'nameLastName', 'emailsPrimaryEmail', 'city']) assert.equal((await column('person', name)).is_nullable, 'NO', `person.${name}`);
  const updated = await metadata(`mutation($id: UUID!, $update: UpdateFieldInput!) { updateOneField(input: {id: $id, update: $update}) { ${FIELD} } }`, { id: viaGraphql.createOneField.id, update: { isNullable: true } });
  assert.equal(gqlData(updated).updateOneField.isNullable, false, 'isNullable:true on TEXT changes nothing');
});

test('a never-set text reads as "", a null written to a text is stored as "", and "is NULL" finds the empty rows (GraphQL and REST)', async () => {
  const a = gqlData(await api.gql('mutation { createGadget(data: {name: "A"}) { id name note memo } }')).createGadget;
  assert.deepEqual([a.note, a.memo], ['', '']);
  const b = await api.rest('POST', '/gadgets', { name: 'B', note: null, memo: 'kept' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.data.createGadget.note, '');
  const c = gqlData(await api.gql('mutation($id: UUID!) { updateGadget(id: $id, data: {note: "x", memo: null}) { note memo } }', { id: a.id })).updateGadget;
  assert.deepEqual([c.note, c.memo], ['x', '']);
  const empty = gqlData(await api.gql('{ gadgets(filter: {memo: {is: NULL}}) { edges { node { name memo } } } }')).gadgets.edges.map((e: any) => e.node.name);
  assert.deepEqual(empty, ['A']);
  const notEmpty = await api.rest('GET', '/gadgets?filter=memo[is]:NOT_NULL');
  assert.deepEqual(notEmpty.body.data.gadgets.map((g: any) => g.name), ['B']);
  const person = await api.rest('POST', '/people', { name: { firstName: 'Solo' }, emails: { primaryEmail: 'solo@example.com' } });
  assert.equal(person.status, 201, person.text);
  assert.deepEqual([person.body.data.createPerson.name.lastName, person.body.data.createPerson.jobTitle, person.body.data.createPerson.city], ['', '', '']);
  const noEmail = gqlData(await api.gql('{ people(filter: {emails: {primaryEmail: {is: NULL}}}) { totalCount } }')).people.totalCount;
  const twoWithout = await api.rest('POST', '/batch/people', [{ name: { firstName: 'No' } }, { name: { firstName: 'Mail' } }]);
  assert.equal(twoWithout.status, 201, 'two people without an email do not collide on the unique index: "" is no value');
  assert.equal(gqlData(await api.gql('{ people(filter: {emails: {primaryEmail: {is: NULL}}}) { totalCount } }')).people.totalCount, noEmail + 2);
});

const LINK_INPUT = { primaryLinkUrl: 'https://Test.com/', primaryLinkLabel: 'Site', secondaryLinks: [{ url: 'HTTPS://Other.COM/Path/?Q=1', label: 'o' }, { url: 'not a url/', label: 'n' }] };
const LINK_STORED = { primaryLinkUrl: 'https://test.com', primaryLinkLabel: 'Site', secondaryLinks: [{ url: 'https://other.com/Path/?Q=1', label: 'o' }, { url: 'not a url/', label: 'n' }] };
const LINKS = 'domainName { primaryLinkUrl primaryLinkLabel secondaryLinks }';

test('link URLs are normalised like Twenty on GraphQL create, createMany, update and upsert', async () => {
  const one_ = gqlData(await api.gql(`mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id ${LINKS} } }`, { d: { name: 'L1', domainName: LINK_INPUT } })).createCompany;
  assert.deepEqual(one_.domainName, LINK_STORED);
  const many = gqlData(await api.gql(`mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { ${LINKS} } }`, { d: [{ name: 'L2', domainName: { primaryLinkUrl: 'http://EXAMPLE.org/' } }] })).createCompanies;
  assert.equal(many[0].domainName.primaryLinkUrl, 'http://example.org');
  const updated = gqlData(await api.gql(`mutation($id: UUID!) { updateCompany(id: $id, data: {linkedinLink: {primaryLinkUrl: "https://LinkedIn.com/in/Ann/"}}) { linkedinLink { primaryLinkUrl } } }`, { id: one_.id })).updateCompany;
  assert.equal(updated.linkedinLink.primaryLinkUrl, 'https://linkedin.com/in/Ann');
  const upserted = gqlData(await api.gql(`mutation($d: CompanyCreateInput!) { createCompany(data: $d, upsert: true) { id name } }`, { d: { name: 'L1 again', domainName: { primaryLinkUrl: 'https://TEST.com/' } } })).createCompany;
  assert.equal(upserted.id, one_.id, 'the upsert matched the normalised unique URL');
  const found = gqlData(await api.gql('{ companies(filter: {domainName: {primaryLinkUrl: {eq: "https://test.com"}}}) { totalCount } }')).companies.totalCount;
  assert.equal(found, 1);
});

test('link URLs are normalised like Twenty on REST create, batch create and update', async () => {
  const single = await api.rest('POST', '/companies', { name: 'R1', domainName: { primaryLinkUrl: 'https://Rest.IO/' } });
  assert.equal(single.status, 201, single.text);
  assert.equal(single.body.data.createCompany.domainName.primaryLinkUrl, 'https://rest.io');
  const batch = await api.rest('POST', '/batch/companies', [{ name: 'R2', domainName: { primaryLinkUrl: 'https://Batch.IO/a/', secondaryLinks: [{ url: 'https://Two.IO/', label: '' }] } }]);
  assert.equal(batch.status, 201, batch.text);
  assert.deepEqual(batch.body.data.createCompanies[0].domainName.primaryLinkUrl, 'https://batch.io/a');
  assert.deepEqual(batch.body.data.createCompanies[0].domainName.secondaryLinks, [{ url: 'https://two.io', label: '' }]);
  const patched = await api.rest('PATCH', `/companies/${single.body.data.createCompany.id}`, { xLink: { primaryLinkUrl: 'https://X.com/Rest/' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.data.updateCompany.xLink.primaryLinkUrl, 'https://x.com/Rest');
});

test('creating a record whose id exists is a REST 400 "Record already exists" (single and batch) and writes nothing', async () => {
  const id = randomUUID();
  assert.equal((await api.rest('POST', '/gadgets', { id, name: 'first' })).status, 201);
  const again = await api.rest('POST', '/gadgets', { id, name: 'second' });
  assertCleanError(again, 400);
  assert.equal(again.body.error, 'BadRequestException');
  assert.equal(again.body.code, 'RECORD_ALREADY_EXISTS');
  assert.match(again.body.messages[0], /Record already exists/);
  const fresh = randomUUID();
  const batch = await api.rest('POST', '/batch/gadgets', [{ id: fresh, name: 'new' }, { id, name: 'dup' }]);
  assertCleanError(batch, 400);
  assert.match(batch.body.messages[0], /already exists/);
  assert.equal((await api.rest('GET', `/gadgets/${fresh}`)).status, 404, 'the batch wrote nothing');
  const list = await api.rest('GET', `/gadgets?filter=id[eq]:${id}`);
  assert.deepEqual(list.body.data.gadgets.map((g: any) => g.name), ['first']);
});

test('creating a record whose id exists is a GraphQL BAD_USER_INPUT (one and many), never a 5xx, and writes nothing', async () => {
  const id = randomUUID();
  gqlData(await api.gql('mutation($id: UUID!) { createGadget(data: {id: $id, name: "g1"}) { id } }', { id }));
  const again = await api.gql('mutation($id: UUID!) { createGadget(data: {id: $id, name: "g2"}) { id } }', { id });
  assert.ok(again.status < 500, again.text);
  assert.equal(again.body.errors[0].extensions.code, 'BAD_USER_INPUT');
  assert.match(again.body.errors[0].message, /already exists/);
  const fresh = randomUUID();
  const many = await api.gql('mutation($d: [GadgetCreateInput!]!) { createGadgets(data: $d) { id } }', { d: [{ id: fresh, name: 'g3' }, { id, name: 'g4' }] });
  assert.ok(many.status < 500, many.text);
  assert.equal(many.body.errors[0].extensions.code, 'BAD_USER_INPUT');
  assert.equal(gqlData(await api.gql(`{ gadgets(filter: {id: {in: ["${fresh}", "${id}"]}}) { edges { node { name } } } }`)).gadgets.edges.map((e: any) => e.node.name).join(), 'g1');
});

test('a RATING field gets RATING_1 … RATING_5 when created without options, accepts them when sent, and validates values', async () => {
  const plain = gqlData(await metadata(CREATE_FIELD, { input: { field: { objectMetadataId: gadgetId, type: 'RATING', name: 'stars', label: 'Stars' } } })).createOneField;
  assert.deepEqual(plain.options.map((o: any) => o.value), ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5']);
  const options = [1, 2, 3, 4, 5].map((i) => ({ id: randomUUID(), label: String(i), value: `RATING_${i}`, position: i - 1 }));
  const sent = gqlData(await metadata(CREATE_FIELD, { input: { field: { objectMetadataId: gadgetId, type: 'RATING', name: 'score', label: 'Score', options } } })).createOneField;
  assert.deepEqual(sent.options.map((o: any) => [o.value, o.label]), options.map((o) => [o.value, o.label]));
  const bad = await metadata(CREATE_FIELD, { input: { field: { objectMetadataId: gadgetId, type: 'RATING', name: 'worse', label: 'Worse', options: [{ label: 'x', value: 'RATING_9', position: 0 }] } } });
  assert.equal(bad.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', bad.text);
  const read = await metadataRest('GET', `/fields/${plain.id}`);
  assert.equal(read.status, 200, read.text);
  const field = read.body.data?.field ?? read.body.data ?? read.body;
  assert.deepEqual(field.options.map((o: any) => o.value), ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5'], 'the field reads back with its options');
  const ok = gqlData(await api.gql('mutation { createGadget(data: {name: "rated", stars: RATING_3, score: RATING_5}) { stars score } }')).createGadget;
  assert.deepEqual([ok.stars, ok.score], ['RATING_3', 'RATING_5']);
  const rest = await api.rest('POST', '/gadgets', { name: 'badly rated', stars: 'RATING_6' });
  assertCleanError(rest, 400);
  assert.match(rest.body.messages[0], /"stars"/);
});
