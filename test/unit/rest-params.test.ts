import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { encodeCursor } from '../../src/api/query/cursor.ts';
import { parseRestParams, type RestLimits, type RestRoute } from '../../src/api/rest/params.ts';
import { objectOf, restTestModel } from '../helpers/rest-model.ts';

const model = restTestModel();
const company = objectOf(model, 'company');
const limits: RestLimits = { defaultLimit: 60, maxLimit: 200, maxRecordsFromRelation: 60, maxAffected: 100 };
const parse = (query: Record<string, unknown>, route: RestRoute = 'findMany') => parseRestParams(route, query, company, limits);

function rejects(query: Record<string, unknown>, message: RegExp, route: RestRoute = 'findMany', code = 'BAD_USER_INPUT'): void {
  assert.throws(
    () => parse(query, route),
    (error: unknown) => error instanceof AppError && error.code === code && error.spec.http === 400 && message.test(error.message),
  );
}

describe('REST query parameters', () => {
  test('an empty query gives the defaults', () => {
    assert.deepEqual(parse({}), { limit: 60, depth: 0, upsert: false, softDelete: false, orderBy: [] });
  });

  test('limit is clamped to the maximum and may be zero', () => {
    assert.equal(parse({ limit: '5' }).limit, 5);
    assert.equal(parse({ limit: '0' }).limit, 0);
    assert.equal(parse({ limit: '100000' }).limit, 200);
    assert.equal(parse({ limit: '' }).limit, 60);
  });

  test('a negative, fractional or non-numeric limit is a 400', () => {
    for (const limit of ['-1', 'ten', '1.5', 'NaN', '1e3']) rejects({ limit }, /'limit=.*' is invalid; limit must be a whole number from 0 to 200/);
  });

  test('the default limit never exceeds the maximum', () => {
    assert.equal(parseRestParams('findMany', {}, company, { ...limits, defaultLimit: 500 }).limit, 200);
  });

  test('depth is 0 or 1, default 0', () => {
    assert.equal(parse({ depth: '1' }).depth, 1);
    assert.equal(parse({ depth: '0' }).depth, 0);
    rejects({ depth: '2' }, /'depth=2' parameter invalid\. Allowed values are 0, 1\./);
    rejects({ depth: 'x' }, /'depth=x' parameter invalid/);
  });

  test('cursors are decoded; a bad cursor is INVALID_CURSOR', () => {
    const cursor = encodeCursor({ id: '20202020-0000-4000-8000-000000000001' });
    assert.deepEqual(parse({ starting_after: cursor }).startingAfter, { values: { id: '20202020-0000-4000-8000-000000000001' } });
    assert.deepEqual(parse({ ending_before: cursor }).endingBefore, { values: { id: '20202020-0000-4000-8000-000000000001' } });
    rejects({ starting_after: 'not a cursor' }, /Invalid cursor/, 'findMany', 'INVALID_CURSOR');
    rejects({ starting_after: cursor, ending_before: cursor }, /either starting_after or ending_before, not both/);
  });

  test('filter, order_by and fields are parsed for the object', () => {
    const params = parse({ filter: 'name[eq]:"a"', order_by: 'name[DescNullsLast]', fields: 'id,name' });
    assert.deepEqual(params.filter, { kind: 'compare', field: 'name', op: 'eq', value: 'a' });
    assert.deepEqual(params.orderBy, [{ field: 'name', direction: 'DescNullsLast' }]);
    assert.deepEqual(params.fields, ['id', 'name']);
    assert.equal(parse({ filter: '  ' }).filter, undefined);
    rejects({ fields: 'id,nmae' }, /Field 'nmae' does not exist on object 'company' \(in fields\)\. Did you mean 'name'\?/);
  });

  test('flags take true or false', () => {
    assert.equal(parse({ upsert: 'true' }, 'createOne').upsert, true);
    assert.equal(parse({ soft_delete: 'TRUE' }, 'deleteOne').softDelete, true);
    assert.equal(parse({ soft_delete: 'false' }, 'deleteMany').softDelete, false);
    rejects({ upsert: 'yes' }, /'upsert=yes' is invalid; use true or false/, 'createOne');
  });

  test('a parameter given twice is a 400', () => {
    rejects({ limit: ['1', '2'] }, /'limit' was given more than once/);
  });

  test('the token parameter is accepted everywhere, for authentication', () => {
    assert.doesNotThrow(() => parse({ token: 'x' }, 'deleteOne'));
  });
});

describe('REST unknown query parameters', () => {
  const cases: [string, string][] = [
    ['after', 'starting_after'],
    ['cursor', 'starting_after'],
    ['offset', 'starting_after'],
    ['before', 'ending_before'],
    ['orderBy', 'order_by'],
    ['sort', 'order_by'],
    ['first', 'limit'],
    ['page_size', 'limit'],
    ['where', 'filter'],
    ['limt', 'limit'],
    ['fitler', 'filter'],
  ];
  for (const [given, meant] of cases) {
    test(`'${given}' is refused with a pointer to '${meant}'`, () => {
      rejects({ [given]: 'x' }, new RegExp(`Unknown query parameter '${given}'\\. Did you mean '${meant}'\\?`));
    });
  }

  test('pagination mix-ups explain how cursors chain pages', () => {
    rejects({ after: 'x' }, /pageInfo\.endCursor/);
  });

  test('a parameter with no close match lists the accepted ones', () => {
    rejects({ xyzzy: '1' }, /^Unknown query parameter 'xyzzy'\. Accepted here: filter, order_by, limit, starting_after, ending_before, depth, fields, token\.$/);
  });

  test("a known parameter on a route that does not take it says so", () => {
    rejects({ limit: '5' }, /Query parameter 'limit' is not accepted by this route\. Accepted here: depth, fields, token\./, 'findOne');
    rejects({ soft_delete: 'true' }, /not accepted by this route/, 'findMany');
    rejects({ softDelete: 'true' }, /Did you mean 'soft_delete'\?/, 'deleteOne');
  });

  test('a suggestion the route does not accept is not offered', () => {
    rejects({ after: 'x' }, /^Unknown query parameter 'after'\. Accepted here: depth, fields, token\.$/, 'findOne');
  });
});
