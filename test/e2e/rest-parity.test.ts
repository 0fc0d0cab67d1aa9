// REST parity with Twenty 2.43 (issue #26), over HTTP against the real server: the restore
// routes as 2.43 routes them (and the legacy ones), `fields=` projection on create and restore,
// the merge and duplicates envelopes, /rest/metadata/apiKeys in the metadata page envelope, the
// deprecated /rest/webhooks and /rest/apiKeys arrays, route words against object plurals, and
// both OpenAPI documents validated and listing the routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { assertCleanError, send, startApiServer, type ApiServer, type HttpResult } from '../helpers/api-server.ts';

const api: ApiServer = await startApiServer('Rest Parity');
const q = encodeURIComponent;

function ok(result: HttpResult, status = 200): any {
  assert.equal(result.status, status, result.text);
  return result.body;
}

function refused(result: HttpResult, status: number, message: RegExp, code?: string): void {
  assertCleanError(result, status);
  assert.notEqual(result.status, 500);
  assert.match(result.body.messages.join(' | '), message);
  if (code) assert.equal(result.body.code, code);
}

async function createCompanies(names: string[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const created = ok(await api.rest('POST', '/batch/companies', names.map((name) => ({ name, ...extra }))), 201);
  return created.data.createCompanies.map((c: { id: string }) => c.id);
}

async function softDelete(plural: string, id: string): Promise<void> {
  ok(await api.rest('DELETE', `/${plural}/${id}?soft_delete=true`));
  assert.equal((await api.rest('GET', `/${plural}/${id}`)).status, 404);
}

/** The record as stored, read back in full (depth 0). */
async function stored(plural: string, singular: string, id: string): Promise<Record<string, unknown>> {
  return ok(await api.rest('GET', `/${plural}/${id}`)).data[singular];
}

/** A GraphQL request on /metadata with `token` (the test's admin key unless given). */
async function metadata(query: string, token = api.token): Promise<any> {
  const result = await send(`${api.server.url}/metadata`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  assert.equal(result.status, 200, result.text);
  assert.equal(result.body.errors, undefined, result.text);
  return result.body.data;
}

/** A REST request with another bearer token. */
function restAs(token: string, method: string, path: string): Promise<HttpResult> {
  return send(`${api.server.url}/rest${path}`, { method, headers: { authorization: `Bearer ${token}` } });
}

// A key with the Guest role, which lacks API_KEYS_AND_WEBHOOKS.
const guestToken = await (async () => {
  const roles = (await metadata('{ getRoles { id label } }')).getRoles as { id: string; label: string }[];
  const guest = roles.find((r) => r.label === 'Guest');
  assert.ok(guest, 'the Guest role is seeded');
  const key = (await metadata(`mutation { createApiKey(input: {name: "guest", expiresAt: "2099-01-01T00:00:00Z", roleId: "${guest.id}"}) { id } }`)).createApiKey;
  return (await metadata(`mutation { generateApiKeyToken(apiKeyId: "${key.id}", expiresAt: "2099-01-01T00:00:00Z") { token } }`)).generateApiKeyToken.token as string;
})();

test('PATCH /rest/{plural}/{id}/restore restores one record under restore<Singular>; the legacy /rest/restore/{plural}/{id} still does', async () => {
  const [a, b] = await createCompanies(['Restore One A', 'Restore One B']);
  await softDelete('companies', a);
  const restored = ok(await api.rest('PATCH', `/companies/${a}/restore`));
  assert.deepEqual(Object.keys(restored.data), ['restoreCompany']);
  assert.equal(restored.data.restoreCompany.id, a);
  assert.equal(restored.data.restoreCompany.deletedAt, null);
  assert.equal((await stored('companies', 'company', a)).name, 'Restore One A');

  await softDelete('companies', b);
  const legacy = ok(await api.rest('PATCH', `/restore/companies/${b}`));
  assert.equal(legacy.data.restoreCompany.id, b);
  assert.equal((await stored('companies', 'company', b)).deletedAt, null);

  refused(await api.rest('PATCH', `/companies/${a}/restore`), 404, /Record not found/, 'NOT_FOUND');
  refused(await api.rest('PATCH', '/companies/not-a-uuid/restore'), 400, /'not-a-uuid' is not a valid UUID/);
  refused(await api.rest('PATCH', `/nothings/${a}/restore`), 400, /object 'nothings' not found/);
  const wrongVerb = await api.rest('GET', `/companies/${a}/restore`);
  refused(wrongVerb, 405, /Allowed methods: PATCH/, 'METHOD_NOT_ALLOWED');
  assert.equal(wrongVerb.headers.get('allow'), 'PATCH');
});

test('PATCH /rest/{plural}/restore?filter= restores the matching records under restore<Plural>, with the list filter grammar and the empty-filter guard', async () => {
  const ids = await createCompanies(['Bulk Restore 1', 'Bulk Restore 2', 'Bulk Keep']);
  for (const id of ids) await softDelete('companies', id);
  const filter = q('or(name[eq]:"Bulk Restore 1",name[startsWith]:"Bulk Restore 2")');
  const restored = ok(await api.rest('PATCH', `/companies/restore?filter=${filter}`));
  assert.deepEqual(Object.keys(restored.data), ['restoreCompanies'], '"restore" is a route word here, not an id');
  assert.deepEqual(restored.data.restoreCompanies.map((c: { id: string }) => c.id).sort(), ids.slice(0, 2).sort());
  const live = ok(await api.rest('GET', `/companies?filter=${q('name[startsWith]:"Bulk "')}`));
  assert.deepEqual(live.data.companies.map((c: { id: string }) => c.id).sort(), ids.slice(0, 2).sort(), 'the third stays deleted');

  refused(await api.rest('PATCH', '/companies/restore'), 400, /Filters are mandatory for bulk restore operations.+accidental changes to all records/);
  refused(await api.rest('PATCH', '/companies/restore?filter='), 400, /Filters are mandatory for bulk restore/);
  refused(await api.rest('PATCH', `/companies/restore?filter=${q('nmae[eq]:"x"')}`), 400, /nmae/);
  refused(await api.rest('PATCH', '/companies/restore?limit=5'), 400, /'limit' is not accepted by this route/);
  assert.equal((await api.rest('GET', `/companies/${ids[2]}`)).status, 404, 'refused requests restore nothing');

  const legacy = ok(await api.rest('PATCH', `/restore/companies?filter=${q(`id[eq]:"${ids[2]}"`)}`));
  assert.deepEqual(legacy.data.restoreCompanies.map((c: { id: string }) => c.id), [ids[2]]);
  refused(await api.rest('PATCH', '/restore/companies'), 400, /Filters are mandatory for bulk restore/);
});

test('fields= on create, batch create and restore returns only the named fields and stores everything that was sent', async () => {
  const body = { name: 'Projected Co', employees: 42, domainName: { primaryLinkUrl: 'projected.io' }, idealCustomerProfile: true };
  const created = ok(await api.rest('POST', '/companies?fields=id,name', body), 201);
  assert.deepEqual(Object.keys(created.data.createCompany).sort(), ['id', 'name']);
  const id = created.data.createCompany.id as string;
  const full = await stored('companies', 'company', id);
  assert.equal(full.employees, 42);
  assert.equal(full.idealCustomerProfile, true);
  assert.equal((full.domainName as { primaryLinkUrl: string }).primaryLinkUrl, 'projected.io');
  assert.equal((full.createdBy as { source: string }).source, 'API', 'system fields are still stamped');

  const batch = ok(await api.rest('POST', '/batch/companies?fields=name,domainName.primaryLinkUrl', [
    { name: 'Batch P1', employees: 1, domainName: { primaryLinkUrl: 'p1.io' } },
    { name: 'Batch P2', employees: 2, domainName: { primaryLinkUrl: 'p2.io' } },
  ]), 201);
  assert.deepEqual(batch.data.createCompanies, [
    { name: 'Batch P1', domainName: { primaryLinkUrl: 'p1.io' } },
    { name: 'Batch P2', domainName: { primaryLinkUrl: 'p2.io' } },
  ]);
  const listed = ok(await api.rest('GET', `/companies?filter=${q('name[startsWith]:"Batch P"')}&order_by=name`)).data.companies;
  assert.deepEqual(listed.map((c: { employees: number }) => c.employees), [1, 2]);
  assert.ok(listed.every((c: { id: string; createdAt: string }) => c.id && c.createdAt));

  const person = ok(await api.rest('POST', '/people?depth=1&fields=id,company', { name: { firstName: 'Pro', lastName: 'Jected' }, companyId: id, city: 'Oslo' }), 201);
  assert.deepEqual(Object.keys(person.data.createPerson).sort(), ['company', 'id']);
  assert.equal(person.data.createPerson.company.id, id, 'depth=1 embeds the named relation');
  assert.equal((await stored('people', 'person', person.data.createPerson.id)).city, 'Oslo');

  const upserted = ok(await api.rest('POST', '/companies?upsert=true&fields=id', { id, name: 'Projected Co 2' }), 201);
  assert.deepEqual(upserted.data.createCompany, { id });
  const afterUpsert = await stored('companies', 'company', id);
  assert.equal(afterUpsert.name, 'Projected Co 2');
  assert.equal(afterUpsert.employees, 42, 'an upsert with fewer fields returned changes only what it sent');

  await softDelete('companies', id);
  const restored = ok(await api.rest('PATCH', `/companies/${id}/restore?fields=id,deletedAt`));
  assert.deepEqual(restored.data.restoreCompany, { id, deletedAt: null });
  const afterRestore = await stored('companies', 'company', id);
  assert.deepEqual({ ...afterRestore, updatedAt: undefined }, { ...afterUpsert, updatedAt: undefined }, 'restore changed nothing but deletedAt');

  const [m] = await createCompanies(['Restore Many Projected'], { employees: 5 });
  await softDelete('companies', m);
  const many = ok(await api.rest('PATCH', `/companies/restore?filter=${q(`id[eq]:"${m}"`)}&fields=employees`));
  assert.deepEqual(many.data.restoreCompanies, [{ employees: 5 }]);
  const legacy = ok(await api.rest('PATCH', `/restore/companies?filter=${q(`id[eq]:"${m}"`)}&fields=name`));
  assert.deepEqual(legacy.data.restoreCompanies, [], 'already restored: nothing left to restore');
});

test('a bad fields= on create is a 400 naming the field and creates nothing', async () => {
  refused(await api.rest('POST', '/companies?fields=id,nmae', { name: 'Never Stored' }), 400, /nmae/);
  refused(await api.rest('POST', '/batch/companies?fields=nmae', [{ name: 'Never Stored' }]), 400, /nmae/);
  refused(await api.rest('POST', '/companies?fields=id,', { name: 'Never Stored' }), 400, /fields entry 2 is empty/);
  const none = ok(await api.rest('GET', `/companies?filter=${q('name[eq]:"Never Stored"')}`));
  assert.equal(none.totalCount, 0);
});

test('PATCH /rest/{plural}/merge answers under merge<Singular> and merges the records', async () => {
  const people = ok(await api.rest('POST', '/batch/people', [
    { name: { firstName: 'Merge', lastName: 'Me' }, jobTitle: 'CTO' },
    { name: { firstName: 'Merge', lastName: 'Me' }, city: 'Lyon' },
  ]), 201).data.createPeople as { id: string }[];
  const [a, b] = people.map((p) => p.id);
  const dry = ok(await api.rest('PATCH', '/people/merge', { ids: [a, b], conflictPriorityIndex: 0, dryRun: true }));
  assert.deepEqual(Object.keys(dry.data), ['mergePerson']);
  assert.equal((await api.rest('GET', `/people/${b}`)).status, 200, 'a dry run writes nothing');
  const merged = ok(await api.rest('PATCH', '/people/merge?fields=id,jobTitle,city', { ids: [a, b], conflictPriorityIndex: 0 }));
  assert.deepEqual(merged.data.mergePerson, { id: a, jobTitle: 'CTO', city: 'Lyon' });
  assert.equal((await api.rest('GET', `/people/${b}`)).status, 404, 'the other record is gone');
  const kept = await stored('people', 'person', a);
  assert.equal(kept.city, 'Lyon');
});

test('POST /rest/{plural}/duplicates with an empty ids list answers 200 with an empty data list; an empty data list stays a 400', async () => {
  assert.deepEqual(ok(await api.rest('POST', '/companies/duplicates', { ids: [] })), { data: [] });
  assert.deepEqual(ok(await api.rest('POST', '/people/duplicates?fields=id', { ids: [] })), { data: [] });
  refused(await api.rest('POST', '/companies/duplicates', { data: [] }), 400, /non-empty list/, 'INVALID_QUERY_INPUT');
  const [a, b] = await createCompanies(['Dup Twin', 'Dup Twin']);
  const found = ok(await api.rest('POST', '/companies/duplicates?fields=id', { ids: [a] }));
  assert.deepEqual(found.data, [{ companyDuplicates: [{ id: b }], totalCount: 1, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: found.data[0].pageInfo.startCursor, endCursor: found.data[0].pageInfo.endCursor } }]);
  assert.equal(typeof found.data[0].pageInfo.startCursor, 'string');
  refused(await api.rest('POST', '/companies/duplicates', {}), 400, /exactly one of "ids"/);
  refused(await api.rest('POST', '/companies/duplicates', { ids: 'x' }), 400, /"ids" must be a list/);
});

test('GET /rest/metadata/apiKeys answers in the same page envelope as objects, fields and webhooks, without secrets', async () => {
  const keys = ok(await api.rest('GET', '/metadata/apiKeys'));
  const webhooks = ok(await api.rest('GET', '/metadata/webhooks'));
  const objects = ok(await api.rest('GET', '/metadata/objects?limit=2'));
  const fields = ok(await api.rest('GET', '/metadata/fields?limit=2'));
  for (const list of [keys, webhooks, objects, fields]) {
    assert.deepEqual(Object.keys(list).sort(), ['data', 'pageInfo', 'totalCount']);
    assert.ok(Array.isArray(list.data));
    assert.deepEqual(Object.keys(list.pageInfo).sort(), ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']);
  }
  assert.equal(keys.totalCount, 2, 'the e2e key and the guest key');
  for (const key of keys.data) assert.deepEqual(Object.keys(key).sort(), ['createdAt', 'expiresAt', 'id', 'name', 'revokedAt']);
  assert.ok(!keys.data.some((k: { name: string }) => k.name === undefined));
  assert.ok(!JSON.stringify(keys).includes(api.token) && !JSON.stringify(keys).includes(guestToken), 'no token is listed');

  const first = ok(await api.rest('GET', '/metadata/apiKeys?limit=1'));
  assert.equal(first.data.length, 1);
  assert.equal(first.pageInfo.hasNextPage, true);
  const second = ok(await api.rest('GET', `/metadata/apiKeys?limit=1&starting_after=${q(first.pageInfo.endCursor)}`));
  assert.equal(second.data.length, 1);
  assert.notEqual(second.data[0].id, first.data[0].id);
  assert.equal(second.totalCount, 2);

  assert.deepEqual(ok(await api.rest('GET', `/metadata/apiKeys/${first.data[0].id}`)), first.data[0], 'one key, bare, as in the list');
  refused(await api.rest('GET', '/metadata/apiKeys/99999999-9999-4999-8999-999999999999'), 404, /does not exist/, 'NOT_FOUND');
  refused(await restAs(guestToken, 'GET', '/metadata/apiKeys'), 403, /API_KEYS_AND_WEBHOOKS/, 'FORBIDDEN');
  refused(await restAs(guestToken, 'GET', `/metadata/apiKeys/${first.data[0].id}`), 403, /API_KEYS_AND_WEBHOOKS/, 'FORBIDDEN');
  refused(await api.rest('GET', '/metadata/apiKeys?after=x'), 400, /Unknown query parameter "after"/);
  refused(await api.rest('POST', '/metadata/apiKeys', { name: 'x' }), 405, /use GET/, 'METHOD_NOT_ALLOWED');
});

test('the deprecated GET /rest/webhooks and GET /rest/apiKeys answer 200 with plain arrays, guarded like the metadata routes', async () => {
  const secret = 'parity-secret-0123456789';
  const hook = ok(await api.rest('POST', '/metadata/webhooks', { targetUrl: 'https://hooks.example.com/in', operations: ['company.created'], secret }), 201);
  const webhooks = await api.rest('GET', '/webhooks');
  assert.ok(Array.isArray(ok(webhooks)), webhooks.text);
  assert.deepEqual(webhooks.body.map((w: { id: string }) => w.id), [hook.id]);
  assert.deepEqual(webhooks.body[0].operations, ['company.created']);
  assert.ok(!webhooks.text.includes(secret), 'the signing secret is never returned');
  assert.equal(webhooks.headers.get('deprecation'), 'true');

  const apiKeys = await api.rest('GET', '/apiKeys');
  assert.ok(Array.isArray(ok(apiKeys)), apiKeys.text);
  assert.equal(apiKeys.body.length, 2);
  assert.deepEqual(apiKeys.body.map((k: { id: string }) => k.id).sort(), ok(await api.rest('GET', '/metadata/apiKeys')).data.map((k: { id: string }) => k.id).sort());
  assert.ok(!apiKeys.text.includes(api.token) && !apiKeys.text.includes(guestToken), 'no token is listed');

  refused(await restAs(guestToken, 'GET', '/webhooks'), 403, /API_KEYS_AND_WEBHOOKS/, 'FORBIDDEN');
  refused(await restAs(guestToken, 'GET', '/apiKeys'), 403, /API_KEYS_AND_WEBHOOKS/, 'FORBIDDEN');
  assertCleanError(await restAs('nope', 'GET', '/apiKeys'), 401);
  refused(await api.rest('GET', '/webhooks?limit=1'), 400, /\/rest\/metadata\/webhooks/);
  assert.equal(ok(await restAs(guestToken, 'GET', '/companies?limit=1')).data.companies.length <= 1, true, 'the guest key works elsewhere');
});

test('objects named like route words are reached unambiguously: a plural "restore" and a plural "restores"', async () => {
  for (const [nameSingular, namePlural] of [['restoreItem', 'restore'], ['restoreJob', 'restores']]) {
    const label = nameSingular === 'restoreItem' ? ['Restore item', 'Restore'] : ['Restore job', 'Restores'];
    ok(await api.rest('POST', '/metadata/objects', { nameSingular, namePlural, labelSingular: label[0], labelPlural: label[1] }), 201);
  }
  // plural "restore": the legacy routes would read /rest/restore/{uuid} as "restore object {uuid}";
  // a plural is never a UUID, so these reach the generic routes of the object "restore".
  const item = ok(await api.rest('POST', '/restore', { name: 'item' }), 201).data.createRestoreItem;
  const updated = ok(await api.rest('PATCH', `/restore/${item.id}`, { name: 'item 2' }));
  assert.equal(updated.data.updateRestoreItem.name, 'item 2');
  assert.equal(ok(await api.rest('GET', `/restore/${item.id}`)).data.restoreItem.name, 'item 2');
  await softDelete('restore', item.id);
  assert.equal(ok(await api.rest('PATCH', `/restore/${item.id}/restore`)).data.restoreRestoreItem.id, item.id);
  await softDelete('restore', item.id);
  assert.deepEqual(ok(await api.rest('PATCH', `/restore/restore?filter=${q(`id[eq]:"${item.id}"`)}&fields=name`)).data.restoreRestore, [{ name: 'item 2' }]);
  await softDelete('restore', item.id);
  assert.equal(ok(await api.rest('PATCH', `/restore/restore/${item.id}`)).data.restoreRestoreItem.id, item.id, 'legacy: restore, object "restore", id');

  const job = ok(await api.rest('POST', '/restores?fields=id', { name: 'job' }), 201).data.createRestoreJob;
  await softDelete('restores', job.id);
  assert.equal(ok(await api.rest('PATCH', `/restores/${job.id}/restore`)).data.restoreRestoreJob.id, job.id);
  await softDelete('restores', job.id);
  assert.equal(ok(await api.rest('PATCH', `/restores/restore?filter=${q('name[eq]:"job"')}`)).data.restoreRestores.length, 1);
  await softDelete('restores', job.id);
  assert.equal(ok(await api.rest('PATCH', `/restore/restores/${job.id}`)).data.restoreRestoreJob.id, job.id);
  assert.equal(ok(await api.rest('GET', '/restores')).totalCount, 1);
});

test('the core and metadata OpenAPI documents are valid and list the 2.43 routes, the legacy restore paths and the deprecated aliases', async () => {
  const core = ok(await api.rest('GET', '/open-api/core'));
  const valid = await new Validator().validate(core);
  assert.equal(valid.valid, true, JSON.stringify(valid.errors, null, 2)?.slice(0, 2000));
  const paths = core.paths as Record<string, Record<string, any>>;
  assert.equal(paths['/companies/{id}/restore'].patch.operationId, 'restoreOneCompany');
  assert.equal(paths['/companies/restore'].patch.operationId, 'restoreManyCompanies');
  assert.equal(paths['/people/merge'].patch.responses['200'].content['application/json'].schema.properties.data.required[0], 'mergePerson');
  assert.ok(paths['/companies/duplicates'].post);
  assert.equal(paths['/restore/companies/{id}'].patch.deprecated, true);
  assert.equal(paths['/restore/companies'].patch.deprecated, true);
  for (const alias of ['/webhooks', '/apiKeys']) {
    assert.equal(paths[alias].get.deprecated, true);
    assert.equal(paths[alias].get.responses['200'].content['application/json'].schema.type, 'array');
  }
  const createParams = paths['/companies'].post.parameters.map((p: { $ref: string }) => p.$ref.split('/').pop());
  assert.ok(createParams.includes('fields') && paths['/batch/companies'].post.parameters.some((p: { $ref: string }) => p.$ref.endsWith('/fields')));

  const meta = await send(`${api.server.url}/rest/open-api/metadata`, {});
  assert.equal(meta.status, 200, meta.text);
  const metaValid = await new Validator().validate(meta.body);
  assert.equal(metaValid.valid, true, JSON.stringify(metaValid.errors, null, 2)?.slice(0, 2000));
  assert.equal(meta.body.servers[0].url, `${api.server.url}/rest/metadata`);
  for (const path of ['/objects', '/fields', '/webhooks', '/apiKeys']) {
    assert.deepEqual(meta.body.paths[path].get.responses['200'].content['application/json'].schema.required, ['data', 'pageInfo', 'totalCount']);
  }
  assert.ok(!('secret' in meta.body.components.schemas.Webhook.properties));
});
