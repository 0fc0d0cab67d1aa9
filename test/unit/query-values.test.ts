import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceValue, type ValueTarget } from '../../src/api/query/values.ts';
import { AppError } from '../../src/core/errors.ts';
import { fieldColumns } from '../../src/metadata/field-types.ts';
import { findField, findObject, type ObjectModel } from '../../src/metadata/model.ts';
import { buildModel } from '../helpers/query-fixture.ts';

const model = buildModel();

function target(objectName: string, path: string): ValueTarget {
  const [fieldName, sub] = path.split('.');
  const object = findObject(model, objectName) as ObjectModel;
  const field = findField(object, fieldName);
  assert.ok(field);
  const column = fieldColumns(field).find((c) => (sub ? c.subField?.name === sub : true));
  assert.ok(column);
  return { object, field, column };
}

function refused(objectName: string, path: string, value: unknown, message: RegExp): void {
  assert.throws(
    () => coerceValue(target(objectName, path), value),
    (error: unknown) => error instanceof AppError && error.code === 'BAD_USER_INPUT' && error.message.includes(`"${path}"`) && message.test(error.message),
    `${path} = ${String(value)}`,
  );
}

test('valid values pass through as parameters', () => {
  assert.equal(coerceValue(target('company', 'id'), '00000000-0000-4000-8000-00000001000A'), '00000000-0000-4000-8000-00000001000A');
  assert.equal(coerceValue(target('company', 'employees'), '42'), 42);
  assert.equal(coerceValue(target('company', 'valuation'), 1.5), '1.5');
  assert.equal(coerceValue(target('company', 'valuation'), '12345678901234567890.5'), '12345678901234567890.5');
  assert.equal(coerceValue(target('company', 'foundedOn'), '2024-02-29'), '2024-02-29');
  assert.equal(coerceValue(target('company', 'createdAt'), '2024-01-31T12:00:00'), '2024-01-31T12:00:00Z');
  assert.equal(coerceValue(target('company', 'createdAt'), '2024-01-31'), '2024-01-31T00:00:00Z');
  assert.equal(coerceValue(target('company', 'createdAt'), '2024-01-31T12:00:00.123456+02:00'), '2024-01-31T12:00:00.123456+02:00');
  assert.deepEqual(coerceValue(target('company', 'tags'), ['B2B']), ['B2B']);
  assert.equal(coerceValue(target('company', 'rating'), 'RATING_1'), 'RATING_1');
  assert.equal(coerceValue(target('company', 'createdBy.source'), 'WORKFLOW'), 'WORKFLOW');
  assert.equal(coerceValue(target('company', 'metadata'), [1, 'x']), '[1,"x"]');
  assert.equal(coerceValue(target('person', 'emails.additionalEmails'), ['a@b.c']), '["a@b.c"]');
  assert.equal(coerceValue(target('company', 'name'), 'emoji 🚀 עברית e\u0301'), 'emoji 🚀 עברית e\u0301');
});

test('bad values are refused with an error naming the field', () => {
  refused('company', 'id', 'abc', /not a valid UUID/);
  refused('person', 'company', 42, /not a valid UUID/);
  refused('company', 'employees', Number.NaN, /finite number/);
  refused('company', 'employees', Number.POSITIVE_INFINITY, /finite number/);
  refused('company', 'employees', '1e309', /finite number/);
  refused('company', 'valuation', 'NaN', /finite number/);
  refused('company', 'annualRecurringRevenue.amountMicros', '9223372036854775808', /out of range/);
  refused('company', 'idealCustomerProfile', 'true', /true or false/);
  refused('company', 'foundedOn', '2023-02-29', /date/);
  refused('company', 'createdAt', '2024-01-31T25:00:00Z', /ISO 8601/);
  refused('company', 'createdAt', 1700000000000, /ISO 8601/);
  refused('company', 'name', 'nul \u0000 byte', /NUL/);
  refused('company', 'name', 'lone \udc00 surrogate', /surrogate/);
  refused('company', 'name', 5, /expected a string/);
  refused('company', 'tags', 'B2B', /expected a list/);
  refused('company', 'tags', ['B2B', 'NOPE'], /"NOPE" is not one of "B2B", "B2C", "SAAS", "HARDWARE"/);
  refused('company', 'rating', 'RATING_6', /RATING_5/);
  refused('company', 'createdBy.source', 'ROBOT', /"API"/);
  refused('company', 'metadata', { k: 'a\u0000' }, /NUL/);
  refused('company', 'keywords', ['ok', 1], /expected a string/);
  refused('person', 'emails.additionalEmails', 'a@b.c', /expected a list/);
  refused('company', 'createdBy.context', [], /expected an object/);
  refused('company', 'searchVector', 'x', /read-only/);
});
