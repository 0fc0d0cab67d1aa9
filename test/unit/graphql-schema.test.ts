import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printSchema, validateSchema, type GraphQLInputObjectType, type GraphQLObjectType } from 'graphql';
import { buildWorkspaceSchema } from '../../src/api/graphql/schema.ts';
import { FILTER_OPERATORS } from '../../src/metadata/field-types.ts';
import type { WorkspaceModel } from '../../src/metadata/model.ts';
import { assertGolden } from '../helpers/golden.ts';
import { field, object, relation, smallModel } from '../fixtures/graphql/small-model.ts';

const GOLDEN = new URL('../fixtures/graphql/small-model.graphql', import.meta.url);

test('the schema of the small model matches the golden SDL', () => {
  const schema = buildWorkspaceSchema(smallModel());
  assert.deepEqual(validateSchema(schema), []);
  const sdl = `${printSchema(schema)}\n`;
  assertGolden(GOLDEN, sdl);
});

test('every object gets Twenty’s root fields and type names', () => {
  const schema = buildWorkspaceSchema(smallModel());
  const query = Object.keys(schema.getQueryType()?.getFields() ?? {});
  const mutation = Object.keys(schema.getMutationType()?.getFields() ?? {});
  assert.deepEqual(query.filter((n) => /compan/i.test(n)), ['companies', 'company', 'companyDuplicates']);
  assert.deepEqual(
    mutation.filter((n) => /compan/i.test(n)),
    ['createCompany', 'createCompanies', 'updateCompany', 'updateCompanies', 'deleteCompany', 'deleteCompanies', 'destroyCompany', 'destroyCompanies', 'restoreCompany', 'restoreCompanies', 'mergeCompanies'],
  );
  for (const name of ['Company', 'CompanyEdge', 'CompanyConnection', 'CompanyCreateInput', 'CompanyUpdateInput', 'CompanyFilterInput', 'CompanyOrderByInput', 'OpportunityStageEnum', 'FullNameFilterInput', 'LinksCreateInput', 'CurrencyOrderByInput', 'PageInfo']) {
    assert.ok(schema.getType(name), `type ${name} exists`);
  }
});

test('scalar filter types carry exactly the operators of their filter kind', () => {
  const schema = buildWorkspaceSchema(smallModel());
  const kinds = { UUIDFilter: 'UUID', IDFilter: 'ID', StringFilter: 'String', FloatFilter: 'Float', BigFloatFilter: 'BigFloat', DateFilter: 'Date', DateTimeFilter: 'DateTime', BooleanFilter: 'Boolean', ArrayFilter: 'Array', RawJsonFilter: 'RawJson', TSVectorFilter: 'TSVector', OpportunityStageEnumFilter: 'Select', CompanyTagsEnumFilter: 'MultiSelect' } as const;
  for (const [typeName, kind] of Object.entries(kinds)) {
    const type = schema.getType(typeName) as GraphQLInputObjectType;
    assert.deepEqual(Object.keys(type.getFields()), [...FILTER_OPERATORS[kind]], typeName);
  }
});

test('relations expose the FK and related record, and relations to absent objects are left out', () => {
  const schema = buildWorkspaceSchema(smallModel());
  const person = schema.getType('Person') as GraphQLObjectType;
  assert.equal(String(person.getFields().company.type), 'Company');
  assert.equal(String(person.getFields().companyId.type), 'UUID');
  const company = schema.getType('Company') as GraphQLObjectType;
  assert.equal(String(company.getFields().people.type), 'PersonConnection');
  assert.deepEqual(company.getFields().people.args.map((a) => a.name), ['filter', 'orderBy', 'first', 'last', 'offset', 'before', 'after']);
  assert.equal(company.getFields().accountOwner, undefined);
  assert.equal(company.getFields().accountOwnerId, undefined);
});

