// The REST router over HTTP on port 0, on a real Postgres workspace seeded by the compiler's
// fixture. The app mirrors the server's /rest mount: the JSON body, the router, then the error
// middleware with the REST renderer.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import express from 'express';
import { AppError } from '../../src/core/errors.ts';
import { renderRestError } from '../../src/api/error-response.ts';
import { createLogger } from '../../src/core/log.ts';
import { errorHandler } from '../../src/server/errors.ts';
import { jsonBody } from '../../src/server/json-body.ts';
import { createRestRouter } from '../../src/api/rest/router.ts';
import { ADMIN_PERMISSIONS } from '../../src/auth/permissions.ts';
import { buildModel, createWorkspaceSchema, id, seed } from '../helpers/query-fixture.ts';
import { createTestDatabase } from '../helpers/services.ts';

const model = buildModel();
const MISSING = '99999999-9999-4999-8999-999999999999';
const base = await listen();

async function listen(): Promise<string> {
  const { db } = await createTestDatabase();
  await createWorkspaceSchema(db, model);
  await seed(db, model);
  const app = express();
  app.use(
    '/rest',
    jsonBody(2_097_152),
    createRestRouter({
      resolveContext: async (req) => {
        if (req.get('authorization') !== 'Bearer test') throw new AppError('UNAUTHENTICATED', 'Missing or invalid bearer token.');
        return { db, model, actor: { source: 'API', workspaceMemberId: null, name: 'Test key' }, permissions: ADMIN_PERMISSIONS };
      },
      limits: { defaultLimit: 60, maxLimit: 200, maxRecordsFromRelation: 60, maxAffected: 100 },
    }),
  );
  app.use(errorHandler(createLogger('silent'), renderRestError));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest`;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, headers: { authorization: 'Bearer test', 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: await response.json() };
}

const q = encodeURIComponent;

async function fails(method: string, path: string, status: number, message: RegExp, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.statusCode, status);
  assert.match(res.body.messages[0], message);
  return res.body;
}

describe('REST reads', () => {
  test('GET /rest/companies lists live records with pageInfo and totalCount', async () => {
    const res = await call('GET', '/companies');
    assert.equal(res.status, 200);
    assert.equal(res.body.data.companies.length, 4);
    assert.equal(res.body.totalCount, 4);
    assert.equal(res.body.pageInfo.hasNextPage, false);
    assert.equal(typeof res.body.pageInfo.startCursor, 'string');
    assert.ok(res.body.data.companies.every((c: { companyId?: unknown; people?: unknown }) => c.people === undefined));
  });

  test('pages chain with starting_after and never repeat a record', async () => {
    const first = await call('GET', '/companies?limit=2&order_by=name');
    assert.equal(first.body.pageInfo.hasNextPage, true);
    const second = await call('GET', `/companies?limit=2&order_by=name&starting_after=${q(first.body.pageInfo.endCursor)}`);
    const names = [...first.body.data.companies, ...second.body.data.companies].map((c: { name: string }) => c.name);
    assert.equal(new Set(names).size, 4);
    assert.equal(second.body.pageInfo.hasNextPage, false);
  });

  test('filter and order_by select and sort records', async () => {
    const res = await call('GET', `/companies?filter=${q('or(name[eq]:"Acme",employees[lt]:20)')}&order_by=${q('employees[DescNullsLast]')}`);
    assert.deepEqual(
      res.body.data.companies.map((c: { name: string }) => c.name),
      ['Acme', `O'Brien "Quotes"; DROP TABLE x; --`],
    );
  });

  test('a filter on deletedAt includes soft-deleted records', async () => {
    const res = await call('GET', `/companies?filter=${q('deletedAt[is]:NOT_NULL')}`);
    assert.deepEqual(res.body.data.companies.map((c: { name: string }) => c.name), ['Deleted Co']);
  });

  test('GET by id returns the record; depth=1 embeds relations both ways', async () => {
    const person = await call('GET', `/people/${id('person', 1)}?depth=1`);
    assert.equal(person.status, 200);
    assert.equal(person.body.data.person.name.firstName, 'John');
    assert.equal(person.body.data.person.companyId, id('company', 1));
    assert.equal(person.body.data.person.company.name, 'Acme');
    const company = await call('GET', `/companies/${id('company', 1)}?depth=1`);
    assert.deepEqual(company.body.data.company.people.map((p: { name: { firstName: string } }) => p.name.firstName).sort(), ['Jane', 'John']);
    const flat = await call('GET', `/people/${id('person', 1)}`);
    assert.equal(flat.body.data.person.company, undefined);
  });

  test('fields projects the returned record', async () => {
    const res = await call('GET', `/people/${id('person', 1)}?fields=id,name.firstName,companyId`);
    assert.deepEqual(res.body.data.person, { id: id('person', 1), name: { firstName: 'John' }, companyId: id('company', 1) });
  });
});

