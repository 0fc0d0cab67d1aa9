// A small hand-built workspace (company, person, opportunity) for the query compiler tests,
// its tables created from the model by a test-only DDL routine mirroring the physical layout
// (schema per workspace, composite columns flattened, enums per column, FK `<field>Id`).
import { fieldModel, objectModel } from './model-builder.ts';
import { query, type DbClient } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { ident, join, literal, sql, type Sql } from '../../src/core/sql.ts';
import { ACTOR_SOURCES, fieldColumns, RATING_VALUES } from '../../src/metadata/field-types.ts';
import type { FieldModel, FieldType, ObjectModel, RelationModel, WorkspaceModel } from '../../src/metadata/model.ts';
import { enumTypeName, tableName } from '../../src/metadata/names.ts';
import type { Actor, ConnectionQuery, Selection } from '../../src/api/query/ir.ts';

type FieldExtra = Partial<Omit<FieldModel, 'name' | 'type'>>;

function field(object: string, name: string, type: FieldType, extra: FieldExtra = {}): FieldModel {
  return fieldModel(`${object}.${name}`, name, type, extra);
}

function options(values: string[]): FieldExtra {
  return { options: values.map((value, position) => ({ id: value, value, label: value, color: 'blue', position })) };
}

function relation(r: RelationModel): FieldExtra {
  return { relation: r };
}

function systemFields(object: string): FieldModel[] {
  const system = (name: string, type: FieldType, extra: FieldExtra = {}) => field(object, name, type, { isSystem: true, ...extra });
  return [
    system('id', 'UUID', { isNullable: false, defaultValue: 'uuid' }),
    system('createdAt', 'DATE_TIME', { isNullable: false, defaultValue: 'now' }),
    system('updatedAt', 'DATE_TIME', { isNullable: false, defaultValue: 'now' }),
    system('deletedAt', 'DATE_TIME'),
    system('position', 'POSITION'),
    system('createdBy', 'ACTOR'),
    system('updatedBy', 'ACTOR'),
  ];
}

function object(nameSingular: string, namePlural: string, fields: FieldModel[]): ObjectModel {
  // A UUID: object ids go into event rows (core."eventOutbox"."objectMetadataId").
  const id = `00000000-0000-4000-9000-${Buffer.from(nameSingular.padEnd(6, '_').slice(0, 6)).toString('hex')}`;
  return objectModel(id, nameSingular, namePlural, [...systemFields(nameSingular), ...fields]);
}

export const TAGS = ['B2B', 'B2C', 'SAAS', 'HARDWARE'];
export const STAGES = ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER'];

export function buildModel(schema = 'workspace_query_test'): WorkspaceModel {
  const c = (name: string, type: FieldType, extra?: FieldExtra) => field('company', name, type, extra);
  const p = (name: string, type: FieldType, extra?: FieldExtra) => field('person', name, type, extra);
  const o = (name: string, type: FieldType, extra?: FieldExtra) => field('opportunity', name, type, extra);
  return {
    workspaceId: '20202020-0000-4000-8000-000000000000',
    schema,
    version: 1,
    objects: [
      object('company', 'companies', [
        c('name', 'TEXT'),
        c('domainName', 'LINKS', { isUnique: true }),
        c('employees', 'NUMBER'),
        c('address', 'ADDRESS'),
        c('idealCustomerProfile', 'BOOLEAN'),
        c('annualRecurringRevenue', 'CURRENCY'),
        c('tagline', 'TEXT'),
        c('tags', 'MULTI_SELECT', options(TAGS)),
        c('rating', 'RATING', options([...RATING_VALUES])),
        c('foundedOn', 'DATE'),
        c('valuation', 'NUMERIC'),
        c('metadata', 'RAW_JSON'),
        c('keywords', 'ARRAY'),
        c('searchVector', 'TS_VECTOR'),
        c('people', 'RELATION', relation({ type: 'ONE_TO_MANY', targetObject: 'person', targetField: 'company' })),
        c('opportunities', 'RELATION', relation({ type: 'ONE_TO_MANY', targetObject: 'opportunity', targetField: 'company' })),
      ]),
      object('person', 'people', [
        p('name', 'FULL_NAME'),
        p('emails', 'EMAILS', { isUnique: true }),
        p('jobTitle', 'TEXT'),
        p('city', 'TEXT'),
        p('company', 'RELATION', relation({ type: 'MANY_TO_ONE', targetObject: 'company', targetField: 'people', onDelete: 'SET_NULL' })),
        p('pointOfContactForOpportunities', 'RELATION', relation({ type: 'ONE_TO_MANY', targetObject: 'opportunity', targetField: 'pointOfContact' })),
      ]),
      object('opportunity', 'opportunities', [
        o('name', 'TEXT'),
        o('amount', 'CURRENCY'),
        o('stage', 'SELECT', options(STAGES)),
        o('closeDate', 'DATE_TIME'),
        o('company', 'RELATION', relation({ type: 'MANY_TO_ONE', targetObject: 'company', targetField: 'opportunities', onDelete: 'SET_NULL' })),
        o('pointOfContact', 'RELATION', relation({ type: 'MANY_TO_ONE', targetObject: 'person', targetField: 'pointOfContactForOpportunities', onDelete: 'SET_NULL' })),
      ]),
    ],
  };
}

