// Every change's event names its caller: delete, destroy and restore as well as create and
// update, on GraphQL and REST, one record and many (webhooks carry the actor's ids).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rows } from '../../src/core/db.ts';
import { sql } from '../../src/core/sql.ts';
import { gqlData, startApiServer, type ApiServer } from '../helpers/api-server.ts';

// Started at the top level: after() hooks registered inside before() would run right after it.
const api: ApiServer = await startApiServer('Event Actor');

async function actorsOf(recordId: string): Promise<{ action: string; apiKeyId: string | null }[]> {
  return rows(api.database.db, sql`SELECT split_part("name", '.', 2) AS "action", "actor"->>'apiKeyId' AS "apiKeyId" FROM core."eventOutbox" WHERE "recordId" = ${recordId} ORDER BY "createdAt", "id"`);
}

test('delete, restore and destroy over GraphQL and REST record the API key as the actor', async () => {
  const created = gqlData(await api.gql('mutation { createCompany(data: {name: "Actor Co"}) { id } }')).createCompany.id as string;
  gqlData(await api.gql(`mutation { deleteCompany(id: "${created}") { id } }`));
  gqlData(await api.gql(`mutation { restoreCompany(id: "${created}") { id } }`));
  assert.equal((await api.rest('DELETE', `/companies/${created}?soft_delete=true`)).status, 200);
  assert.equal((await api.rest('PATCH', `/restore/companies/${created}`)).status, 200);
  gqlData(await api.gql(`mutation { deleteCompanies(filter: {id: {eq: "${created}"}}) { id } }`));
  gqlData(await api.gql(`mutation { destroyCompany(id: "${created}") { id } }`));

  const actors = await actorsOf(created);
  assert.deepEqual(actors.map((a) => a.action), ['created', 'deleted', 'restored', 'deleted', 'restored', 'deleted', 'destroyed']);
  const keyId = actors[0].apiKeyId;
  assert.ok(keyId, 'the create names the API key');
  for (const actor of actors) assert.equal(actor.apiKeyId, keyId, actor.action);
});
