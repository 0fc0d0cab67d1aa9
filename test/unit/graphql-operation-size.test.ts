import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIntrospectionQuery, getOperationAST, Kind, parse, type FragmentDefinitionNode } from 'graphql';
import { measureOperation, sizeLimitMessage } from '../../src/api/graphql/operation-size.ts';

function size(query: string) {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const operation = getOperationAST(document);
  assert.ok(operation);
  return measureOperation(operation, fragments);
}

const LIMITS = { maxDepth: 12, maxFields: 2000, maxRootFields: 20 };

test('the standard introspection query from graphql-js is within the default limits', () => {
  for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
    const measured = size(getIntrospectionQuery(options));
    assert.equal(sizeLimitMessage(measured, LIMITS), undefined, JSON.stringify(measured));
    assert.equal(measured.introspectionFanOut, 3);
  }
});

test('ofType chains add no depth inside introspection, and still count as fields', () => {
  const measured = size('{ __type(name: "Company") { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } }');
  assert.equal(measured.depth, 4);
  assert.equal(measured.fields, 8);
});

test('an introspection query that nests types, fields and fields again is refused for its fan-out', () => {
  const measured = size('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
  assert.equal(measured.introspectionFanOut, 4);
  assert.match(sizeLimitMessage(measured, LIMITS) ?? '', /nests 4 lists .* the limit is 3/);
});

test('data depth is unchanged: a relation chain deeper than the limit is still refused', () => {
  const measured = size('{ companies { edges { node { people { edges { node { company { people { edges { node { company { people { totalCount } } } } } } } } } } } } }');
  assert.equal(measured.introspectionFanOut, 0);
  assert.match(sizeLimitMessage(measured, LIMITS) ?? '', /nested 13 levels deep; the limit is 12/);
});

test('a field named ofType or fields outside introspection counts as data', () => {
  const measured = size('{ ofType { fields { ofType { name } } } }');
  assert.deepEqual([measured.depth, measured.introspectionFanOut], [4, 0]);
});
