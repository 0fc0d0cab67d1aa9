// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) for one object's records: the response
// record, the create body and the update body, derived from the field-type table.
import { FIELD_TYPE_SPECS, RATING_VALUES, type SubFieldSpec } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { joinColumnName, objectTypeName } from '../../metadata/names.ts';

export type JsonSchema = Record<string, unknown>;

export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const recordSchemaName = (object: ObjectModel) => `${objectTypeName(object)}ForResponse`;
export const createSchemaName = (object: ObjectModel) => objectTypeName(object);
export const updateSchemaName = (object: ObjectModel) => `${objectTypeName(object)}ForUpdate`;

// Server-maintained columns: returned, never written.
const READ_ONLY = new Set(['updatedAt', 'deletedAt']);

const PG_SCHEMAS: Record<string, JsonSchema> = {
  uuid: { type: 'string', format: 'uuid' },
  text: { type: 'string' },
  'double precision': { type: 'number' },
  numeric: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  timestamptz: { type: 'string', format: 'date-time' },
  'text[]': { type: 'array', items: { type: 'string' } },
  jsonb: {},
};

const JSON_SUBFIELDS: Record<string, JsonSchema> = {
  additionalEmails: { type: 'array', items: { type: 'string' } },
  additionalPhones: {
    type: 'array',
    items: { type: 'object', properties: { number: { type: 'string' }, callingCode: { type: 'string' }, countryCode: { type: 'string' } } },
  },
  secondaryLinks: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, label: { type: 'string' } } } },
  context: { type: 'object' },
};

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
  return schema;
}

function enumValues(field: FieldModel): string[] {
  if (field.options && field.options.length > 0) return field.options.map((o) => o.value);
  return field.type === 'RATING' ? [...RATING_VALUES] : [];
}

function subFieldSchema(sub: SubFieldSpec): JsonSchema {
  if (sub.enumValues) return { type: 'string', enum: [...sub.enumValues] };
  if (sub.pg === 'jsonb') return JSON_SUBFIELDS[sub.name] ?? {};
  return PG_SCHEMAS[sub.pg] ?? {};
}

function valueSchema(field: FieldModel, forInput: boolean): JsonSchema {
  const spec = FIELD_TYPE_SPECS[field.type];
  if (spec.composite) {
    const subs = spec.composite.subFields.filter((s) => !(forInput && s.inputHidden));
    return { type: 'object', properties: Object.fromEntries(subs.map((s) => [s.name, nullable(subFieldSchema(s))])) };
  }
  if (field.type === 'SELECT' || field.type === 'RATING') return { type: 'string', enum: enumValues(field) };
  if (field.type === 'MULTI_SELECT') return { type: 'array', items: { type: 'string', enum: enumValues(field) } };
  return PG_SCHEMAS[spec.pg ?? ''] ?? {};
}

function described(schema: JsonSchema, field: FieldModel): JsonSchema {
  return field.description ? { ...schema, description: field.description } : schema;
}

/** A record as the API returns it; relations appear when requested with depth=1. */
export function recordSchema(object: ObjectModel, targetSchemaName: (field: FieldModel) => string | undefined): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of object.fields) {
    if (field.type === 'TS_VECTOR') continue;
    if (field.type !== 'RELATION') {
      properties[field.name] = described(field.isNullable ? nullable(valueSchema(field, false)) : valueSchema(field, false), field);
      continue;
    }
    const target = targetSchemaName(field);
    if (field.relation?.type === 'MANY_TO_ONE') {
      properties[joinColumnName(field.name)] = nullable({ type: 'string', format: 'uuid' });
      if (target) properties[field.name] = { anyOf: [schemaRef(target), { type: 'null' }], description: 'Present with depth=1.' };
    } else if (target) {
      properties[field.name] = { type: 'array', items: schemaRef(target), description: 'Present with depth=1.' };
    }
  }
  return { type: 'object', properties };
}

function writable(field: FieldModel): boolean {
  if (field.type === 'TS_VECTOR' || READ_ONLY.has(field.name)) return false;
  return field.type !== 'RELATION' || field.relation?.type === 'MANY_TO_ONE';
}

/** The body of a create (`required` set) or an update (everything optional). */
export function inputSchema(object: ObjectModel, mode: 'create' | 'update'): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of object.fields.filter(writable)) {
    if (field.type === 'RELATION') {
      properties[joinColumnName(field.name)] = nullable({ type: 'string', format: 'uuid' });
      continue;
    }
    const schema = valueSchema(field, true);
    properties[field.name] = described(field.isNullable ? nullable(schema) : schema, field);
    const needed = !field.isNullable && (field.defaultValue === null || field.defaultValue === undefined) && !field.isSystem;
    if (mode === 'create' && needed) required.push(field.name);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}
