// The APIs over HTTP: user errors are 400s that name the problem (never 500, no SQL or stack),
// GraphQL-over-HTTP rules (GET queries, no GET mutations, graphql-response+json), duplicates
// and merge on both APIs, and the OpenAPI document validated by a real OpenAPI 3.1 validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { assertCleanError, gqlData, send, startApiServer, type ApiServer, type HttpResult } from '../helpers/api-server.ts';

const api: ApiServer = await startApiServer('Http');
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

function gqlError(result: HttpResult, pattern: RegExp): void {
  assertCleanError(result, 400);
  const messages = (result.body.errors as { message: string }[]).map((e) => e.message).join(' | ');
  assert.match(messages, pattern);
}

function restError(result: HttpResult, pattern: RegExp, code?: string): void {
  assertCleanError(result, 400);
  assert.equal(result.body.statusCode, 400);
  assert.match(result.body.messages.join(' | '), pattern);
  if (code) assert.equal(result.body.code, code);
}

const strict = { accept: GRAPHQL_RESPONSE };

test('bad filters, cursors, UUIDs, enum values and unknown fields are 400s naming the problem on GraphQL', async () => {
  gqlError(await api.gql('{ companies(filter: {nmae: {eq: "x"}}) { totalCount } }', {}, strict), /nmae/);
  gqlError(await api.gql('{ companies(after: "not-a-cursor") { totalCount } }', {}, strict), /[Ii]nvalid cursor/);
  gqlError(await api.gql('{ company(filter: {id: {eq: "nope"}}) { id } }', {}, strict), /UUID/);
  gqlError(await api.gql('{ opportunities(filter: {stage: {eq: WRONG}}) { totalCount } }', {}, strict), /WRONG/);
  gqlError(await api.gql('mutation { createCompany(data: {nmae: "x"}) { id } }', {}, strict), /nmae/);
  gqlError(await api.gql('{ companies { edges { node { nmae } } } }', {}, strict), /nmae/);
});

test('bad filters, cursors, UUIDs, enum values, unknown fields and unknown params are 400s naming the problem on REST', async () => {
  restError(await api.rest('GET', `/companies?filter=${encodeURIComponent('nmae[eq]:"x"')}`), /nmae/);
  restError(await api.rest('GET', `/companies?filter=${encodeURIComponent('name[eq:"x"')}`), /filter|\]/);
  restError(await api.rest('GET', '/companies?starting_after=not-a-cursor'), /[Ii]nvalid cursor/, 'INVALID_CURSOR');
  restError(await api.rest('GET', '/companies/nope'), /'nope' is not a valid UUID/);
  restError(await api.rest('GET', `/opportunities?filter=${encodeURIComponent('stage[eq]:"WRONG"')}`), /WRONG/);
  restError(await api.rest('POST', '/companies', { nmae: 'x' }), /nmae.*Did you mean "name"/);
  restError(await api.rest('POST', '/opportunities', { name: 'x', stage: 'WRONG' }), /WRONG/);
  restError(await api.rest('GET', '/companies?after=abc'), /starting_after/);
  restError(await api.rest('GET', '/companies?limit=-1'), /limit/);
});

