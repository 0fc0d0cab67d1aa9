// Body-parser failures are mapped to AppErrors once, where the body is parsed: never a 500.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyParserError } from '../../src/server/json-body.ts';
import { restErrorBody } from '../../src/api/rest/envelope.ts';

test('body-parser failures are 400 and 413, not 500', () => {
  const parse = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { status: 400, type: 'entity.parse.failed' });
  assert.deepEqual(restErrorBody(bodyParserError(parse)), {
    status: 400,
    body: { statusCode: 400, error: 'BadRequestException', messages: ['The request body is not valid JSON.'], code: 'BAD_USER_INPUT' },
  });
  assert.equal(bodyParserError(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' })).spec.http, 413);
  // The server always answered an unsupported charset with 400 (the REST renderer's 415 was never reached).
  const charset = bodyParserError(Object.assign(new Error('charset'), { status: 415, type: 'charset.unsupported' }));
  assert.equal(charset.code, 'BAD_USER_INPUT');
  assert.notEqual(charset.spec.http, 500);
});
