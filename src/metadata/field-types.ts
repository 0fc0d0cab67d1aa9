// One table: each field type → its Postgres columns, GraphQL types and filter operators.
// DDL, the GraphQL schema, the query compiler, REST parsing and OpenAPI all read this table.
import type { FieldModel, FieldType } from './model.ts';
import { columnName, joinColumnName } from './names.ts';

/** The filter input a column gets; each kind has a fixed operator set (spec §1.4). */
export type FilterKind =
  | 'ID'
  | 'UUID'
  | 'String'
  | 'Float'
  | 'BigFloat'
  | 'Date'
  | 'DateTime'
  | 'Boolean'
  | 'Select'
  | 'MultiSelect'
  | 'Array'
  | 'RawJson'
  | 'TSVector';

export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'in'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'startsWith'
  | 'endsWith'
  | 'like'
  | 'ilike'
  | 'is'
  | 'containsAny'
  | 'containsIlike'
  | 'isEmptyArray'
  | 'search';

export const FILTER_OPERATORS: Record<FilterKind, readonly FilterOperator[]> = {
  ID: ['eq', 'neq', 'in', 'is'],
  UUID: ['eq', 'neq', 'in', 'is'],
  String: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'endsWith', 'like', 'ilike', 'is'],
  Float: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'is'],
  BigFloat: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'is'],
  Date: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'is'],
  DateTime: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'is'],
  Boolean: ['eq', 'is'],
  Select: ['eq', 'neq', 'in', 'is'],
  MultiSelect: ['containsAny', 'is', 'isEmptyArray'],
  Array: ['containsIlike', 'is', 'isEmptyArray'],
  RawJson: ['is', 'like'],
  TSVector: ['search'],
};

/** GraphQL output scalar (or the marker 'Enum' for a per-field enum type). */
export type GqlScalar = 'UUID' | 'ID' | 'String' | 'Float' | 'Int' | 'BigFloat' | 'Boolean' | 'Date' | 'DateTime' | 'JSON' | 'Position' | 'TSVector' | 'Enum' | 'EnumList' | 'StringList';

export interface SubFieldSpec {
  name: string;
  pg: string;
  gql: GqlScalar;
  filter: FilterKind;
  /** Hidden from create/update inputs: the server fills it (actor name, member id). */
  inputHidden?: boolean;
  /** Counts for upsert/duplicate matching when the composite field is unique. */
  unique?: boolean;
  /** Enum values for a sub-field stored as a Postgres enum (ACTOR source). */
  enumValues?: readonly string[];
  /** A text part whose empty state is '' (Twenty's generated default), never null. */
  emptyText?: boolean;
}

export interface CompositeSpec {
  gqlType: string;
  subFields: readonly SubFieldSpec[];
}

export interface FieldTypeSpec {
  /** Postgres type of the single column; 'enum' / 'enum[]' use a per-field enum type. */
  pg?: string;
  gql?: GqlScalar;
  filter?: FilterKind;
  composite?: CompositeSpec;
  orderable: boolean;
}

export const ACTOR_SOURCES = ['EMAIL', 'CALENDAR', 'WORKFLOW', 'AGENT', 'API', 'IMPORT', 'MANUAL', 'SYSTEM', 'WEBHOOK'] as const;

const text = (name: string, extra: Partial<SubFieldSpec> = {}): SubFieldSpec => ({ name, pg: 'text', gql: 'String', filter: 'String', ...extra });
/** The text parts Twenty defaults to '' (deprecatedGenerateDefaultValue in twenty-server). */
const emptyText = (name: string, extra: Partial<SubFieldSpec> = {}): SubFieldSpec => text(name, { emptyText: true, ...extra });
const json = (name: string): SubFieldSpec => ({ name, pg: 'jsonb', gql: 'JSON', filter: 'RawJson' });

