import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { parseRestOrderBy } from '../../src/api/rest/order-param.ts';
import { objectOf, restTestModel } from '../helpers/rest-model.ts';

const model = restTestModel();
const company = objectOf(model, 'company');
const person = objectOf(model, 'person');

function rejects(object: typeof company, text: string, message: RegExp): void {
  assert.throws(
    () => parseRestOrderBy(object, text),
    (error: unknown) => error instanceof AppError && error.code === 'BAD_USER_INPUT' && error.spec.http === 400 && message.test(error.message),
  );
}

test('terms keep their order and default to AscNullsFirst', () => {
  assert.deepEqual(parseRestOrderBy(company, 'createdAt[DescNullsLast],name,employees[AscNullsLast]'), [
    { field: 'createdAt', direction: 'DescNullsLast' },
    { field: 'name', direction: 'AscNullsFirst' },
    { field: 'employees', direction: 'AscNullsLast' },
  ]);
});

test('dotted terms order by a composite sub-field', () => {
  assert.deepEqual(parseRestOrderBy(person, 'name.firstName[AscNullsLast], name.lastName[DescNullsFirst]'), [
    { field: 'name', subField: 'firstName', direction: 'AscNullsLast' },
    { field: 'name', subField: 'lastName', direction: 'DescNullsFirst' },
  ]);
});

test('an empty order_by orders by id only', () => {
  assert.deepEqual(parseRestOrderBy(company, ''), []);
});

test('a bare composite field is a 400 that lists its sub-fields', () => {
  rejects(person, 'name', /Field 'name' is composite; name one of its sub-fields: name.firstName, name.lastName/);
});

test('an unknown field is a 400 with a suggestion', () => {
  rejects(company, 'emploees[AscNullsFirst]', /Field 'emploees' does not exist on object 'company' \(in order_by\)\. Did you mean 'employees'\?/);
});

test('an unknown direction is a 400 naming the valid ones', () => {
  rejects(company, 'name[Ascending]', /Invalid order_by direction 'Ascending' in 'name\[Ascending\]'\..*Directions: AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast/);
  rejects(company, 'name[desc]', /Did you mean 'DescNullsLast'\?/);
  rejects(company, 'name[AscNullFirst]', /Did you mean 'AscNullsFirst'\?/);
});

test('fields that cannot be ordered are refused', () => {
  rejects(company, 'people', /one-to-many relation/);
  rejects(person, 'company', /is a relation; use 'companyId'/);
  rejects(person, 'companyId', /cannot be used to order records/);
  rejects(company, 'extra', /cannot be used to order records/);
  rejects(company, 'domainName.secondaryLinks', /cannot be used to order records/);
});

test('malformed terms and empty items are 400s', () => {
  rejects(company, 'name[AscNullsFirst', /Invalid order_by term 'name\[AscNullsFirst'/);
  rejects(company, 'name,,employees', /order_by term 2 is empty/);
  rejects(company, 'na me', /Invalid order_by term/);
});
