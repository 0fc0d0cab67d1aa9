import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { filterMentions, parseRestFilter } from '../../src/api/rest/filter-param.ts';
import { objectOf, restTestModel } from '../helpers/rest-model.ts';

const model = restTestModel();
const company = objectOf(model, 'company');
const person = objectOf(model, 'person');
const ID1 = '20202020-0000-4000-8000-000000000001';
const ID2 = '20202020-0000-4000-8000-000000000002';

function rejects(text: string, message: RegExp, object = company): AppError {
  try {
    parseRestFilter(object, text);
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.spec.http, 400);
    assert.match(error.message, message);
    return error;
  }
  assert.fail(`filter ${text} was accepted`);
}

describe('REST filter terms', () => {
  test('a term becomes one comparison with a typed value', () => {
    assert.deepEqual(parseRestFilter(company, 'employees[gte]:50'), { kind: 'compare', field: 'employees', op: 'gte', value: 50 });
    assert.deepEqual(parseRestFilter(company, 'name[eq]:"Acme"'), { kind: 'compare', field: 'name', op: 'eq', value: 'Acme' });
  });

  test('dotted paths address composite sub-fields', () => {
    assert.deepEqual(parseRestFilter(person, 'name.firstName[eq]:"John"'), {
      kind: 'compare',
      field: 'name',
      subField: 'firstName',
      op: 'eq',
      value: 'John',
    });
  });

  test('a relation id filter targets the relation field', () => {
    assert.deepEqual(parseRestFilter(person, `companyId[eq]:"${ID1}"`), { kind: 'compare', field: 'company', op: 'eq', value: ID1 });
  });

  test('lists are JSON-style and typed per item', () => {
    assert.deepEqual(parseRestFilter(company, `id[in]:["${ID1}", "${ID2}"]`).valueOf(), { kind: 'compare', field: 'id', op: 'in', value: [ID1, ID2] });
    assert.deepEqual(parseRestFilter(company, 'employees[in]:[1,2.5,-3]'), { kind: 'compare', field: 'employees', op: 'in', value: [1, 2.5, -3] });
    assert.deepEqual(parseRestFilter(company, 'id[in]:[]'), { kind: 'compare', field: 'id', op: 'in', value: [] });
  });

  test('is takes NULL or NOT_NULL, quoted or not, in any case', () => {
    for (const text of ['deletedAt[is]:NULL', 'deletedAt[is]:"NULL"', 'deletedAt[is]:null']) {
      assert.deepEqual(parseRestFilter(company, text), { kind: 'compare', field: 'deletedAt', op: 'is', value: 'NULL' });
    }
    assert.deepEqual(parseRestFilter(company, "name[is]:'NOT_NULL'"), { kind: 'compare', field: 'name', op: 'is', value: 'NOT_NULL' });
  });

  test('booleans, dates, enums, big numbers and bare text are typed by the field', () => {
    const value = (object: typeof company, text: string) => (parseRestFilter(object, text) as { value: unknown }).value;
    assert.equal(value(company, 'idealCustomerProfile[eq]:true'), true);
    assert.equal(value(company, 'idealCustomerProfile[eq]:"FALSE"'), false);
    assert.equal(value(company, 'createdAt[gte]:2024-01-01T00:00:00.000Z'), '2024-01-01T00:00:00.000Z');
    assert.equal(value(company, 'stage[eq]:CUSTOMER'), 'CUSTOMER');
    assert.equal(value(company, 'annualRecurringRevenue.amountMicros[gt]:12345678901234567890'), '12345678901234567890');
    assert.equal(value(company, 'name[eq]:Acme Corp'), 'Acme Corp');
    assert.equal(value(company, 'name[eq]:42'), '42');
    assert.equal(value(company, 'employees[eq]:"42"'), 42);
    assert.equal(value(company, 'createdBy.source[eq]:API'), 'API');
    assert.deepEqual(value(person, 'tags[containsAny]:["VIP"]'), ['VIP']);
  });

  test('every REST operator is accepted on a field whose kind allows it', () => {
    const cases: [string, unknown][] = [
      ['name[eq]:"a"', 'a'],
      ['name[neq]:"a"', 'a'],
      ['name[in]:["a"]', ['a']],
      ['name[is]:NULL', 'NULL'],
      ['name[gt]:"a"', 'a'],
      ['name[gte]:"a"', 'a'],
      ['name[lt]:"a"', 'a'],
      ['name[lte]:"a"', 'a'],
      ['name[startsWith]:"a"', 'a'],
      ['name[endsWith]:"a"', 'a'],
      ['name[like]:"%a%"', '%a%'],
      ['name[ilike]:"%A%"', '%A%'],
      ['extra[like]:"%k%"', '%k%'],
    ];
    for (const [text, expected] of cases) assert.deepEqual((parseRestFilter(company, text) as { value: unknown }).value, expected, text);
    assert.deepEqual((parseRestFilter(person, 'tags[containsAny]:["VIP","PARTNER"]') as { value: unknown }).value, ['VIP', 'PARTNER']);
  });
});

