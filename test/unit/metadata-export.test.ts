import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportModel } from '../../src/metadata/export.ts';
import { labelFromName, labelFromOptionValue } from '../../src/metadata/labels.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from '../../src/metadata/model.ts';
import type { FieldSpec, ObjectSpec } from '../../src/metadata/spec.ts';
import { createSystemFields } from '../../src/metadata/system-fields.ts';
import { validateModelSpec } from '../../src/metadata/validate.ts';
import { parseModelText } from '../../src/metadata/yaml.ts';
import { normalizeField } from '../../src/metadata/text-fields.ts';

let counter = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function field(name: string, type: FieldModel['type'], extra: Partial<FieldModel> = {}): FieldModel {
  return {
    id: nextId(), name, label: labelFromName(name), type, description: null, icon: null, isNullable: true, isUnique: false,
    defaultValue: null, options: null, settings: null, isCustom: true, isSystem: false, relation: null, ...extra,
  };
}

function object(nameSingular: string, namePlural: string, fields: FieldModel[], extra: Partial<ObjectModel> = {}): ObjectModel {
  return {
    id: nextId(), nameSingular, namePlural, labelSingular: labelFromName(nameSingular), labelPlural: labelFromName(namePlural),
    description: null, icon: null, isCustom: true, isSystem: false, labelIdentifier: 'name', fields: [...createSystemFields(nextId), ...fields], indexes: [], ...extra,
  };
}

const standard = { isCustom: false };

function buildModel(): WorkspaceModel {
  counter = 0;
  const company = object('company', 'companies', [
    field('name', 'TEXT', standard),
    field('tier', 'SELECT', { options: [{ id: nextId(), value: 'A', label: 'A', color: 'green', position: 0 }] }),
    field('deals', 'RELATION', { relation: { type: 'ONE_TO_MANY', targetObject: 'deal', targetField: 'company' } }),
  ], { ...standard, labelIdentifier: 'name' });
  // Only an implied inverse: person has nothing of its own to declare.
  const person = object('person', 'people', [
    field('name', 'FULL_NAME', standard),
    field('contactForDeals', 'RELATION', { relation: { type: 'ONE_TO_MANY', targetObject: 'deal', targetField: 'contact' } }),
  ], standard);
  const timelineActivity = object('timelineActivity', 'timelineActivities', [
    field('pet', 'RELATION', { isSystem: true, relation: { type: 'MANY_TO_ONE', targetObject: 'pet', targetField: 'timelineActivities', onDelete: 'CASCADE' } }),
  ], standard);
  const deal = object('deal', 'deals', [
    field('name', 'TEXT', { isNullable: false }),
    field('amount', 'CURRENCY', { defaultValue: { amountMicros: 0, currencyCode: 'USD' }, icon: 'IconCash' }),
    field('stage', 'SELECT', {
      label: 'Pipeline stage',
      defaultValue: 'NEW',
      options: [
        { id: nextId(), value: 'WON', label: 'Won', color: 'green', position: 1 },
        { id: nextId(), value: 'NEW', label: 'Brand new', color: 'blue', position: 0 },
      ],
    }),
    field('code', 'TEXT', { isUnique: true, description: 'External code' }),
    field('company', 'RELATION', { relation: { type: 'MANY_TO_ONE', targetObject: 'company', targetField: 'deals', onDelete: 'CASCADE' } }),
    field('contact', 'RELATION', { relation: { type: 'MANY_TO_ONE', targetObject: 'person', targetField: 'contactForDeals', onDelete: 'SET_NULL' } }),
  ], { labelSingular: 'Sales deal', icon: 'IconCurrencyDollar' });
  deal.indexes = [
    { id: nextId(), name: 'IDX_deal_stage', fields: ['stage'], isUnique: false },
    { id: nextId(), name: 'UQ_deal_code', fields: ['code'], isUnique: true },
  ];
  const pet = object('pet', 'pets', [
    field('nickname', 'TEXT'),
    field('timelineActivities', 'RELATION', { isSystem: true, relation: { type: 'ONE_TO_MANY', targetObject: 'timelineActivity', targetField: 'pet' } }),
  ], { labelIdentifier: 'nickname' });
  const blocklist = object('blocklist', 'blocklists', [field('handle', 'TEXT')], { ...standard, isSystem: true });
  return { workspaceId: nextId(), schema: 'workspace_test', version: 3, objects: [company, person, timelineActivity, deal, pet, blocklist] };
}