const PG_TYPES: Record<string, Sql> = {
  uuid: sql`uuid`,
  text: sql`text`,
  'double precision': sql`double precision`,
  numeric: sql`numeric`,
  boolean: sql`boolean`,
  date: sql`date`,
  timestamptz: sql`timestamptz`,
  jsonb: sql`jsonb`,
  'text[]': sql`text[]`,
};

function enumValues(f: FieldModel, subEnum?: readonly string[]): readonly string[] {
  return subEnum ?? f.options?.map((o) => o.value) ?? (f.type === 'RATING' ? RATING_VALUES : []);
}

function columnDefinitions(model: WorkspaceModel, obj: ObjectModel): { enums: Sql[]; columns: Sql[] } {
  const table = tableName(obj);
  const enums: Sql[] = [];
  const columns: Sql[] = [];
  for (const f of obj.fields) {
    for (const column of fieldColumns(f)) {
      const name = ident(column.column);
      let type = PG_TYPES[column.pg];
      if (column.pg === 'enum' || column.pg === 'enum[]') {
        const enumName = ident(model.schema, enumTypeName(table, column.column));
        const values = enumValues(f, column.subField?.enumValues ?? (column.subField ? ACTOR_SOURCES : undefined));
        enums.push(sql`CREATE TYPE ${enumName} AS ENUM (${join(values.map((v) => literal(v)))})`);
        type = column.pg === 'enum' ? enumName : sql`${enumName}[]`;
      }
      if (f.name === 'id') columns.push(sql`${name} uuid PRIMARY KEY DEFAULT gen_random_uuid()`);
      else if (f.name === 'createdAt' || f.name === 'updatedAt') columns.push(sql`${name} timestamptz NOT NULL DEFAULT now()`);
      else if (column.pg === 'tsvector') columns.push(sql`${name} tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("name", ''))) STORED`);
      else if (f.type === 'RELATION') {
        const target = model.objects.find((o) => o.nameSingular === f.relation?.targetObject) as ObjectModel;
        columns.push(sql`${name} uuid REFERENCES ${ident(model.schema, tableName(target))} ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED`);
      } else columns.push(sql`${name} ${type}`);
    }
  }
  return { enums, columns };
}

/** Creates the workspace schema, enums, tables and unique indexes of the model. */
export async function createWorkspaceSchema(db: DbClient, model: WorkspaceModel): Promise<void> {
  // Mutations write their events to core."eventOutbox" in the same statement.
  if ('totalCount' in db) await migrate(db);
  await query(db, sql`CREATE SCHEMA ${ident(model.schema)}`);
  // Referenced tables first: company has no FK, person references company, opportunity both.
  for (const obj of model.objects) {
    const { enums, columns } = columnDefinitions(model, obj);
    for (const statement of enums) await query(db, statement);
    await query(db, sql`CREATE TABLE ${ident(model.schema, tableName(obj))} (${join(columns)})`);
    for (const f of obj.fields.filter((x) => x.isUnique)) {
      const unique = fieldColumns(f).filter((c) => !c.subField || c.subField.unique);
      await query(db, sql`CREATE UNIQUE INDEX ON ${ident(model.schema, tableName(obj))} (${join(unique.map((c) => ident(c.column)))}) WHERE "deletedAt" IS NULL`);
    }
  }
}