test('many-to-one fields take Twenty 2.43’s nested connect/disconnect input, keyed by the target’s unique fields', () => {
  const model = smallModel();
  const company = model.objects.find((o) => o.nameSingular === 'company');
  const domain = company?.fields.find((f) => f.name === 'domainName');
  if (domain) domain.isUnique = true;
  const schema = buildWorkspaceSchema(model);
  assert.deepEqual(validateSchema(schema), []);
  for (const input of ['PersonCreateInput', 'PersonUpdateInput', 'OpportunityCreateInput', 'OpportunityUpdateInput']) {
    const fields = (schema.getType(input) as GraphQLInputObjectType).getFields();
    assert.equal(String(fields.company.type), 'CompanyRelationInput', input);
    assert.equal(String(fields.companyId.type), 'UUID', input);
  }
  const relationInput = (schema.getType('CompanyRelationInput') as GraphQLInputObjectType).getFields();
  assert.deepEqual(Object.fromEntries(Object.values(relationInput).map((f) => [f.name, String(f.type)])), { connect: 'CompanyConnectInput', disconnect: 'Boolean' });
  const connect = (schema.getType('CompanyConnectInput') as GraphQLInputObjectType).getFields();
  assert.equal(String(connect.where.type), 'CompanyWhereUniqueInput');
  const where = (schema.getType('CompanyWhereUniqueInput') as GraphQLInputObjectType).getFields();
  assert.deepEqual(Object.fromEntries(Object.values(where).map((f) => [f.name, String(f.type)])), { id: 'UUID', domainName: 'CompanyDomainNameWhereInput' });
  const composite = (schema.getType('CompanyDomainNameWhereInput') as GraphQLInputObjectType).getFields();
  assert.deepEqual(Object.keys(composite), ['primaryLinkUrl']);
  const create = (schema.getType('CompanyCreateInput') as GraphQLInputObjectType).getFields();
  assert.equal(create.people, undefined, 'one-to-many sides take no nested input');
});

test('create inputs require non-nullable fields without a default; update inputs require nothing', () => {
  const schema = buildWorkspaceSchema(smallModel());
  const create = (schema.getType('PersonCreateInput') as GraphQLInputObjectType).getFields();
  assert.equal(String(create.jobTitle.type), 'String!');
  assert.equal(String(create.id.type), 'UUID');
  assert.equal(String(create.companyId.type), 'UUID');
  assert.equal(create.searchVector, undefined);
  const update = (schema.getType('PersonUpdateInput') as GraphQLInputObjectType).getFields();
  assert.equal(String(update.jobTitle.type), 'String');
  assert.equal(update.id, undefined);
  const actor = (schema.getType('ActorCreateInput') as GraphQLInputObjectType).getFields();
  assert.deepEqual(Object.keys(actor), ['source', 'context']);
});

test('connections offer totalCount and Twenty’s aggregate fields', () => {
  const schema = buildWorkspaceSchema(smallModel());
  const fields = (schema.getType('OpportunityConnection') as GraphQLObjectType).getFields();
  for (const name of ['totalCount', 'countUniqueValuesName', 'percentageEmptyStage', 'sumAmountAmountMicros', 'avgAmountAmountMicros', 'minCreatedAt']) {
    assert.ok(fields[name], name);
  }
  const companies = (schema.getType('CompanyConnection') as GraphQLObjectType).getFields();
  assert.ok(companies.countTrueIdealCustomerProfile && companies.sumEmployees);
  assert.equal(companies.countEmptyPeople, undefined);
});

function wideModel(objects: number): WorkspaceModel {
  const names = Array.from({ length: objects }, (_, i) => `thing${i}`);
  return {
    workspaceId: '20202020-0000-4000-8000-000000000001',
    schema: 'workspace_wide',
    version: 1,
    objects: names.map((name, i) =>
      object(name, `${name}s`, [
        field('name', 'TEXT'),
        field('amount', 'CURRENCY'),
        field('owner', 'FULL_NAME'),
        field('email', 'EMAILS'),
        field('score', 'NUMBER'),
        field('due', 'DATE_TIME'),
        field('done', 'BOOLEAN'),
        field('status', 'SELECT', { options: [{ id: 'a', value: 'OPEN', label: 'Open', color: 'red', position: 0 }] }),
        relation('parent', { type: 'MANY_TO_ONE', targetObject: names[(i + 1) % objects], targetField: 'children', onDelete: 'SET_NULL' }),
        relation('children', { type: 'ONE_TO_MANY', targetObject: names[(i + objects - 1) % objects], targetField: 'parent' }),
      ]),
    ),
  };
}

test('schemas of 12 and 100 objects build and validate (build time is logged, not asserted)', () => {
  for (const size of [12, 100]) {
    const model = wideModel(size);
    const started = performance.now();
    const schema = buildWorkspaceSchema(model);
    assert.deepEqual(validateSchema(schema), []);
    const ms = performance.now() - started;
    console.log(`schema build + validate: ${size} objects in ${ms.toFixed(1)} ms (${Object.keys(schema.getTypeMap()).length} types)`);
  }
});