function shuffled(model: WorkspaceModel): WorkspaceModel {
  const objects = [...model.objects].reverse().map((o) => ({
    ...o,
    fields: [...o.fields].reverse().map((f) => ({ ...f, options: f.options ? [...f.options].reverse() : null })),
    indexes: [...o.indexes].reverse(),
  }));
  return { ...model, objects };
}

test('export is deterministic: the same model in any order gives the same bytes', () => {
  const model = buildModel();
  assert.equal(exportModel(model), exportModel(model));
  assert.equal(exportModel(shuffled(model)), exportModel(model));
});

test('a small model exports to exactly this canonical text', () => {
  counter = 0;
  const model: WorkspaceModel = {
    workspaceId: nextId(), schema: 'workspace_test', version: 1,
    objects: [
      object('pet', 'pets', [field('name', 'TEXT', { id: '11111111-1111-4111-8111-111111111111', isNullable: false }), field('born', 'DATE', { id: '22222222-2222-4222-8222-222222222222', label: 'Birthday' })], {
        id: '33333333-3333-4333-8333-333333333333',
      }),
    ],
  };
  assert.equal(exportModel(model), [
    'apiVersion: twenty/v1',
    'objects:',
    '  pet:',
    '    fields:',
    '      born:',
    '        id: 22222222-2222-4222-8222-222222222222',
    '        label: Birthday',
    '        type: DATE',
    '      name:',
    '        id: 11111111-1111-4111-8111-111111111111',
    '        type: TEXT',
    '    id: 33333333-3333-4333-8333-333333333333',
    '    namePlural: pets',
    '',
  ].join('\n'));
});

test('export leaves out system objects, system fields, auto-created relations and standard fields', () => {
  const text = exportModel(buildModel());
  for (const absent of ['blocklist', 'createdAt', 'searchVector', 'timelineActivit', 'person:', 'nullable: true', 'unique: false', 'onDelete: SET_NULL']) {
    assert.ok(!text.includes(absent), `export should not contain "${absent}"`);
  }
  assert.match(text, /company:\n {4}extend: true\n {4}fields:\n {6}tier:/);
});

test('a relation is written once, on its MANY_TO_ONE side, with the inverse inline', () => {
  const { spec } = parseModelText(exportModel(buildModel()), 'export.yaml');
  const company = spec.objects.find((o) => o.nameSingular === 'company') as ObjectSpec;
  assert.deepEqual(company.fields.map((f) => f.name), ['tier']);
  const dealCompany = spec.objects.find((o) => o.nameSingular === 'deal')?.fields.find((f) => f.name === 'company');
  assert.deepEqual(dealCompany?.relation, { type: 'MANY_TO_ONE', target: 'company', onDelete: 'CASCADE', inverse: { name: 'deals' } });
});

