// Validates the generated document structurally with ajv (the installed validator): a minimal
// OpenAPI 3.1 meta-schema written here, every component schema compiled as JSON Schema
// 2020-12 (the 3.1 dialect), and every $ref resolved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildOpenApiDocument } from '../../src/api/rest/openapi.ts';
import { buildMetadataOpenApiDocument } from '../../src/api/rest/openapi-metadata.ts';
import { restTestModel } from '../helpers/rest-model.ts';

const model = restTestModel();
const doc = buildOpenApiDocument(model, 'http://localhost:3000/rest') as Record<string, any>;

const ref = { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string', pattern: '^#/components/' } } };
const parameter = {
  anyOf: [
    ref,
    {
      type: 'object',
      required: ['name', 'in', 'schema'],
      properties: { name: { type: 'string' }, in: { enum: ['query', 'path', 'header', 'cookie'] }, required: { type: 'boolean' } },
      if: { properties: { in: { const: 'path' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable
      then: { required: ['required'], properties: { required: { const: true } } },
    },
  ],
};
const operation = {
  type: 'object',
  required: ['operationId', 'responses'],
  properties: {
    operationId: { type: 'string' },
    parameters: { type: 'array', items: parameter },
    requestBody: { type: 'object', required: ['content'] },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[1-5][0-9]{2}$' },
      additionalProperties: { anyOf: [ref, { type: 'object', required: ['description'] }] },
    },
  },
};
const META_SCHEMA = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    servers: { type: 'array', items: { type: 'object', required: ['url'] } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: ['parameters', 'get', 'put', 'post', 'delete', 'patch', 'summary', 'description'] },
        properties: { parameters: { type: 'array', items: parameter } },
        patternProperties: { '^(get|put|post|delete|patch)$': operation },
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object' },
        parameters: { type: 'object', additionalProperties: parameter },
        securitySchemes: { type: 'object', additionalProperties: { type: 'object', required: ['type'] } },
      },
    },
    security: { type: 'array' },
  },
};

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refs(value, out);
    }
  }
  return out;
}

test('the document validates against the OpenAPI 3.1 meta-schema', () => {
  const ajv = new Ajv2020({ allErrors: true });
  const validate = ajv.compile(META_SCHEMA);
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
});

test('every component schema is valid JSON Schema 2020-12 and every $ref resolves', () => {
  const ajv = new Ajv2020({ strict: false, formats: { uuid: true, date: true, 'date-time': true } });
  ajv.addSchema({ $id: 'https://twenty.test/openapi.json', components: doc.components });
  for (const name of Object.keys(doc.components.schemas)) ajv.compile({ $ref: `https://twenty.test/openapi.json#/components/schemas/${name}` });
  for (const target of refs(doc)) {
    const resolved = target.slice(2).split('/').reduce((node: any, key) => node?.[key], doc);
    assert.ok(resolved, `${target} does not resolve`);
  }
});

test('every object gets every route with a unique operationId', () => {
  for (const plural of ['companies', 'people', 'notes', 'noteTargets']) {
    const routes = [`/${plural}`, `/${plural}/{id}`, `/batch/${plural}`, `/${plural}/{id}/restore`, `/${plural}/restore`, `/${plural}/duplicates`, `/${plural}/merge`];
    for (const path of [...routes, `/restore/${plural}/{id}`, `/restore/${plural}`]) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
  }
  const ids = Object.values(doc.paths).flatMap((item: any) => ['get', 'post', 'patch', 'delete'].filter((m) => item[m]).map((m) => item[m].operationId));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.includes('findManyCompanies') && ids.includes('createOnePerson') && ids.includes('restoreManyNotes'));
});

test('the 2.43 restore routes are current and the legacy restore paths deprecated', () => {
  assert.equal(doc.paths['/people/{id}/restore'].patch.operationId, 'restoreOnePerson');
  assert.equal(doc.paths['/people/{id}/restore'].patch.deprecated, undefined);
  assert.equal(doc.paths['/people/restore'].patch.operationId, 'restoreManyPeople');
  assert.equal(doc.paths['/restore/people/{id}'].patch.deprecated, true);
  assert.equal(doc.paths['/restore/people'].patch.deprecated, true);
});

