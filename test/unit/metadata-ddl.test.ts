// Each DDL operation is a pure function of the model and one change: its exact SQL text is
// checked here without a database (the golden and end-to-end tests run the same statements on
// a real Postgres).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile } from '../../src/core/sql.ts';
import { changeStatements } from '../../src/metadata/ddl.ts';
import type { Change } from '../../src/metadata/diff.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from '../../src/metadata/model.ts';
import { normalizeField } from '../../src/metadata/text-fields.ts';
import { fieldModel as rawField, objectModel } from '../helpers/model-builder.ts';

/** Fields as resolve leaves them (text is NOT NULL DEFAULT '', Twenty's empty text). */
const fieldModel = (...args: Parameters<typeof rawField>) => normalizeField(rawField(...args));

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const name = fieldModel(id(11), 'name', 'TEXT');
const stage = fieldModel(id(12), 'stage', 'SELECT', {
  options: [
    { id: id(91), value: 'NEW', label: 'New', color: 'blue', position: 0 },
    { id: id(92), value: 'WON', label: 'Won', color: 'green', position: 1 },
  ],
});
const amount = fieldModel(id(16), 'amount', 'NUMBER');
const deal = objectModel(id(1), 'deal', 'deals', [fieldModel(id(10), 'id', 'UUID', { isNullable: false, defaultValue: 'uuid' }), name, stage], { isCustom: true });
const company = objectModel(id(2), 'company', 'companies', [fieldModel(id(20), 'id', 'UUID', { isNullable: false, defaultValue: 'uuid' })]);
const model = (objects: ObjectModel[] = [deal, company]): WorkspaceModel => ({ workspaceId: id(100), schema: 'workspace_test', version: 1, objects });

function statements(change: Change, objects?: ObjectModel[]): string[] {
  return changeStatements(model(objects), change).map((s) => {
    const { text, values } = compile(s);
    return values.length ? `${text} -- ${JSON.stringify(values)}` : text;
  });
}

const withField = (object: ObjectModel, field: FieldModel): ObjectModel => ({ ...object, fields: [...object.fields, field] });

const CASES: [string, Change, ObjectModel[] | undefined][] = [
  ['createObject', { kind: 'createObject', object: deal }, undefined],
  ['deleteObject', { kind: 'deleteObject', object: deal }, [company]],
  ['updateObject (rename)', { kind: 'updateObject', before: deal, after: { ...deal, nameSingular: 'opportunity', namePlural: 'opportunities' } }, [{ ...deal, nameSingular: 'opportunity', namePlural: 'opportunities' }, company]],
  ['createField (TEXT, not null, default)', { kind: 'createField', object: deal, field: fieldModel(id(13), 'code', 'TEXT', { isNullable: false, defaultValue: 'X' }) }, undefined],
  ['createField (unique)', { kind: 'createField', object: deal, field: fieldModel(id(14), 'ref', 'TEXT', { isUnique: true }) }, undefined],
  ['createField (SELECT)', { kind: 'createField', object: deal, field: { ...stage, id: id(15), name: 'phase' } }, undefined],
  ['deleteField', { kind: 'deleteField', object: deal, field: stage }, undefined],
  ['updateField (rename)', { kind: 'updateField', object: deal, before: name, after: { ...name, name: 'title' }, options: [] }, [withField({ ...deal, fields: deal.fields.filter((f) => f !== name) }, { ...name, name: 'title' }), company]],
  ['updateField (set not null)', { kind: 'updateField', object: deal, before: amount, after: { ...amount, isNullable: false }, options: [] }, undefined],
  ['updateField (add option)', { kind: 'updateField', object: deal, before: stage, after: { ...stage, options: [...(stage.options ?? []), { id: id(93), value: 'LOST', label: 'Lost', color: 'red', position: 2 }] }, options: [{ kind: 'add', option: { id: id(93), value: 'LOST', label: 'Lost', color: 'red', position: 2 } }] }, undefined],
  ['createIndex', { kind: 'createIndex', object: deal, index: { id: id(50), name: 'IDX_deal_name', fields: ['name'], isUnique: false } }, undefined],
  ['deleteIndex', { kind: 'deleteIndex', object: deal, index: { id: id(50), name: 'IDX_deal_name', fields: ['name'], isUnique: false } }, undefined],
];

const EXPECTED: Record<string, string[]> = {
  'createObject': [
    `CREATE TYPE "workspace_test"."_deal_stage_enum" AS ENUM ('NEW', 'WON')`,
    `CREATE TABLE "workspace_test"."_deal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL DEFAULT ''::text, "stage" "workspace_test"."_deal_stage_enum", PRIMARY KEY ("id"))`,
  ],
  'deleteObject': [
    'DROP TABLE IF EXISTS "workspace_test"."_deal" CASCADE',
    'DROP TYPE IF EXISTS "workspace_test"."_deal_stage_enum"',
  ],
  'updateObject (rename)': [
    'ALTER TABLE "workspace_test"."_deal" RENAME TO "_opportunity"',
    'ALTER TYPE "workspace_test"."_deal_stage_enum" RENAME TO "_opportunity_stage_enum"',
  ],
  'createField (TEXT, not null, default)': [
    `ALTER TABLE "workspace_test"."_deal" ADD COLUMN "code" text NOT NULL DEFAULT 'X'::text`,
  ],
  'createField (unique)': [
    `ALTER TABLE "workspace_test"."_deal" ADD COLUMN "ref" text NOT NULL DEFAULT ''::text`,
    `CREATE UNIQUE INDEX "UQ_2fab59d1618894c9ce432b20" ON "workspace_test"."_deal" ("ref") WHERE "deletedAt" IS NULL AND "ref" <> ''`,
  ],
  'createField (SELECT)': [
    `CREATE TYPE "workspace_test"."_deal_phase_enum" AS ENUM ('NEW', 'WON')`,
    'ALTER TABLE "workspace_test"."_deal" ADD COLUMN "phase" "workspace_test"."_deal_phase_enum"',
  ],
  'deleteField': [
    'ALTER TABLE "workspace_test"."_deal" DROP COLUMN IF EXISTS "stage"',
    'DROP TYPE IF EXISTS "workspace_test"."_deal_stage_enum"',
  ],
  'updateField (rename)': [
    'ALTER TABLE "workspace_test"."_deal" RENAME COLUMN "name" TO "title"',
  ],
  'updateField (set not null)': [
    'ALTER TABLE "workspace_test"."_deal" ALTER COLUMN "amount" SET NOT NULL',
  ],
  'updateField (add option)': [
    `ALTER TYPE "workspace_test"."_deal_stage_enum" ADD VALUE IF NOT EXISTS 'LOST'`,
  ],
  'createIndex': [
    'CREATE INDEX "IDX_deal_name" ON "workspace_test"."_deal" ("name")',
  ],
  'deleteIndex': [
    'DROP INDEX IF EXISTS "workspace_test"."IDX_deal_name"',
  ],
};

for (const [title, change, objects] of CASES) {
  test(`${title} is exactly its statements`, () => {
    const actual = statements(change, objects);
    assert.deepEqual(actual, EXPECTED[title]);
  });
}
