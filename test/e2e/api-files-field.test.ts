// The FILES field type: declared in YAML, applied as a jsonb column, written and read through
// REST and GraphQL, and described in the OpenAPI document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.ts';
import { gqlData, startApiServer } from '../helpers/api-server.ts';

const api = await startApiServer('Files Field');

test('a FILES field holds a list of files through YAML, REST, GraphQL and OpenAPI', async () => {
  const file = join(tempHome('twenty-model-'), 'files.yaml');
  writeFileSync(file, 'apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      contracts: {type: FILES, label: Contracts}\n');
  const applied = await runCli(['metadata', 'apply', file, '--workspace', api.workspace, '--json'], api.env);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);

  const contracts = [{ fileId: randomUUID(), label: 'contract.pdf', extension: 'pdf' }];
  const created = await api.rest('POST', '/companies', { name: 'Filed', contracts });
  assert.equal(created.status, 201, created.text);
  const data = gqlData(await api.gql('{ companies(filter: {name: {eq: "Filed"}}) { edges { node { contracts } } } }'));
  assert.deepEqual(data.companies.edges[0].node.contracts, contracts);

  const openapi = await api.rest('GET', '/open-api/core');
  assert.equal(openapi.status, 200, openapi.text);
  assert.ok(JSON.stringify(openapi.body).includes('"contracts"'));

  const exported = await runCli(['metadata', 'export', '-w', api.workspace, '--json'], api.env);
  assert.match(exported.stdout, /contracts/);

  const unique = join(tempHome('twenty-model-'), 'unique.yaml');
  writeFileSync(unique, 'apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      contracts: {type: FILES, unique: true}\n');
  const refused = await runCli(['metadata', 'validate', unique, '--json'], api.env);
  assert.notEqual(refused.code, 0);
});