/** Inserts one row given by column name (test seeding bypasses the compiler on purpose). */
export async function insertRow(db: DbClient, model: WorkspaceModel, objectName: string, values: Record<string, unknown>): Promise<void> {
  const obj = model.objects.find((o) => o.nameSingular === objectName) as ObjectModel;
  const entries = Object.entries(values);
  const params = entries.map(([, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v));
  await query(db, sql`INSERT INTO ${ident(model.schema, tableName(obj))} (${join(entries.map(([k]) => ident(k)))}) VALUES (${join(params.map((v) => sql`${v}`))})`);
}

export const id = (kind: 'company' | 'person' | 'opportunity', n: number): string =>
  `00000000-0000-4000-8000-0000000${{ company: '1', person: '2', opportunity: '3' }[kind]}${String(n).padStart(4, '0')}`;

export const DELETED_AT = '2024-03-01T00:00:00Z';

/** The seed rows, by column: companies 1..5 (5 soft-deleted), people 1..6 (5 soft-deleted), opportunities 1..3. */
export async function seed(db: DbClient, model: WorkspaceModel): Promise<void> {
  const companies: Record<string, unknown>[] = [
    { name: 'Acme', domainNamePrimaryLinkUrl: 'https://acme.com', employees: 100, addressAddressCity: 'Paris', addressAddressCountry: 'France', idealCustomerProfile: true, annualRecurringRevenueAmountMicros: '1000000000', annualRecurringRevenueCurrencyCode: 'USD', tagline: 'Rockets & more', tags: ['B2B', 'SAAS'], rating: 'RATING_3', foundedOn: '2001-02-03', valuation: '12345678901234567890.5', metadata: { tier: 'gold' }, keywords: ['rocket', 'space'], position: 1 },
    { name: 'Globex', domainNamePrimaryLinkUrl: 'https://globex.io', employees: 50, addressAddressCity: 'Berlin', idealCustomerProfile: false, annualRecurringRevenueAmountMicros: '500000000', annualRecurringRevenueCurrencyCode: 'EUR', tagline: '100%_pure', tags: ['B2C'], rating: 'RATING_5', foundedOn: '1999-12-31', valuation: '1', metadata: { tier: 'silver' }, keywords: ['chemicals'], position: 2 },
    { name: 'Initech', domainNamePrimaryLinkUrl: 'https://initech.com', employees: null, tags: [], keywords: [], position: 3 },
    { name: `O'Brien "Quotes"; DROP TABLE x; --`, domainNamePrimaryLinkUrl: 'https://obrien.ie', employees: 10, idealCustomerProfile: true, position: 4 },
    { name: 'Deleted Co', domainNamePrimaryLinkUrl: 'https://deleted.co', employees: 1, position: 5, deletedAt: DELETED_AT },
  ];
  for (const [i, c] of companies.entries()) await insertRow(db, model, 'company', { id: id('company', i + 1), createdAt: `2024-01-0${i + 1}T00:00:00.123456Z`, ...c });
  const people: Record<string, unknown>[] = [
    { nameFirstName: 'John', nameLastName: 'Doe', emailsPrimaryEmail: 'john@acme.com', jobTitle: 'CEO', city: 'Paris', companyId: id('company', 1) },
    { nameFirstName: 'Jane', nameLastName: 'Doe', emailsPrimaryEmail: 'jane@acme.com', jobTitle: 'CTO', city: 'Paris', companyId: id('company', 1) },
    { nameFirstName: 'Bob', nameLastName: 'Smith', emailsPrimaryEmail: 'bob@globex.io', jobTitle: 'Engineer', city: 'Berlin', companyId: id('company', 2) },
    { nameFirstName: 'Alice', nameLastName: 'Null' },
    { nameFirstName: 'Eve', nameLastName: 'Deleted', emailsPrimaryEmail: 'eve@acme.com', companyId: id('company', 1), deletedAt: DELETED_AT },
    { nameFirstName: 'Zed', nameLastName: 'Zero', emailsPrimaryEmail: 'zed@initech.com', jobTitle: 'Intern', city: 'Austin', companyId: id('company', 3) },
  ];
  for (const [i, p] of people.entries()) await insertRow(db, model, 'person', { id: id('person', i + 1), position: i + 1, ...p });
  const opportunities: Record<string, unknown>[] = [
    { name: 'Big deal', amountAmountMicros: '5000000000', amountCurrencyCode: 'USD', stage: 'MEETING', closeDate: '2024-06-01T10:00:00Z', companyId: id('company', 1), pointOfContactId: id('person', 1) },
    { name: 'Small deal', amountAmountMicros: '1000000', amountCurrencyCode: 'EUR', stage: 'NEW', closeDate: '2024-01-15T00:00:00Z', companyId: id('company', 2), pointOfContactId: id('person', 3) },
    { name: 'No stage', companyId: id('company', 1) },
  ];
  for (const [i, o] of opportunities.entries()) await insertRow(db, model, 'opportunity', { id: id('opportunity', i + 1), position: i + 1, ...o });
}

let schemas = 0;

/** A fresh seeded workspace schema in the test database (one per test keeps tests independent). */
export async function seededWorkspace(db: DbClient): Promise<WorkspaceModel> {
  const model = buildModel(`workspace_query_${process.pid}_${schemas++}`);
  await createWorkspaceSchema(db, model);
  await seed(db, model);
  return model;
}

/** A selection of plain fields, each under its own name. */
export function fields(...names: string[]): Selection {
  return { fields: names.map((name) => ({ kind: 'field', alias: name, field: name })) };
}

const NO_PARTS = { edges: false, cursor: false, pageInfo: false, totalCount: false, aggregates: [] };

/** A forward list of ids ordered by id, overridable part by part. */
export function listQuery(object: string, extra: Partial<ConnectionQuery> = {}): ConnectionQuery {
  return { object, orderBy: [], direction: 'forward', limit: 100, withDeleted: false, selection: fields('id'), shape: 'list', want: NO_PARTS, ...extra };
}

/** A connection with edges, cursors and pageInfo, overridable part by part. */
export function connectionQuery(object: string, extra: Partial<ConnectionQuery> = {}): ConnectionQuery {
  return listQuery(object, { shape: 'connection', want: { ...NO_PARTS, edges: true, cursor: true, pageInfo: true }, ...extra });
}

export const API_ACTOR: Actor = { source: 'API', workspaceMemberId: null, name: 'Test key' };
