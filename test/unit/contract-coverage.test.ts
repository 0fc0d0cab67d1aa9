import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildSchema, validateSchema } from 'graphql';
import { COVERAGE_REPORT, coverageReport } from '../../scripts/contract/coverage.ts';
import { twentyMetadataSdl } from '../../scripts/contract/sdk-schema.ts';

test("Twenty 2.43's /metadata schema rebuilt from twenty-client-sdk is a valid schema with its 403 root fields", () => {
  const schema = buildSchema(twentyMetadataSdl());
  assert.deepEqual(validateSchema(schema), []);
  const roots = Object.keys(schema.getQueryType()?.getFields() ?? {}).length + Object.keys(schema.getMutationType()?.getFields() ?? {}).length;
  assert.equal(roots, 403);
  assert.equal(String(schema.getMutationType()?.getFields().updateWebhook.args[0].type), 'UpdateWebhookInput!');
});

test('the committed 2.43 coverage report matches the /metadata schema served today', () => {
  assert.equal(readFileSync(COVERAGE_REPORT, 'utf8'), coverageReport(), 'the /metadata schema changed: run `node scripts/contract/coverage.ts --write` and commit test/contract/coverage-2.43.md');
});
