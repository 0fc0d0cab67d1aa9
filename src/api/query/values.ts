// Input values are checked and coerced per column type BEFORE any SQL is sent, so a bad
// value is a 400 that names the field, never a Postgres cast error.
import { AppError } from '../../core/errors.ts';
import { RATING_VALUES, type FieldColumn } from '../../metadata/field-types.ts';
import type { FieldModel, ObjectModel } from '../../metadata/model.ts';
import { isUuid } from '../../core/uuid.ts';

/** What a value is for: one column of one field of one object. */
export interface ValueTarget {
  object: ObjectModel;
  field: FieldModel;
  column: FieldColumn;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INT8_MAX = 9223372036854775807n;
/** JSON sub-fields hold lists (Twenty's additional emails, phones, links) or an object. */
const JSON_SUBFIELD_SHAPES: Record<string, 'list' | 'object'> = {
  additionalEmails: 'list',
  additionalPhones: 'list',
  secondaryLinks: 'list',
  context: 'object',
};

export function fieldPath(target: ValueTarget): string {
  return target.column.subField ? `${target.field.name}.${target.column.subField.name}` : target.field.name;
}

export function invalidValue(target: ValueTarget, reason: string): AppError {
  return new AppError('BAD_USER_INPUT', `Invalid value for field "${fieldPath(target)}" of object "${target.object.nameSingular}": ${reason}`, {
    details: { object: target.object.nameSingular, field: fieldPath(target) },
  });
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Text Postgres can store: no NUL, no lone UTF-16 surrogates. */
export function checkText(target: ValueTarget, value: unknown): string {
  if (typeof value !== 'string') throw invalidValue(target, `expected a string, got ${show(value)}.`);
  if (value.includes('\u0000')) throw invalidValue(target, 'text must not contain the NUL character (\\u0000).');
  if (LONE_SURROGATE.test(value)) throw invalidValue(target, 'text contains a lone UTF-16 surrogate.');
  return value;
}

function checkFinite(target: ValueTarget, value: unknown): number {
  const n = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidValue(target, `expected a finite number, got ${show(value)}.`);
  return n;
}

/** numeric stays a string so Postgres keeps every digit; amountMicros must fit int8 like Twenty's. */
function checkNumeric(target: ValueTarget, value: unknown): string {
  const n = checkFinite(target, value);
  const text = typeof value === 'string' ? value.trim() : String(n);
  if (target.column.subField?.name === 'amountMicros' && (Math.abs(n) > Number(INT8_MAX) || BigInt(Math.trunc(Math.abs(n))) > INT8_MAX)) {
    throw invalidValue(target, `${show(value)} is out of range for a currency amount in micros.`);
  }
  return text;
}

function validDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function checkDate(target: ValueTarget, value: unknown): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match || !validDay(match[1], match[2], match[3])) throw invalidValue(target, `expected a date like "2024-01-31", got ${show(value)}.`);
  return value as string;
}

/** ISO 8601 date-times; a value without a zone is read as UTC, whatever the session zone. */
function checkDateTime(target: ValueTarget, value: unknown): string {
  const text = value instanceof Date && Number.isFinite(value.getTime()) ? value.toISOString() : value;
  const match = typeof text === 'string' ? DATE_TIME.exec(text) : null;
  const timeOk = match && Number(match[4] ?? 0) < 24 && Number(match[5] ?? 0) < 60 && Number(match[6] ?? 0) < 60;
  if (!match || !timeOk || !validDay(match[1], match[2], match[3])) {
    throw invalidValue(target, `expected an ISO 8601 date-time like "2024-01-31T12:00:00Z", got ${show(value)}.`);
  }
  return match[7] ? (text as string) : `${text as string}${match[4] ? 'Z' : 'T00:00:00Z'}`;
}

export function allowedEnumValues(target: ValueTarget): readonly string[] {
  if (target.column.subField?.enumValues) return target.column.subField.enumValues;
  if (target.field.options && target.field.options.length > 0) return target.field.options.map((o) => o.value);
  return target.field.type === 'RATING' ? RATING_VALUES : [];
}

export function checkEnum(target: ValueTarget, value: unknown): string {
  const allowed = allowedEnumValues(target);
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalidValue(target, `${show(value)} is not one of ${allowed.map((v) => `"${v}"`).join(', ')}.`);
  }
  return value;
}

function checkList(target: ValueTarget, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw invalidValue(target, `expected a list, got ${show(value)}.`);
  return value;
}

/** Every string inside a JSON value must be storable in jsonb (no NUL, no lone surrogates). */
function checkJsonStrings(target: ValueTarget, value: unknown): void {
  if (typeof value === 'string') checkText(target, value);
  else if (Array.isArray(value)) for (const v of value) checkJsonStrings(target, v);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkText(target, k);
      checkJsonStrings(target, v);
    }
  } else if (typeof value === 'number' && !Number.isFinite(value)) throw invalidValue(target, 'JSON numbers must be finite.');
}

function checkJson(target: ValueTarget, value: unknown): string {
  const shape = target.column.subField ? JSON_SUBFIELD_SHAPES[target.column.subField.name] : undefined;
  if (shape === 'list' && !Array.isArray(value)) throw invalidValue(target, `expected a list, got ${show(value)}.`);
  if (shape === 'object' && (typeof value !== 'object' || Array.isArray(value))) throw invalidValue(target, `expected an object, got ${show(value)}.`);
  checkJsonStrings(target, value);
  // Serialised here: node-pg would turn a JS array into a Postgres array, not JSON.
  return JSON.stringify(value);
}

/**
 * Checks one non-null value for a column and returns the parameter to send. Null handling
 * (nullability, `is` filters) belongs to the callers.
 */
export function coerceValue(target: ValueTarget, value: unknown): unknown {
  switch (target.column.pg) {
    case 'uuid':
      if (typeof value !== 'string' || !isUuid(value)) throw invalidValue(target, `${show(value)} is not a valid UUID.`);
      return value;
    case 'text':
      return checkText(target, value);
    case 'double precision':
      return checkFinite(target, value);
    case 'numeric':
      return checkNumeric(target, value);
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidValue(target, `expected true or false, got ${show(value)}.`);
      return value;
    case 'date':
      return checkDate(target, value);
    case 'timestamptz':
      return checkDateTime(target, value);
    case 'enum':
      return checkEnum(target, value);
    case 'enum[]':
      return checkList(target, value).map((v) => checkEnum(target, v));
    case 'text[]':
      return checkList(target, value).map((v) => checkText(target, v));
    case 'jsonb':
      return checkJson(target, value);
    default:
      throw invalidValue(target, 'this field is read-only.');
  }
}