function assertFieldRoundTrips(model: WorkspaceModel, objectName: string, expected: FieldModel, actual: FieldSpec | undefined): void {
  const where = `${objectName}.${expected.name}`;
  assert.ok(actual, `${where} is exported`);
  // What the resolver makes of the spec: TEXT is never nullable and '' is the implied empty text.
  const resolved = normalizeField({ ...expected, isNullable: actual.nullable ?? true, defaultValue: actual.default ?? null });
  assert.deepEqual(
    [actual.id, actual.type, actual.label ?? labelFromName(actual.name), actual.description ?? null, actual.icon ?? null, resolved.isNullable, actual.unique ?? false, resolved.defaultValue],
    [expected.id, expected.type, expected.label, expected.description, expected.icon, normalizeField(expected).isNullable, expected.isUnique, normalizeField(expected).defaultValue],
    where,
  );
  const options = [...(expected.options ?? [])].sort((a, b) => a.position - b.position).map((o) => ({ id: o.id, value: o.value, label: o.label, color: o.color }));
  assert.deepEqual((actual.options ?? []).map((o) => ({ id: o.id, value: o.value, label: o.label ?? labelFromOptionValue(o.value), color: o.color })), options, where);
  if (expected.relation) {
    const inverse = model.objects.find((o) => o.nameSingular === expected.relation?.targetObject)?.fields.find((f) => f.name === expected.relation?.targetField);
    assert.deepEqual(actual.relation, {
      type: expected.relation.type,
      target: expected.relation.targetObject,
      ...(expected.relation.onDelete && expected.relation.onDelete !== 'SET_NULL' ? { onDelete: expected.relation.onDelete } : {}),
      inverse: { name: expected.relation.targetField, ...(inverse && inverse.label !== labelFromName(inverse.name) ? { label: inverse.label } : {}) },
    }, where);
  }
}

test('parsing an export gives back a valid spec equivalent to the model', () => {
  const model = buildModel();
  const { spec, issues } = parseModelText(exportModel(model), 'export.yaml');
  assert.deepEqual(issues, []);
  const standardObjects = model.objects.filter((o) => !o.isCustom).map((o) => o.nameSingular);
  assert.deepEqual(validateModelSpec(spec, { existingObjects: standardObjects, standardObjects }), []);
  assert.deepEqual(spec.objects.map((o) => [o.nameSingular, o.extend]), [['company', true], ['deal', false], ['pet', false]]);
  for (const objectSpec of spec.objects) {
    const expected = model.objects.find((o) => o.nameSingular === objectSpec.nameSingular) as ObjectModel;
    assert.equal(objectSpec.id, expected.id);
    if (!objectSpec.extend) {
      assert.deepEqual(
        [objectSpec.namePlural, objectSpec.labelSingular ?? labelFromName(expected.nameSingular), objectSpec.labelPlural ?? labelFromName(expected.namePlural), objectSpec.icon ?? null, objectSpec.labelIdentifier ?? 'name'],
        [expected.namePlural, expected.labelSingular, expected.labelPlural, expected.icon, expected.labelIdentifier],
      );
      assert.deepEqual(objectSpec.indexes.map((i) => [i.id, i.name, i.fields, i.unique ?? false]), expected.indexes.map((i) => [i.id, i.name, i.fields, i.isUnique]));
    }
    const written = expected.fields.filter((f) => f.isCustom && !f.isSystem && f.relation?.type !== 'ONE_TO_MANY');
    assert.deepEqual(objectSpec.fields.map((f) => f.name).sort(), written.map((f) => f.name).sort());
    for (const f of written) assertFieldRoundTrips(model, objectSpec.nameSingular, f, objectSpec.fields.find((s) => s.name === f.name));
  }
  assert.equal(spec.objects.find((o) => o.nameSingular === 'pet')?.skipNameField, true);
});

test('includeStandard exports standard objects in full, as the standard template does', () => {
  const { spec, issues } = parseModelText(exportModel(buildModel(), { includeStandard: true }), 'export.yaml');
  assert.deepEqual(issues, []);
  const company = spec.objects.find((o) => o.nameSingular === 'company') as ObjectSpec;
  assert.deepEqual([company.extend, company.namePlural, company.fields.map((f) => f.name)], [false, 'companies', ['name', 'tier']]);
  assert.ok(spec.objects.some((o) => o.nameSingular === 'person'));
  assert.ok(!spec.objects.some((o) => o.nameSingular === 'blocklist'));
});