describe('REST filter quoting', () => {
  test('double-quoted values keep commas, parentheses and brackets', () => {
    assert.equal((parseRestFilter(company, 'name[eq]:"a, (b) [c]"') as { value: unknown }).value, 'a, (b) [c]');
  });

  test('escapes in quoted values are decoded', () => {
    const value = (parseRestFilter(company, String.raw`name[eq]:"say \"hi\"\\ \u00e9\n"`) as { value: unknown }).value;
    assert.equal(value, 'say "hi"\\ é\n');
    assert.equal((parseRestFilter(company, String.raw`name[eq]:'it\'s'`) as { value: unknown }).value, "it's");
  });

  test('whitespace around tokens is ignored', () => {
    assert.deepEqual(parseRestFilter(company, ' and( name [ eq ] : "a" , employees[gt]: 3 ) '), {
      kind: 'and',
      children: [
        { kind: 'compare', field: 'name', op: 'eq', value: 'a' },
        { kind: 'compare', field: 'employees', op: 'gt', value: 3 },
      ],
    });
  });
});

describe('REST filter conjunctions', () => {
  test('several top-level conditions are and-ed', () => {
    assert.deepEqual(parseRestFilter(company, 'name[eq]:"a",employees[lt]:5'), {
      kind: 'and',
      children: [
        { kind: 'compare', field: 'name', op: 'eq', value: 'a' },
        { kind: 'compare', field: 'employees', op: 'lt', value: 5 },
      ],
    });
  });

  test('and, or and not nest', () => {
    const parsed = parseRestFilter(company, 'or(and(name[eq]:"a",employees[gt]:1),not(stage[eq]:LEAD),deletedAt[is]:NOT_NULL)');
    assert.deepEqual(parsed, {
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            { kind: 'compare', field: 'name', op: 'eq', value: 'a' },
            { kind: 'compare', field: 'employees', op: 'gt', value: 1 },
          ],
        },
        { kind: 'not', child: { kind: 'compare', field: 'stage', op: 'eq', value: 'LEAD' } },
        { kind: 'compare', field: 'deletedAt', op: 'is', value: 'NOT_NULL' },
      ],
    });
  });

  test('a field may be named like a conjunction when no parenthesis follows', () => {
    assert.throws(() => parseRestFilter(company, 'and[eq]:1'), /Field 'and' does not exist/);
  });

  test('filterMentions finds a field anywhere in the tree', () => {
    assert.equal(filterMentions(parseRestFilter(company, 'or(name[eq]:"a",not(deletedAt[is]:NULL))'), 'deletedAt'), true);
    assert.equal(filterMentions(parseRestFilter(company, 'name[eq]:"a"'), 'deletedAt'), false);
    assert.equal(filterMentions(undefined, 'deletedAt'), false);
  });
});

