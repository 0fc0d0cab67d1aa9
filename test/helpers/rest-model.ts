// A small workspace model for pure REST tests: companies, people, notes and the noteTarget
// junction, with one field of most types.
import { fieldModel, objectModel } from './model-builder.ts';
import type { FieldModel, FieldType, ObjectModel, RelationModel, WorkspaceModel } from '../../src/metadata/model.ts';

let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

function field(name: string, type: FieldType, extra: Partial<FieldModel> = {}): FieldModel {
  return fieldModel(nextId(), name, type, extra);
}

const relation = (name: string, rel: RelationModel) => field(name, 'RELATION', { relation: rel });
const options = (...values: string[]) => values.map((value, position) => ({ id: nextId(), value, label: value, color: 'blue', position }));

function systemFields(): FieldModel[] {
  return [
    field('id', 'UUID', { isSystem: true, isNullable: false, defaultValue: 'uuid' }),
    field('createdAt', 'DATE_TIME', { isSystem: true, isNullable: false, defaultValue: 'now' }),
    field('updatedAt', 'DATE_TIME', { isSystem: true, isNullable: false, defaultValue: 'now' }),
    field('deletedAt', 'DATE_TIME', { isSystem: true }),
  ];
}

function object(nameSingular: string, namePlural: string, fields: FieldModel[], extra: Partial<ObjectModel> = {}): ObjectModel {
  return objectModel(nextId(), nameSingular, namePlural, [...systemFields(), ...fields], extra);
}

export function restTestModel(): WorkspaceModel {
  const company = object('company', 'companies', [
    field('name', 'TEXT', { isNullable: false, defaultValue: '' }),
    field('domainName', 'LINKS'),
    field('employees', 'NUMBER'),
    field('idealCustomerProfile', 'BOOLEAN', { isNullable: false, defaultValue: false }),
    field('annualRecurringRevenue', 'CURRENCY'),
    field('address', 'ADDRESS'),
    field('stage', 'SELECT', { options: options('LEAD', 'CUSTOMER', 'CHURNED') }),
    field('rating', 'RATING'),
    field('tagline', 'TEXT', { isNullable: false }),
    field('position', 'POSITION', { isSystem: true }),
    field('createdBy', 'ACTOR', { isSystem: true }),
    field('searchVector', 'TS_VECTOR', { isSystem: true }),
    field('extra', 'RAW_JSON'),
    field('aliases', 'ARRAY'),
    field('founded', 'DATE'),
    field('valuation', 'NUMERIC'),
    relation('people', { type: 'ONE_TO_MANY', targetObject: 'person', targetField: 'company' }),
    relation('noteTargets', { type: 'ONE_TO_MANY', targetObject: 'noteTarget', targetField: 'company' }),
  ]);
  const person = object('person', 'people', [
    field('name', 'FULL_NAME'),
    field('emails', 'EMAILS'),
    field('city', 'TEXT'),
    field('tags', 'MULTI_SELECT', { options: options('VIP', 'PARTNER') }),
    field('birthday', 'DATE'),
    relation('company', { type: 'MANY_TO_ONE', targetObject: 'company', targetField: 'people', onDelete: 'SET_NULL' }),
    relation('noteTargets', { type: 'ONE_TO_MANY', targetObject: 'noteTarget', targetField: 'person' }),
  ]);
  const note = object('note', 'notes', [
    field('title', 'TEXT'),
    field('bodyV2', 'RICH_TEXT_V2'),
    relation('noteTargets', { type: 'ONE_TO_MANY', targetObject: 'noteTarget', targetField: 'note' }),
  ], { labelIdentifier: 'title' });
  const noteTarget = object('noteTarget', 'noteTargets', [
    relation('note', { type: 'MANY_TO_ONE', targetObject: 'note', targetField: 'noteTargets', onDelete: 'CASCADE' }),
    relation('person', { type: 'MANY_TO_ONE', targetObject: 'person', targetField: 'noteTargets', onDelete: 'CASCADE' }),
    relation('company', { type: 'MANY_TO_ONE', targetObject: 'company', targetField: 'noteTargets', onDelete: 'CASCADE' }),
  ], { isSystem: true, labelIdentifier: null });
  return { workspaceId: '20202020-1c25-4d02-bf25-6aeccf7ea419', schema: 'workspace_test', version: 3, objects: [company, person, note, noteTarget] };
}

export function objectOf(model: WorkspaceModel, nameSingular: string): ObjectModel {
  const found = model.objects.find((o) => o.nameSingular === nameSingular);
  if (!found) throw new Error(`test model has no object ${nameSingular}`);
  return found;
}
