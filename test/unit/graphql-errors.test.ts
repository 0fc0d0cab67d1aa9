import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphQLFormattedError } from 'graphql';
import { plan, planErrors } from '../fixtures/graphql/plan-request.ts';

function only(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError {
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.notEqual(errors[0].extensions?.code, 'INTERNAL_SERVER_ERROR');
  return errors[0];
}

test('a syntax error is GRAPHQL_PARSE_FAILED', () => {
  const error = only(planErrors(`{ people { `));
  assert.equal(error.extensions?.code, 'GRAPHQL_PARSE_FAILED');
});

test('an unknown field is GRAPHQL_VALIDATION_FAILED with a suggestion', () => {
  const error = only(planErrors(`{ people { edges { node { jobTitel } } } }`));
  assert.equal(error.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.match(error.message, /Did you mean "jobTitle"\?/);
});

test('an unknown filter field or operator is refused by validation', () => {
  assert.equal(only(planErrors(`{ people(filter: {jobTitle: {contains: "x"}}) { totalCount } }`)).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(only(planErrors(`{ people(filter: {nope: {eq: "x"}}) { totalCount } }`)).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
});

test('a bad enum value is refused, in a literal or in a variable', () => {
  assert.equal(only(planErrors(`{ opportunities(filter: {stage: {eq: LOST}}) { totalCount } }`)).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  const error = only(planErrors(`query($s: OpportunityStageEnum) { opportunities(filter: {stage: {eq: $s}}) { totalCount } }`, { s: 'LOST' }));
  assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
});

test('a malformed UUID or date is an input error, never a SQL error', () => {
  assert.equal(only(planErrors(`{ people(filter: {id: {eq: "not-a-uuid"}}) { totalCount } }`)).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(only(planErrors(`query($d: Date) { people(filter: {birthday: {eq: $d}}) { totalCount } }`, { d: '2024-13-45x' })).extensions?.code, 'BAD_USER_INPUT');
});

test('first and last together are refused', () => {
  const error = only(planErrors(`{ people(first: 1, last: 1) { totalCount } }`));
  assert.deepEqual([error.extensions?.code, error.extensions?.subCode], ['BAD_USER_INPUT', 'INVALID_QUERY_INPUT']);
  assert.deepEqual(error.path, ['people']);
});

test('negative page sizes and mixed directions are refused', () => {
  assert.equal(only(planErrors(`{ people(first: -1) { totalCount } }`)).extensions?.subCode, 'INVALID_QUERY_INPUT');
  assert.equal(only(planErrors(`{ people(first: 1, before: "eyJpZCI6MX0=") { totalCount } }`)).extensions?.subCode, 'INVALID_QUERY_INPUT');
});

test('a cursor that is not ours is INVALID_CURSOR', () => {
  const error = only(planErrors(`{ people(after: "%%%") { totalCount } }`));
  assert.deepEqual([error.extensions?.code, error.extensions?.subCode], ['BAD_USER_INPUT', 'INVALID_CURSOR']);
});

test('a query deeper than the limit is refused before any SQL', () => {
  const error = only(planErrors(`{ companies { edges { node { people { edges { node { company { name } } } } } } } }`, undefined, { maxDepth: 5 }));
  assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
  assert.match(error.message, /nested 8 levels deep; the limit is 5/);
});

test('depth counts fields inside fragments', () => {
  const query = `{ people { ...P } } fragment P on PersonConnection { edges { node { company { name } } } }`;
  assert.match(only(planErrors(query, undefined, { maxDepth: 4 })).message, /nested 5 levels/);
});

test('too many root fields or fields are refused', () => {
  const roots = Array.from({ length: 4 }, (_, i) => `a${i}: people { totalCount }`).join(' ');
  assert.match(only(planErrors(`{ ${roots} }`, undefined, { maxRootFields: 3 })).message, /4 root fields; the limit is 3/);
  assert.match(only(planErrors(`{ people { edges { node { id jobTitle } } } }`, undefined, { maxFields: 4 })).message, /selects 5 fields; the limit is 4/);
});

test('updateMany, deleteMany, destroyMany and restoreMany refuse an empty filter', () => {
  for (const field of ['updatePeople(filter: {}, data: {jobTitle: "x"})', 'deletePeople(filter: {and: []})', 'destroyPeople(filter: {or: []})', 'restorePeople(filter: {id: null})']) {
    const error = only(planErrors(`mutation { ${field} { id } }`));
    assert.equal(error.message, 'A non-empty filter is required');
    assert.deepEqual([error.extensions?.code, error.extensions?.subCode], ['BAD_USER_INPUT', 'INVALID_QUERY_INPUT']);
    assert.equal(typeof error.extensions?.userFriendlyMessage, 'string');
  }
});

test('findOne refuses an empty filter', () => {
  assert.equal(only(planErrors(`{ person(filter: {}) { id } }`)).extensions?.subCode, 'INVALID_QUERY_INPUT');
});

test('an unknown operation name or a subscription is refused', () => {
  const unknown = plan(`query A { people { totalCount } }`, undefined, {}, 'B');
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.equal(only(unknown.result.errors ?? []).extensions?.code, 'BAD_USER_INPUT');
  const subscription = only(planErrors(`subscription { people { totalCount } }`));
  assert.notEqual(subscription.extensions?.code, 'INTERNAL_SERVER_ERROR');
});

test('several operations need an operationName', () => {
  const error = only(planErrors(`query A { people { totalCount } } query B { companies { totalCount } }`));
  assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
});

test('selecting one connection part under two aliases is refused', () => {
  const error = only(planErrors(`{ people { a: totalCount b: totalCount } }`));
  assert.equal(error.extensions?.subCode, 'INVALID_QUERY_INPUT');
  assert.match(error.message, /"totalCount" is selected twice/);
});

test('createMany refuses more records than the affected-records limit', () => {
  const data = Array.from({ length: 3 }, () => ({ jobTitle: 'x' }));
  const error = only(planErrors(`mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id } }`, { d: data }, { maxAffected: 2 }));
  assert.equal(error.extensions?.subCode, 'INVALID_QUERY_INPUT');
});

test('a missing required create field is an input error', () => {
  const error = only(planErrors(`mutation($d: PersonCreateInput!) { createPerson(data: $d) { id } }`, { d: {} }));
  assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
});
