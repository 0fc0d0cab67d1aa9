import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchemaCache, schemaFingerprint } from '../../src/api/graphql/cache.ts';
import { createDocumentCache } from '../../src/api/graphql/document-cache.ts';
import { buildWorkspaceSchema } from '../../src/api/graphql/schema.ts';
import { field, smallModel } from '../fixtures/graphql/small-model.ts';

test('workspaces with identical metadata share one schema object', () => {
  const cache = createSchemaCache({ max: 5 });
  const a = smallModel();
  const b = { ...smallModel(), workspaceId: '20202020-0000-4000-8000-00000000000b', schema: 'workspace_other', version: 7 };
  assert.equal(cache.get(a), cache.get(b));
  assert.deepEqual(cache.stats(), { hits: 1, misses: 1, size: 1 });
});

test('a metadata change gives a new schema', () => {
  const cache = createSchemaCache({ max: 5 });
  const before = smallModel();
  const after = smallModel();
  after.objects[0].fields.push(field('tagline', 'TEXT'));
  assert.notEqual(schemaFingerprint(before), schemaFingerprint(after));
  assert.notEqual(cache.get(before), cache.get(after));
});

test('labels and ids do not change the fingerprint', () => {
  const relabelled = smallModel();
  relabelled.objects[0].labelSingular = 'Firm';
  relabelled.objects[0].fields[0].id = 'another-id';
  assert.equal(schemaFingerprint(relabelled), schemaFingerprint(smallModel()));
});

test('the schema cache evicts the least recently used schema beyond its bound', () => {
  const cache = createSchemaCache({ max: 2 });
  const models = [0, 1, 2].map((i) => {
    const model = smallModel();
    model.objects[0].fields.push(field(`extra${i}`, 'TEXT'));
    return model;
  });
  const first = cache.get(models[0]);
  cache.get(models[1]);
  cache.get(models[0]);
  cache.get(models[2]);
  assert.equal(cache.stats().size, 2);
  assert.equal(cache.get(models[0]), first, 'recently used schema kept');
  const misses = cache.stats().misses;
  cache.get(models[1]);
  assert.equal(cache.stats().misses, misses + 1, 'least recently used schema was evicted');
});

test('the document cache parses and validates a document once per schema', () => {
  const documents = createDocumentCache({ max: 2 });
  const schema = buildWorkspaceSchema(smallModel());
  const text = '{ people { totalCount } }';
  const first = documents.prepare(schema, text);
  assert.equal(documents.prepare(schema, text), first);
  assert.deepEqual(documents.stats(), { hits: 1, misses: 1, size: 1 });
  documents.prepare(buildWorkspaceSchema(smallModel()), text);
  assert.equal(documents.stats().misses, 2, 'another schema validates again');
  documents.prepare(schema, '{ companies { totalCount } }');
  assert.equal(documents.stats().size, 2);
});

test('documents that fail validation are cached as failures', () => {
  const documents = createDocumentCache({ max: 2 });
  const schema = buildWorkspaceSchema(smallModel());
  const result = documents.prepare(schema, '{ nope }');
  assert.equal(result.ok, false);
  assert.equal(documents.prepare(schema, '{ nope }'), result);
});