test('GraphQL over HTTP: GET runs queries, refuses mutations with 405, and graphql-response+json gets 400 on a parse error', async () => {
  const viaGet = await api.gql('{ companies { totalCount } }', {}, { method: 'GET' });
  assert.equal(typeof gqlData(viaGet).companies.totalCount, 'number');
  const mutation = await api.gql('mutation { createCompany(data: {name: "x"}) { id } }', {}, { method: 'GET' });
  assertCleanError(mutation, 405);
  assert.equal(mutation.headers.get('allow'), 'POST');
  // Decided on the parsed operation: a leading comment, or a query beside a mutation with
  // operationName naming the mutation, is still refused, and nothing is written.
  const commented = await api.gql('# harmless\nmutation { createCompany(data: {name: "GET comment"}) { id } }', {}, { method: 'GET' });
  assertCleanError(commented, 405);
  const params = new URLSearchParams({ query: 'query Q { companies { totalCount } } mutation M { createCompany(data: {name: "GET named"}) { id } }', operationName: 'M' });
  const named = await send(`${api.server.url}/graphql?${params}`, { headers: { authorization: `Bearer ${api.token}` } });
  assertCleanError(named, 405);
  const written = gqlData(await api.gql('{ companies(filter: {name: {like: "GET %"}}) { totalCount } }'));
  assert.equal(written.companies.totalCount, 0);
  const typed = await api.gql('{ companies { totalCount } }', {}, strict);
  assert.equal(typed.status, 200);
  assert.match(typed.headers.get('content-type') ?? '', /^application\/graphql-response\+json/);
  const parseError = await api.gql('{ companies { ', {}, strict);
  assertCleanError(parseError, 400);
  assert.match(parseError.headers.get('content-type') ?? '', /^application\/graphql-response\+json/);
  assert.ok(parseError.body.errors.length > 0);
  const legacy = await api.gql('{ companies { ', {});
  assert.equal(legacy.status, 200, 'application/json keeps the legacy 200');
});

test('duplicates and merge agree on GraphQL and REST; merge re-points people and soft-deletes the others', async () => {
  const created = await api.rest('POST', '/batch/companies', [{ name: 'Twin' }, { name: 'Twin', employees: 7, domainName: { primaryLinkUrl: 'twin.io' } }, { name: 'Solo' }]);
  assert.equal(created.status, 201, created.text);
  const [a, b] = (created.body.data.createCompanies as { id: string }[]).map((c) => c.id);
  const viaGql = gqlData(await api.gql('query($ids: [UUID!]) { companyDuplicates(ids: $ids) { totalCount edges { node { id } } } }', { ids: [a] })).companyDuplicates;
  assert.deepEqual(viaGql[0].edges.map((e: { node: { id: string } }) => e.node.id), [b]);
  const viaRest = await api.rest('POST', '/companies/duplicates', { ids: [a] });
  assert.equal(viaRest.status, 200, viaRest.text);
  assert.equal(viaRest.body.data[0].totalCount, 1);
  assert.deepEqual(viaRest.body.data[0].companyDuplicates.map((c: { id: string }) => c.id), [b]);
  const byData = await api.rest('POST', '/companies/duplicates', { data: [{ domainName: { primaryLinkUrl: 'twin.io' } }] });
  assert.equal(byData.body.data[0].totalCount, 1);

  const person = await api.rest('POST', '/people', { name: { firstName: 'M', lastName: 'R' }, companyId: b });
  const dry = await api.rest('PATCH', '/companies/merge', { ids: [a, b], conflictPriorityIndex: 0, dryRun: true });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.body.data.mergeCompany.employees, 7, 'REST answers under merge<Singular>');
  assert.equal((await api.rest('GET', `/companies/${b}`)).status, 200, 'dry run writes nothing');
  const merged = gqlData(await api.gql('mutation($ids: [UUID!]!) { mergeCompanies(ids: $ids, conflictPriorityIndex: 0) { id employees domainName { primaryLinkUrl } } }', { ids: [a, b] })).mergeCompanies;
  assert.deepEqual(merged, { id: a, employees: 7, domainName: { primaryLinkUrl: 'twin.io' } });
  assert.equal((await api.rest('GET', `/companies/${b}`)).status, 404);
  const moved = await api.rest('GET', `/people/${person.body.data.createPerson.id}`);
  assert.equal(moved.body.data.person.companyId, a);
  const tooMany = await api.rest('PATCH', '/companies/merge', { ids: Array.from({ length: 10 }, () => a), conflictPriorityIndex: 0 });
  restError(tooMany, /between 2 and 9/);
  const missing = await api.rest('PATCH', '/companies/merge', { ids: [a, b], conflictPriorityIndex: 0 });
  assertCleanError(missing, 404);
});

test('/rest/open-api/core is a valid OpenAPI document', async () => {
  const doc = await api.rest('GET', '/open-api/core');
  assert.equal(doc.status, 200, doc.text);
  const result = await new Validator().validate(doc.body);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
});