export const FIELD_TYPE_SPECS: Record<FieldType, FieldTypeSpec> = {
  UUID: { pg: 'uuid', gql: 'UUID', filter: 'UUID', orderable: true },
  TEXT: { pg: 'text', gql: 'String', filter: 'String', orderable: true },
  NUMBER: { pg: 'double precision', gql: 'Float', filter: 'Float', orderable: true },
  NUMERIC: { pg: 'numeric', gql: 'BigFloat', filter: 'BigFloat', orderable: true },
  BOOLEAN: { pg: 'boolean', gql: 'Boolean', filter: 'Boolean', orderable: true },
  DATE: { pg: 'date', gql: 'Date', filter: 'Date', orderable: true },
  DATE_TIME: { pg: 'timestamptz', gql: 'DateTime', filter: 'DateTime', orderable: true },
  SELECT: { pg: 'enum', gql: 'Enum', filter: 'Select', orderable: true },
  RATING: { pg: 'enum', gql: 'Enum', filter: 'Select', orderable: true },
  MULTI_SELECT: { pg: 'enum[]', gql: 'EnumList', filter: 'MultiSelect', orderable: false },
  RAW_JSON: { pg: 'jsonb', gql: 'JSON', filter: 'RawJson', orderable: false },
  // A list of {fileId, label, extension} (Twenty 2.43); the bytes live in storage, tracked in core.file.
  FILES: { pg: 'jsonb', gql: 'JSON', filter: 'RawJson', orderable: false },
  ARRAY: { pg: 'text[]', gql: 'StringList', filter: 'Array', orderable: false },
  POSITION: { pg: 'double precision', gql: 'Position', filter: 'Float', orderable: true },
  TS_VECTOR: { pg: 'tsvector', gql: 'TSVector', filter: 'TSVector', orderable: false },
  RELATION: { orderable: false },
  CURRENCY: {
    orderable: true,
    composite: {
      gqlType: 'Currency',
      subFields: [
        { name: 'amountMicros', pg: 'numeric', gql: 'BigFloat', filter: 'BigFloat' },
        emptyText('currencyCode'),
      ],
    },
  },
  FULL_NAME: { orderable: true, composite: { gqlType: 'FullName', subFields: [emptyText('firstName'), emptyText('lastName')] } },
  LINKS: {
    orderable: true,
    composite: { gqlType: 'Links', subFields: [emptyText('primaryLinkUrl', { unique: true }), emptyText('primaryLinkLabel'), json('secondaryLinks')] },
  },
  EMAILS: { orderable: true, composite: { gqlType: 'Emails', subFields: [emptyText('primaryEmail', { unique: true }), json('additionalEmails')] } },
  PHONES: {
    orderable: true,
    composite: {
      gqlType: 'Phones',
      subFields: [
        emptyText('primaryPhoneNumber', { unique: true }),
        emptyText('primaryPhoneCountryCode'),
        emptyText('primaryPhoneCallingCode'),
        json('additionalPhones'),
      ],
    },
  },
  ADDRESS: {
    orderable: true,
    composite: {
      gqlType: 'Address',
      subFields: [
        emptyText('addressStreet1'),
        emptyText('addressStreet2'),
        emptyText('addressCity'),
        emptyText('addressState'),
        emptyText('addressPostcode'),
        emptyText('addressCountry'),
        { name: 'addressLat', pg: 'numeric', gql: 'Float', filter: 'Float' },
        { name: 'addressLng', pg: 'numeric', gql: 'Float', filter: 'Float' },
      ],
    },
  },
  ACTOR: {
    orderable: true,
    composite: {
      gqlType: 'Actor',
      subFields: [
        { name: 'source', pg: 'enum', gql: 'Enum', filter: 'Select', enumValues: ACTOR_SOURCES },
        { name: 'workspaceMemberId', pg: 'uuid', gql: 'UUID', filter: 'UUID', inputHidden: true },
        text('name', { inputHidden: true }),
        json('context'),
      ],
    },
  },
  RICH_TEXT_V2: { orderable: false, composite: { gqlType: 'RichTextV2', subFields: [text('blocknote'), text('markdown')] } },
};

export function isComposite(type: FieldType): boolean {
  return FIELD_TYPE_SPECS[type].composite !== undefined;
}

export function isEnumType(type: FieldType): boolean {
  return type === 'SELECT' || type === 'MULTI_SELECT' || type === 'RATING';
}

export const RATING_VALUES = ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5'] as const;

/** A physical column of a field: the column name, its sub-field (composites) and spec. */
export interface FieldColumn {
  column: string;
  subField?: SubFieldSpec;
  pg: string;
  filter: FilterKind;
}

/**
 * Whether a column is text whose empty state is '' (NOT NULL DEFAULT ''): every TEXT field,
 * whatever `nullable` says (Twenty computes it from the type), and the `emptyText` parts of
 * composites. Decided by the type alone, so DDL, writes and filters agree on it.
 */
export function isEmptyTextColumn(field: Pick<FieldModel, 'type'>, column: FieldColumn): boolean {
  if (column.pg !== 'text') return false;
  return column.subField ? column.subField.emptyText === true : field.type === 'TEXT';
}

/** The columns a field owns in its table (none for ONE_TO_MANY relations). */
export function fieldColumns(field: Pick<FieldModel, 'name' | 'type' | 'relation'>): FieldColumn[] {
  const spec = FIELD_TYPE_SPECS[field.type];
  if (field.type === 'RELATION') {
    if (field.relation?.type !== 'MANY_TO_ONE') return [];
    return [{ column: joinColumnName(field.name), pg: 'uuid', filter: 'ID' }];
  }
  if (spec.composite) {
    return spec.composite.subFields.map((sub) => ({ column: columnName(field.name, sub.name), subField: sub, pg: sub.pg, filter: sub.filter }));
  }
  return [{ column: field.name, pg: spec.pg as string, filter: spec.filter as FilterKind }];
}
