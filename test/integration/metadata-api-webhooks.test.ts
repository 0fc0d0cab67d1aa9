// Webhooks through /metadata (GraphQL) and /rest/metadata/webhooks: created with a caller-chosen
// secret that no answer ever contains, listed, updated, deleted; bad input is a 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMetadataServer } from '../helpers/metadata-api.ts';

const server = await startMetadataServer();
const ws = await server.newWorkspace('Hooks API');
const SECRET = 'a-long-enough-signing-secret';

test('GraphQL: create, list, update and delete a webhook; the secret never comes back', async () => {
  const created = await server.gql(ws, `mutation { createWebhook(input: {targetUrl: "https://hooks.example.com/t", operations: ["company.created"], secret: "${SECRET}"}) { id targetUrl operations } }`);
  assert.equal(created.status, 200);
  const id = created.body.data.createWebhook.id as string;
  assert.deepEqual(created.body.data.createWebhook.operations, ['company.created']);
  const listed = await server.gql(ws, '{ webhooks { id targetUrl operations description } }');
  assert.equal(listed.body.data.webhooks.length, 1);
  assert.ok(!JSON.stringify(listed.body).includes(SECRET));
  const updated = await server.gql(ws, `mutation { updateWebhook(input: {id: "${id}", operations: ["*.*"], description: "all"}) { operations description } }`);
  assert.deepEqual(updated.body.data.updateWebhook, { operations: ['*.*'], description: 'all' });
  const deleted = await server.gql(ws, `mutation { deleteWebhook(id: "${id}") { id } }`);
  assert.equal(deleted.body.data.deleteWebhook.id, id);
  assert.equal((await server.gql(ws, '{ webhooks { id } }')).body.data.webhooks.length, 0);
});

test('GraphQL: a webhook needs a secret, a valid URL and known operations', async () => {
  const noSecret = await server.gql(ws, 'mutation { createWebhook(input: {targetUrl: "https://x.example.com"}) { id } }');
  assert.equal(noSecret.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  const badOp = await server.gql(ws, `mutation { createWebhook(input: {targetUrl: "https://x.example.com", operations: ["company.creatd"], secret: "${SECRET}"}) { id } }`);
  assert.equal(badOp.body.errors[0].extensions.code, 'BAD_USER_INPUT');
  const badUrl = await server.gql(ws, `mutation { createWebhook(input: {targetUrl: "ftp://x", secret: "${SECRET}"}) { id } }`);
  assert.equal(badUrl.body.errors[0].extensions.code, 'BAD_USER_INPUT');
});

test('REST: /rest/metadata/webhooks creates (201), lists, reads, patches and deletes', async () => {
  const created = await server.rest(ws, 'POST', '/webhooks', { targetUrl: 'https://hooks.example.com/r', operations: ['person.*'], secret: SECRET });
  assert.equal(created.status, 201);
  assert.ok(!JSON.stringify(created.body).includes(SECRET));
  const id = created.body.id as string;
  const list = await server.rest(ws, 'GET', '/webhooks');
  assert.equal(list.body.totalCount, 1);
  assert.equal((await server.rest(ws, 'GET', `/webhooks/${id}`)).body.targetUrl, 'https://hooks.example.com/r');
  const patched = await server.rest(ws, 'PATCH', `/webhooks/${id}`, { description: 'people' });
  assert.equal(patched.body.description, 'people');
  const unknown = await server.rest(ws, 'POST', '/webhooks', { targetUrl: 'https://x.example.com', secret: SECRET, events: ['x'] });
  assert.equal(unknown.status, 400);
  assert.equal((await server.rest(ws, 'DELETE', `/webhooks/${id}`)).status, 200);
  assert.equal((await server.rest(ws, 'GET', `/webhooks/${id}`)).status, 404);
});
