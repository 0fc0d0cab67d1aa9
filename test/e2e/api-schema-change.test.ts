// A metadata change is visible on every server instance on the very next request: each
// request reads the workspace's metadata version with its auth check, so no instance serves a
// stale schema (Twenty's cache-drift pain point, spec §8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, serve, tempHome } from '../helpers/cli.ts';
import { gqlData, startApiServer, type ApiServer } from '../helpers/api-server.ts';

const api: ApiServer = await startApiServer('Schema Change');
const second = await serve(api.env);

test('a field added with `metadata apply` is queryable on both instances on the next request', async () => {
  const query = '{ companies { edges { node { id tier } } } }';
  for (const url of [api.server.url, second.url]) {
    const before = await api.gql(query, {}, { url });
    assert.match(JSON.stringify(before.body?.errors), /tier/, 'the field does not exist yet');
  }
  const file = join(tempHome('twenty-model-'), 'tier.yaml');
  writeFileSync(file, 'apiVersion: twenty/v1\nobjects:\n  company:\n    extend: true\n    fields:\n      tier: {type: TEXT}\n');
  const applied = await runCli(['metadata', 'apply', file, '--workspace', api.workspace, '--json'], api.env);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);

  const created = await api.rest('POST', '/companies', { name: 'Tiered', tier: 'gold' }, second.url);
  assert.equal(created.status, 201, created.text);
  for (const url of [api.server.url, second.url]) {
    const data = gqlData(await api.gql(query, {}, { url }));
    assert.ok(data.companies.edges.some((e: { node: { tier: string | null } }) => e.node.tier === 'gold'));
  }
});
