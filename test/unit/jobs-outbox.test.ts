import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, sql } from '../../src/core/sql.ts';
import { outboxInsertFragment } from '../../src/jobs/outbox.ts';

const ws = '22222222-2222-4222-8222-222222222222';
const om = '33333333-3333-4333-8333-333333333333';

describe('outbox insert fragment', () => {
  it('is a data-modifying CTE over the changed rows, with every value a parameter', () => {
    const fragment = outboxInsertFragment({ workspaceId: ws, objectName: 'company', objectMetadataId: om, action: 'updated', changedCte: 'changed', hasBefore: true, updatedFields: ['name'], actor: { workspaceMemberId: 'm1' } });
    const { text, values } = compile(sql`WITH changed AS (SELECT 1), ${fragment} SELECT 1`);
    assert.equal(
      text,
      'WITH changed AS (SELECT 1), "eventOutbox_insert" AS (INSERT INTO core."eventOutbox" ("workspaceId", "name", "objectMetadataId", "objectName", "recordId", "payload", "actor") SELECT $1::uuid, $2, $3::uuid, $4, "changed"."id", jsonb_build_object(\'record\', "changed"."record"::jsonb, \'before\', "changed"."before"::jsonb, \'after\', "changed"."record"::jsonb, \'updatedFields\', $5::jsonb), $6::jsonb FROM "changed" RETURNING "id") SELECT 1',
    );
    assert.deepEqual(values, [ws, 'company.updated', om, 'company', '["name"]', '{"workspaceMemberId":"m1"}']);
  });

  it('records a destroyed row as "before" with no "after", and quotes the CTE names', () => {
    const fragment = outboxInsertFragment({ workspaceId: ws, objectName: 'company', objectMetadataId: om, action: 'destroyed', changedCte: 'del"eted', actor: {}, cteName: 'ev' });
    const { text } = compile(fragment);
    assert.match(text, /^"ev" AS \(INSERT/);
    assert.match(text, /'before', "del""eted"."record"::jsonb, 'after', NULL::jsonb/);
    assert.match(text, /FROM "del""eted" RETURNING/);
  });
});
