import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/core/errors.ts';
import { matchingOperations } from '../../src/jobs/webhook-match.ts';
import { validateOperations, validateTargetUrl } from '../../src/jobs/webhooks-store.ts';

describe('webhook matching', () => {
  it('selects an event by exact name, by "*" action, by "*" object and by "*.*"', () => {
    assert.deepEqual(matchingOperations('company.created'), ['company.created', '*.created', 'company.*', '*.*']);
    // Stored operations (validated and trimmed) are matched in SQL: operations && matchingOperations.
    assert.deepEqual(validateOperations(['person.updated', ' company.created ']), ['person.updated', 'company.created']);
  });

  it('does not select other objects or actions', () => {
    const wanted = matchingOperations('company.created');
    for (const op of ['company.updated', 'person.*', '*.deleted', 'companies.created']) {
      assert.equal(wanted.includes(op), false, op);
    }
  });
});

function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.notEqual(error.spec.http, 500);
    assert.match(error.message, message);
    return true;
  });
}

describe('webhook input validation', () => {
  it('accepts "<object>.<action>" with "*" on either side', () => {
    assert.deepEqual(validateOperations(['*.*', 'company.created', 'myCustom.*', ' *.upserted']), ['*.*', 'company.created', 'myCustom.*', '*.upserted']);
  });

  it('rejects an unknown action and suggests the closest one', () => {
    rejects(() => validateOperations(['company.craeted']), /unknown action "craeted"\. Did you mean "created"\?/);
  });

  it('rejects operations that are not two dot-separated parts, and an empty list', () => {
    rejects(() => validateOperations(['company']), /not of the form/);
    rejects(() => validateOperations(['a.b.c']), /not of the form/);
    rejects(() => validateOperations([]), /at least one operation/);
  });

  it('accepts only absolute http(s) target URLs', () => {
    assert.equal(validateTargetUrl('https://example.com/hook'), 'https://example.com/hook');
    rejects(() => validateTargetUrl('example.com/hook'), /not a valid webhook URL/);
    rejects(() => validateTargetUrl('file:///etc/passwd'), /only http and https/);
  });
});
