// Roles in the database: the seeded three, which role a caller gets (its assignment, else Admin
// for API keys and Member for users), and the fallbacks for a workspace without roles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { AppError } from '../../src/core/errors.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { authenticateRequest } from '../../src/auth/authenticate.ts';
import { ADMIN_PERMISSIONS, hasFlag, MEMBER_PERMISSIONS, objectAccess, requireFlag } from '../../src/auth/permissions.ts';
import { assignRoleToApiKey } from '../../src/auth/role-grants.ts';
import { deleteRole, createRole, listRoles, seedDefaultRoles } from '../../src/auth/roles.ts';
import { createUser } from '../../src/auth/users.ts';
import { mintAccessToken } from '../../src/auth/tokens.ts';
import { createWorkspace } from '../../src/metadata/workspaces.ts';
import { openMetadataDb } from '../helpers/metadata-workspace.ts';
import { APP_SECRET } from '../helpers/secured-workspace.ts';

const { db } = await openMetadataDb();
const ws = await createWorkspace(db, { displayName: 'Roles' });
const bare = await createWorkspace(db, { displayName: 'No roles yet' });
await seedDefaultRoles(db, ws.id);

const keyAuth = async (workspaceId: string, roleId?: string) => {
  const key = await createApiKey(db, APP_SECRET, { workspaceId, name: 'k', expiresAt: new Date(Date.now() + 3_600_000), roleId });
  return { key, auth: await authenticateRequest(db, APP_SECRET, `Bearer ${key.token}`) };
};

test('seedDefaultRoles creates Admin, Member and Guest once, however often it runs', async () => {
  await seedDefaultRoles(db, ws.id);
  const roles = await listRoles(db, ws.id);
  assert.deepEqual(roles.map((r) => [r.label, r.standardId, r.isEditable]), [['Admin', 'admin', false], ['Member', 'member', true], ['Guest', 'guest', true]]);
  const guest = roles[2];
  assert.deepEqual([guest?.canReadAllObjectRecords, guest?.canUpdateAllObjectRecords, guest?.canSoftDeleteAllObjectRecords], [true, false, false]);
});

test('an API key without a role acts as Admin; with a role it gets exactly that role', async () => {
  const { auth } = await keyAuth(ws.id);
  const perms = auth.permissions;
  assert.equal(perms.roleLabel, 'Admin');
  assert.ok(hasFlag(perms, 'ROLES') && hasFlag(perms, 'DATA_MODEL'));
  const guest = (await listRoles(db, ws.id)).find((r) => r.label === 'Guest');
  const scoped = await keyAuth(ws.id, guest?.id);
  const guestPerms = scoped.auth.permissions;
  assert.equal(guestPerms.roleLabel, 'Guest');
  assert.throws(() => requireFlag(guestPerms, 'API_KEYS_AND_WEBHOOKS'), (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN' && /lacks the permission "API_KEYS_AND_WEBHOOKS"/.test(e.message));
});

test('a user without a role assignment is a Member: records yes, destroy and settings no', async () => {
  const user = await createUser(db, { workspaceId: ws.id, email: 'plain@roles.test', password: 'plain-password' });
  const token = await mintAccessToken({ appSecret: APP_SECRET, ...user });
  const perms = (await authenticateRequest(db, APP_SECRET, `Bearer ${token}`)).permissions;
  assert.equal(perms.roleLabel, 'Member');
  assert.deepEqual(objectAccess(perms, 'any-object'), { read: true, update: true, softDelete: true, destroy: false });
  assert.equal(hasFlag(perms, 'WORKSPACE'), false);
});

test('a workspace without seeded roles falls back to built-in Admin for keys and Member for users', async () => {
  const { auth } = await keyAuth(bare.id);
  assert.equal(auth.permissions, ADMIN_PERMISSIONS);
  const user = await createUser(db, { workspaceId: bare.id, email: 'early@roles.test', password: 'early-password' });
  const token = await mintAccessToken({ appSecret: APP_SECRET, ...user });
  assert.equal((await authenticateRequest(db, APP_SECRET, `Bearer ${token}`)).permissions, MEMBER_PERMISSIONS);
});

test('a role held by an API key cannot be deleted, since the key would fall back to Admin', async () => {
  const role = await createRole(db, ws.id, { label: 'Reporter', canReadAllObjectRecords: true });
  const { key } = await keyAuth(ws.id);
  await assignRoleToApiKey(db, ws.id, key.id, role.id);
  await assert.rejects(deleteRole(db, ws.id, role.id), (e: unknown) => e instanceof AppError && e.code === 'CONFLICT');
  const still = await rows(db, sql`SELECT 1 FROM core.role WHERE "id" = ${role.id}`);
  assert.equal(still.length, 1);
});
