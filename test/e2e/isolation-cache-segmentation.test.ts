// RELIABILITY T5: schema, permission and response caches are segmented per workspace. Two
// workspaces have an object with the same name and different fields; 200 alternating requests
// over two server instances each see their own tenant's shape. A field change and a role change
// in A take effect on the very next request, on every instance, and leave B untouched.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gqlData, type HttpResult } from '../helpers/api-server.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { startTenants, type Tenant } from '../helpers/durability-tenants.ts';

const { env, tenants, extraKey } = await startTenants(['Tenant A', 'Tenant B'], 2);
const [a, b] = tenants;
const dir = tempHome('twenty-models-');
// Same object name, different fields.
const OWN_FIELD = new Map([[a, 'alphaCode'], [b, 'betaScore']]);
const MARKER = new Map<Tenant, unknown>([[a, 'A-marker'], [b, 42]]);

async function applyModel(tenant: Tenant, fields: string): Promise<void> {
  const file = join(dir, `${tenant.workspaceId}.yaml`);
  writeFileSync(file, `apiVersion: twenty/v1\nobjects:\n  gadget:\n    namePlural: gadgets\n    fields:\n${fields}\n`);
  const r = await runCli(['metadata', 'apply', file, '-w', tenant.name, '--json'], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
}

const listGadgets = (tenant: Tenant, field: string, on: number) => tenant.gql(`{ gadgets { edges { node { id ${field} } } } }`, {}, on);

/** A GraphQL refusal naming the field: the schema this tenant sees has no such field. */
function assertUnknownField(result: HttpResult, field: string): void {
  assert.notEqual(result.status, 500, result.text);
  assert.ok(result.body?.errors?.length > 0, `expected an error for "${field}": ${result.text}`);
  assert.match(result.body.errors[0].message, new RegExp(field));
  assert.equal(result.body.data?.gadgets ?? undefined, undefined);
}

before(async () => {
  await applyModel(a, '      alphaCode: TEXT');
  await applyModel(b, '      betaScore: NUMBER');
  for (const tenant of tenants) {
    gqlData(await tenant.gql('mutation($d: GadgetCreateInput!) { createGadget(data: $d) { id } }', { d: { [OWN_FIELD.get(tenant)!]: MARKER.get(tenant) } }));
  }
});

test('200 alternating requests over two servers each answer with their own tenant\'s shape', async () => {
  for (let i = 0; i < 200; i += 1) {
    const [self, other] = i % 2 === 0 ? [a, b] : [b, a];
    const on = Math.floor(i / 2) % 2;
    const field = OWN_FIELD.get(self)!;
    const otherField = OWN_FIELD.get(other)!;
    if (i % 10 === 9) {
      assertUnknownField(await listGadgets(self, otherField, on), otherField);
    } else if (i % 10 === 8) {
      const rest = await self.rest('GET', '/gadgets', undefined, on);
      assert.equal(rest.status, 200, rest.text);
      const [record] = rest.body.data.gadgets;
      assert.equal(record[field], MARKER.get(self));
      assert.ok(!(otherField in record), `REST shows ${other.name}'s field to ${self.name}: ${rest.text}`);
    } else {
      const edges = gqlData(await listGadgets(self, field, on)).gadgets.edges;
      assert.deepEqual(edges.map((e: { node: Record<string, unknown> }) => e.node[field]), [MARKER.get(self)], `request ${i} (${self.name} on server ${on})`);
    }
  }
});

test('a field added to A is visible on the very next request on every server, and only in A', async () => {
  // Warm both servers with A's old shape, in which the field does not exist yet.
  for (const on of [0, 1]) assertUnknownField(await listGadgets(a, 'gammaFlag', on), 'gammaFlag');
  await applyModel(a, '      alphaCode: TEXT\n      gammaFlag: BOOLEAN');
  for (const on of [1, 0]) {
    const edges = gqlData(await listGadgets(a, 'gammaFlag', on)).gadgets.edges;
    assert.equal(edges.length, 1);
    assertUnknownField(await listGadgets(b, 'gammaFlag', on), 'gammaFlag');
  }
});

test('a role change of A\'s API key takes effect on the very next request on every server', async () => {
  const probe = await extraKey(a, 'probe');
  const create = (tenant: Tenant, on: number) => tenant.gql('mutation { createGadget(data: {}) { id } }', {}, on);
  for (const on of [0, 1]) gqlData(await create(probe, on));

  const roles = gqlData(await a.metadata('{ getRoles { id label } }')).getRoles as { id: string; label: string }[];
  const guest = roles.find((r) => r.label === 'Guest');
  assert.ok(guest, `A has a Guest role: ${JSON.stringify(roles)}`);
  gqlData(await a.metadata('mutation($k: UUID!, $r: UUID!) { assignRoleToApiKey(apiKeyId: $k, roleId: $r) }', { k: probe.apiKeyId, r: guest.id }));

  for (const on of [1, 0]) {
    const denied = await create(probe, on);
    assert.notEqual(denied.status, 500, denied.text);
    assert.equal(denied.body?.errors?.[0]?.extensions?.code, 'FORBIDDEN', `server ${on}: ${denied.text}`);
    assert.equal(gqlData(await listGadgets(probe, 'alphaCode', on)).gadgets.edges.length, 3, 'a Guest still reads: the marker and the two creates before the change');
    gqlData(await create(b, on));
  }
});