describe('REST writes', () => {
  test('POST creates one record with 201 and stamps createdBy from the API key', async () => {
    const res = await call('POST', '/companies', { name: 'Hooli', employees: 9, domainName: { primaryLinkUrl: 'https://hooli.xyz' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.createCompany.name, 'Hooli');
    assert.equal(res.body.data.createCompany.createdBy.source, 'API');
  });

  test('POST /batch creates several records in order', async () => {
    const res = await call('POST', '/batch/companies', [{ name: 'Batch A' }, { name: 'Batch B' }]);
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.data.createCompanies.map((c: { name: string }) => c.name), ['Batch A', 'Batch B']);
  });

  test('PATCH and legacy PUT update one record', async () => {
    const patched = await call('PATCH', `/companies/${id('company', 3)}`, { tagline: 'patched' });
    assert.equal(patched.body.data.updateCompany.tagline, 'patched');
    const put = await call('PUT', `/companies/${id('company', 3)}`, { tagline: 'put' });
    assert.equal(put.body.data.updateCompany.tagline, 'put');
  });

  test('PATCH with a filter updates every match', async () => {
    const res = await call('PATCH', `/companies?filter=${q('name[startsWith]:"Batch"')}`, { employees: 3 });
    assert.deepEqual(res.body.data.updateCompanies.map((c: { employees: number }) => c.employees), [3, 3]);
  });

  test('soft delete hides a record until it is restored', async () => {
    const target = id('company', 4);
    const deleted = await call('DELETE', `/companies/${target}?soft_delete=true`);
    assert.deepEqual(deleted.body, { data: { deleteCompany: { id: target } } });
    await fails('GET', `/companies/${target}`, 404, /^Record not found$/);
    const restored = await call('PATCH', `/restore/companies/${target}`);
    assert.equal(restored.body.data.restoreCompany.id, target);
    assert.equal(restored.body.data.restoreCompany.deletedAt, null);
    assert.equal((await call('GET', `/companies/${target}`)).status, 200);
  });

  test('DELETE by id destroys the row by default', async () => {
    const created = await call('POST', '/companies', { name: 'Doomed' });
    const target = created.body.data.createCompany.id;
    const res = await call('DELETE', `/companies/${target}`);
    assert.deepEqual(res.body, { data: { deleteCompany: { id: target } } });
    const any = await call('GET', `/companies?filter=${q(`id[eq]:"${target}",or(deletedAt[is]:NULL,deletedAt[is]:NOT_NULL)`)}`);
    assert.equal(any.body.totalCount, 0);
  });

  test('bulk DELETE with a filter answers under deleteCompanies', async () => {
    const res = await call('DELETE', `/companies?filter=${q('name[startsWith]:"Batch"')}&soft_delete=true`);
    assert.equal(res.body.data.deleteCompanies.length, 2);
    const restored = await call('PATCH', `/restore/companies?filter=${q('name[startsWith]:"Batch"')}`);
    assert.equal(restored.body.data.restoreCompanies.length, 2);
  });
});

describe('REST errors', () => {
  test('a singular object name suggests the plural', async () => {
    const body = await fails('GET', '/company', 400, /^object 'company' not found\. Did you mean 'companies'\?$/);
    assert.equal(body.error, 'BadRequestException');
  });

  test('a bad id is a 400 and a missing record a 404 in Twenty’s shape', async () => {
    await fails('GET', '/companies/abc', 400, /^'abc' is not a valid UUID$/);
    const res = await call('GET', `/companies/${MISSING}`);
    assert.deepEqual(res, { status: 404, body: { statusCode: 404, error: 'NotFoundException', messages: ['Record not found'], code: 'NOT_FOUND' } });
    await fails('PATCH', `/companies/${MISSING}`, 404, /Record not found/, { name: 'x' });
    await fails('DELETE', `/companies/${MISSING}`, 404, /Record not found/);
  });

  test('bulk mutations without a filter are refused', async () => {
    await fails('DELETE', '/companies', 400, /^Filters are mandatory for bulk destroy operations/);
    await fails('DELETE', '/companies?soft_delete=true', 400, /^Filters are mandatory for bulk delete operations/);
    await fails('PATCH', '/companies', 400, /^Filters are mandatory for bulk update operations/, { name: 'x' });
  });

  test('unknown query parameters name the right one', async () => {
    await fails('GET', '/companies?after=abc', 400, /Unknown query parameter 'after'\. Did you mean 'starting_after'\?/);
    await fails('GET', '/companies?depth=2', 400, /'depth=2' parameter invalid/);
    await fails('GET', `/companies?filter=${q('name[regex]:"a"')}`, 400, /Operator 'regex' is not supported/);
    await fails('GET', '/companies?starting_after=garbage!', 400, /Invalid cursor/);
  });

  test('bad bodies are 400s: invalid JSON, wrong shape, unknown fields', async () => {
    await fails('POST', '/companies', 400, /not valid JSON/, '{"name": ');
    await fails('POST', '/companies', 400, /must be a JSON object/, [{ name: 'x' }]);
    await fails('POST', '/batch/companies', 400, /non-empty JSON array/, { name: 'x' });
    const res = await call('POST', '/companies', { nmae: 'x' });
    assert.equal(res.status, 400, JSON.stringify(res.body));
  });

  test('unsupported methods and paths are refused without a 500', async () => {
    const res = await call('POST', `/companies/${id('company', 1)}`, {});
    assert.equal(res.status, 405);
    assert.equal(res.body.error, 'MethodNotAllowedException');
    await fails('GET', '/companies/a/b', 400, /Query path '\/companies\/a\/b' invalid/);
  });

  test('requests without credentials are 401', async () => {
    const res = await call('GET', '/companies', undefined, { authorization: '' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'UnauthorizedException');
  });
});

describe('REST OpenAPI', () => {
  test('GET /rest/open-api/core describes the workspace, and the shared parts without credentials', async () => {
    const res = await call('GET', '/open-api/core');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    assert.ok(res.body.paths['/companies/{id}']);
    assert.equal(res.body.servers[0].url, `${base}`);
    const anonymous = await call('GET', '/open-api/core', undefined, { authorization: '' });
    assert.equal(anonymous.status, 200);
    assert.deepEqual(Object.keys(anonymous.body.paths).sort(), ['/apiKeys', '/webhooks'], 'no object without credentials; the deprecated aliases are the same for everyone');
  });
});