test('create, batch create and restore document fields=; merge answers under merge<Singular>; duplicates one entry per input', () => {
  const names = (op: { parameters: { $ref: string }[] }) => op.parameters.map((p) => p.$ref.split('/').pop());
  for (const op of [doc.paths['/people'].post, doc.paths['/batch/people'].post, doc.paths['/people/{id}/restore'].patch, doc.paths['/people/restore'].patch]) {
    assert.ok(names(op).includes('fields'), op.operationId);
  }
  const merge = doc.paths['/people/merge'].patch.responses['200'].content['application/json'].schema;
  assert.deepEqual(merge.properties.data.required, ['mergePerson']);
  const duplicates = doc.paths['/people/duplicates'].post.responses['200'].content['application/json'].schema;
  assert.deepEqual(duplicates.properties.data.items.required, ['personDuplicates', 'totalCount', 'pageInfo']);
});

test('the deprecated /webhooks and /apiKeys are plain arrays of schemas that hold no secret or token', () => {
  for (const [path, schema] of [['/webhooks', 'Webhook'], ['/apiKeys', 'ApiKey']]) {
    const get = doc.paths[path].get;
    assert.equal(get.deprecated, true);
    assert.deepEqual(get.responses['200'].content['application/json'].schema, { type: 'array', items: { $ref: `#/components/schemas/${schema}` } });
    const properties = Object.keys(doc.components.schemas[schema].properties);
    assert.ok(!properties.some((p) => /secret|token|hash/i.test(p)), properties.join());
    assert.equal(doc.components.schemas[schema].additionalProperties, false);
  }
});

test('the metadata document validates and lists every list route with the one page envelope', () => {
  const meta = buildMetadataOpenApiDocument('http://localhost:3000/rest/metadata') as Record<string, any>;
  const ajv = new Ajv2020({ allErrors: true });
  // <unknown>: a validator typed from the meta-schema would narrow `meta` to it.
  const validate = ajv.compile<unknown>(META_SCHEMA);
  assert.ok(validate(meta), JSON.stringify(validate.errors, null, 2));
  for (const path of ['/objects', '/fields', '/webhooks', '/apiKeys']) {
    const schema = meta.paths[path].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(schema.required, ['data', 'pageInfo', 'totalCount'], path);
    assert.deepEqual(meta.paths[path].get.parameters.map((p: { name: string }) => p.name), ['limit', 'starting_after', 'ending_before']);
  }
  assert.deepEqual(Object.keys(meta.paths['/apiKeys']), ['get'], 'API keys are read here, minted on /metadata');
  assert.deepEqual(Object.keys(meta.paths['/apiKeys/{id}']), ['parameters', 'get']);
  for (const target of refs(meta)) assert.ok(target.slice(2).split('/').reduce((node: any, key) => node?.[key], meta), `${target} does not resolve`);
});

test('list operations document the filter, order_by, paging and depth parameters and bearer security', () => {
  const params = doc.paths['/companies'].get.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop());
  assert.deepEqual(params, ['filter', 'order_by', 'limit', 'starting_after', 'ending_before', 'depth', 'fields']);
  assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
  assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
  assert.equal(doc.servers[0].url, 'http://localhost:3000/rest');
});

test('record schemas accept what the API returns and create schemas require mandatory fields', () => {
  const ajv = new Ajv2020({ strict: false, formats: { uuid: true, date: true, 'date-time': true } });
  ajv.addSchema({ $id: 'https://twenty.test/openapi.json', components: doc.components });
  const record = ajv.compile({ $ref: 'https://twenty.test/openapi.json#/components/schemas/PersonForResponse' });
  const person = {
    id: '20202020-0000-4000-8000-000000000001',
    name: { firstName: 'Ada', lastName: null },
    city: null,
    companyId: null,
    company: null,
    tags: ['VIP'],
  };
  assert.ok(record(person), JSON.stringify(record.errors));
  assert.equal(record({ ...person, tags: ['NOPE'] }), false);
  assert.deepEqual(doc.components.schemas.Company.required, ['tagline']);
  assert.ok(!('searchVector' in doc.components.schemas.Company.properties));
  assert.ok(!('workspaceMemberId' in doc.components.schemas.Company.properties.createdBy.properties));
  assert.ok('companyId' in doc.components.schemas.PersonForUpdate.properties);
});

test('the list envelope carries data, pageInfo and totalCount', () => {
  const schema = doc.paths['/companies'].get.responses['200'].content['application/json'].schema;
  assert.deepEqual(schema.required, ['data', 'pageInfo', 'totalCount']);
  assert.deepEqual(schema.properties.data.properties.companies.items, { $ref: '#/components/schemas/CompanyForResponse' });
});

test('an empty model still gives a valid document', () => {
  const empty = buildOpenApiDocument({ ...model, objects: [] }, 'http://x/rest');
  assert.ok(new Ajv2020().compile(META_SCHEMA)(empty));
});
