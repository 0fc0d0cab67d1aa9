// Roles as code: the `roles:` section is planned and applied with the objects, in the same
// transaction; a second apply is "no changes"; grants follow the file; `removed:` deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../helpers/services.ts';
import { migrate } from '../../src/core/migrate.ts';
import { createWorkspaceWithRoles } from '../../src/auth/workspace-setup.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { loadRoles } from '../../src/metadata/roles.ts';
import { loadWorkspaceModel } from '../../src/metadata/store.ts';
import { objectAccess, fieldAccess, hasFlag } from '../../src/auth/permissions.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { authenticateRequest } from '../../src/auth/authenticate.ts';
import { APP_SECRET } from '../helpers/secured-workspace.ts';
import { AppError } from '../../src/core/errors.ts';

const { db } = await createTestDatabase();
await migrate(db);
const ws = await createWorkspaceWithRoles(db, { displayName: 'Roles' });

const spec = (text: string) => {
  const { spec: parsed, issues } = parseModelText(text, 'roles.yaml');
  assert.deepEqual(issues, []);
  return parsed;
};

const MODEL = (dealUpdate: boolean) => `apiVersion: twenty/v1
objects:
  deal:
    namePlural: deals
    fields:
      amount: CURRENCY
roles:
  salesRep:
    label: Sales rep
    description: Works deals
    canReadAll: true
    permissionFlags: [EXPORT_CSV]
    objects:
      deal: {read: true, update: ${dealUpdate}, softDelete: false, destroy: false}
    fields:
      deal.amount: {read: true, update: false}
`;

test('a role in the files is created with its grants, in the same apply as the object it names', async () => {
  const result = await applyModel(db, ws.id, spec(MODEL(true)));
  assert.ok(result.plan.steps.some((s) => s.summary.startsWith('create role "Sales rep"')));
  const role = (await loadRoles(db, ws.id)).find((r) => r.label === 'Sales rep');
  assert.ok(role);
  const model = await loadWorkspaceModel(db, ws.id);
  const deal = model.objects.find((o) => o.nameSingular === 'deal');
  assert.ok(deal);
  assert.deepEqual(role.objects[deal.id], { read: true, update: true, softDelete: false, destroy: false });
  assert.deepEqual(role.flags, ['EXPORT_CSV']);

  // The role works: an API key given it is restricted exactly as written.
  const key = await createApiKey(db, APP_SECRET, { workspaceId: ws.id, name: 'rep', expiresAt: new Date(Date.now() + 86_400_000), roleId: role.id });
  const perms = (await authenticateRequest(db, APP_SECRET, `Bearer ${key.token}`)).permissions;
  assert.equal(objectAccess(perms, deal.id).destroy, false);
  assert.equal(fieldAccess(perms, deal.id, deal.fields.find((f) => f.name === 'amount')?.id ?? '').update, false);
  assert.equal(hasFlag(perms, 'EXPORT_CSV'), true);
});

test('applying the same roles again is "no changes"; a changed grant is an update', async () => {
  const again = await applyModel(db, ws.id, spec(MODEL(true)));
  assert.equal(again.plan.steps.length, 0);
  const changed = await applyModel(db, ws.id, spec(MODEL(false)));
  assert.deepEqual(changed.plan.steps.map((s) => s.summary), ['update role "Sales rep" (grants replaced by the file\'s)']);
  const model = await loadWorkspaceModel(db, ws.id);
  const deal = model.objects.find((o) => o.nameSingular === 'deal');
  const role = (await loadRoles(db, ws.id)).find((r) => r.label === 'Sales rep');
  assert.equal(role?.objects[deal?.id ?? ''].update, false);
});

test('removed: deletes a role; standard roles cannot be redefined or removed', async () => {
  const removed = await applyModel(db, ws.id, spec('apiVersion: twenty/v1\nremoved:\n  - role: salesRep\n'));
  assert.deepEqual(removed.plan.steps.map((s) => s.summary), ['delete role "Sales rep"']);
  assert.equal((await loadRoles(db, ws.id)).some((r) => r.label === 'Sales rep'), false);
  await assert.rejects(applyModel(db, ws.id, spec('apiVersion: twenty/v1\nremoved:\n  - role: admin\n')), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED');
});