describe('REST filter errors', () => {
  test('an unknown field names the field and object and suggests the closest', () => {
    const error = rejects('nmae[eq]:"a"', /Field 'nmae' does not exist on object 'company' \(in filter at character 1\)\. Did you mean 'name'\?/);
    assert.deepEqual(error.details?.field, 'nmae');
  });

  test('an unknown sub-field lists the right ones', () => {
    rejects('name.frstName[eq]:"a"', /Sub-field 'frstName' does not exist on field 'name' \(FullName\).*Did you mean 'firstName'\?/, person);
  });

  test('an unsupported operator is named with the supported list', () => {
    rejects('name[regex]:"a"', /Operator 'regex' is not supported \(in filter at character 6\)\..*Supported operators: eq, neq, in, containsAny, is, gt/);
    rejects('name[equals]:"a"', /Did you mean 'eq'\?/);
  });

  test("an operator the field's kind does not allow is a 400 listing the allowed ones", () => {
    rejects('idealCustomerProfile[gt]:true', /Operator 'gt' cannot be used on 'idealCustomerProfile'.*Operators for this field: eq, is\./);
    rejects('tags[eq]:"VIP"', /Operator 'eq' cannot be used on 'tags'/, person);
  });

  test('syntax errors say at which character they happened', () => {
    rejects('name[eq]"a"', /at character 9: expected ':' after 'name\[eq\]'/);
    rejects('name:"a"', /at character 5: expected '\[' after 'name'/);
    rejects('name[eq:"a"', /at character 8: expected '\]'/);
    rejects('and(name[eq]:"a"', /at character 17: expected '\)' after the conditions of 'and\(' opened at character 1/);
    rejects('name[eq]:"a")', /at character 13: unexpected '\)'/);
    rejects('name[eq]:"abc', /at character 10: this quoted value is never closed/);
    rejects('name[eq]:', /at character 10: expected a value/);
    rejects('', /at character 1: expected a field name/);
    rejects('name[eq]:"a",', /at character 14: expected a field name/);
    rejects(String.raw`name[eq]:"a\q"`, /unknown escape '\\q'/);
    rejects('id[in]:["a" "b"]', /expected ',' or '\]' in the list opened at character 8/);
    rejects('id[in]:[[1]]', /lists cannot be nested/);
  });

  test('not takes exactly one condition', () => {
    rejects('not(name[eq]:"a",employees[eq]:1)', /not\(…\) takes exactly one condition, got 2/);
  });

  test('values that do not fit the field are 400s', () => {
    rejects('id[eq]:"abc"', /'abc' is not a valid UUID for 'id'/);
    rejects('employees[gt]:many', /'many' is not a number/);
    rejects('idealCustomerProfile[eq]:yes', /'yes' is not a boolean/);
    rejects('createdAt[gt]:yesterday', /'yesterday' is not a valid date/);
    rejects('stage[eq]:CUSTOMR', /'CUSTOMR' is not an option of 'stage' \(in filter at character 11\)\. Did you mean 'CUSTOMER'\?/);
    rejects('name[is]:EMPTY', /Operator 'is' takes NULL or NOT_NULL/);
    rejects('name[in]:"a"', /Operator 'in' takes a list/);
    rejects('name[eq]:["a"]', /takes a single value; use 'name\[in\]/);
    rejects('name[eq]:null', /use 'name\[is\]:NULL'/);
  });

  test('relations and bare composites must be addressed by a column', () => {
    rejects('company[eq]:"x"', /Field 'company' is a relation; use 'companyId' instead/, person);
    rejects('people[eq]:"x"', /one-to-many relation/);
    rejects('name[eq]:"x"', /Field 'name' is composite; name one of its sub-fields: name.firstName, name.lastName/, person);
    rejects('city.x[eq]:"x"', /Field 'city' is not a composite field/, person);
    rejects('searchVector[eq]:"x"', /Operators for this field: none/);
  });

  test('nesting deeper than the limit is refused, not a stack overflow', () => {
    rejects(`${'and('.repeat(40)}name[eq]:"a"${')'.repeat(40)}`, /nested more than 32 deep/);
    rejects('and('.repeat(100000), /nested more than 32 deep/);
  });

  test('random input never escapes as anything but a 400', () => {
    const alphabet = 'aein[]():,."\\\'q0-1 NUL';
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 24);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      try {
        parseRestFilter(company, `name[eq]:${text}`);
        parseRestFilter(company, text);
      } catch (error) {
        assert.ok(error instanceof AppError && error.spec.http === 400, `${JSON.stringify(text)} threw ${String(error)}`);
      }
    }
  });
});
