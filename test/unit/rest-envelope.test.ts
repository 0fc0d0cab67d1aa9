import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { dataEnvelope, listEnvelope, restErrorBody } from '../../src/api/rest/envelope.ts';
import { objectOf, restTestModel } from '../helpers/rest-model.ts';

const company = objectOf(restTestModel(), 'company');

test('a connection becomes the list envelope keyed by the plural name', () => {
  const connection = {
    edges: [{ node: { id: 'a' }, cursor: 'c1' }, { node: { id: 'b' }, cursor: 'c2' }],
    pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' },
    totalCount: 7,
  };
  assert.deepEqual(listEnvelope(company, connection), {
    data: { companies: [{ id: 'a' }, { id: 'b' }] },
    pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' },
    totalCount: 7,
  });
});

test('an empty connection has null cursors and a zero count', () => {
  assert.deepEqual(listEnvelope(company, { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 }), {
    data: { companies: [] },
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: 0,
  });
});

test('single results are wrapped under their operation key', () => {
  assert.deepEqual(dataEnvelope('createCompany', { id: 'a' }), { data: { createCompany: { id: 'a' } } });
});

test("AppErrors become Twenty's REST error body with their status and code", () => {
  assert.deepEqual(restErrorBody(new AppError('NOT_FOUND', 'Record not found')), {
    status: 404,
    body: { statusCode: 404, error: 'NotFoundException', messages: ['Record not found'], code: 'NOT_FOUND' },
  });
  assert.equal(restErrorBody(new AppError('BAD_USER_INPUT', 'x')).body.error, 'BadRequestException');
  assert.equal(restErrorBody(new AppError('INVALID_TOKEN', 'x')).body.error, 'UnauthorizedException');
  assert.equal(restErrorBody(new AppError('FORBIDDEN', 'x')).body.error, 'ForbiddenException');
  assert.equal(restErrorBody(new AppError('ALREADY_EXISTS', 'x')).body.error, 'ConflictException');
  assert.deepEqual(restErrorBody(new AppError('INVALID_CURSOR', 'Invalid cursor.', { hint: 'Pass it unchanged.' })).body.messages, ['Invalid cursor. Pass it unchanged.']);
});

test('unknown errors are a 500 that reveals nothing', () => {
  const { status, body } = restErrorBody(new Error('connection to 10.0.0.3 refused; password=hunter2'));
  assert.equal(status, 500);
  assert.deepEqual(body, { statusCode: 500, error: 'InternalServerErrorException', messages: ['An unexpected error occurred.'], code: 'INTERNAL_SERVER_ERROR' });
  assert.equal(restErrorBody('a string').status, 500);
});
