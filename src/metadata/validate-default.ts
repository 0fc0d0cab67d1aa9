// A default is a typed value, never an SQL expression: each field type accepts its own value
// shapes (plus the generator tokens 'uuid' / 'now'), and anything else is an issue.
import { FIELD_TYPE_SPECS, RATING_VALUES, type SubFieldSpec } from './field-types.ts';
import type { FieldType } from './model.ts';
import type { FieldSpec } from './spec.ts';
import { didYouMeanSuffix } from './suggest.ts';
import { isUuid } from '../core/uuid.ts';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isDecimal = (v: unknown): boolean => isNumber(v) || (typeof v === 'string' && DECIMAL_PATTERN.test(v));
/** `'USD'` is SQL quoting that Twenty's own metadata uses; here it would be stored verbatim. */
const isPlainString = (v: unknown): boolean => typeof v === 'string' && !/^'.*'$/s.test(v);
const isDate = (v: unknown): boolean => v === 'now' || (typeof v === 'string' && DATE_PATTERN.test(v) && !Number.isNaN(Date.parse(v)));
const isDateTime = (v: unknown): boolean => v === 'now' || (typeof v === 'string' && DATE_TIME_PATTERN.test(v) && !Number.isNaN(Date.parse(v)));

/** What an invalid value should have been, as a phrase; undefined when the value fits. */
type Check = (value: unknown, field: FieldSpec) => string | undefined;

const expect = (test: (v: unknown) => boolean, expected: string): Check => (value) => (test(value) ? undefined : expected);

const optionValues = (field: FieldSpec): string[] => (field.options ?? []).map((o) => o.value);

const selectCheck: Check = (value, field) => {
  const values = optionValues(field);
  if (typeof value === 'string' && values.includes(value)) return undefined;
  return `one of its option values (${values.join(', ')})${typeof value === 'string' ? didYouMeanSuffix(value, values) : ''}`;
};

const multiSelectCheck: Check = (value, field) => {
  const values = optionValues(field);
  const fits = Array.isArray(value) && value.every((v) => typeof v === 'string' && values.includes(v)) && new Set(value).size === value.length;
  return fits ? undefined : `a list of distinct option values (${values.join(', ')})`;
};

function subFieldFits(sub: SubFieldSpec, value: unknown): boolean {
  if (value === null || sub.pg === 'jsonb') return true;
  if (sub.enumValues) return typeof value === 'string' && sub.enumValues.includes(value);
  if (sub.pg === 'uuid') return isUuid(value);
  if (sub.pg === 'numeric') return isDecimal(value);
  return isPlainString(value);
}

function compositeCheck(type: FieldType): Check {
  const subFields = FIELD_TYPE_SPECS[type].composite?.subFields ?? [];
  const names = subFields.map((s) => s.name);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a map of its sub-fields (${names.join(', ')})`;
    for (const [key, sub] of Object.entries(value)) {
      const spec = subFields.find((s) => s.name === key);
      if (!spec) return `a map of its sub-fields (${names.join(', ')}), not "${key}"${didYouMeanSuffix(key, names)}`;
      if (!subFieldFits(spec, sub)) return `a map whose "${key}" is ${spec.pg === 'numeric' ? 'a number' : spec.enumValues ? `one of ${spec.enumValues.join(', ')}` : 'a plain string'}`;
    }
    return undefined;
  };
}

const NO_DEFAULT: Check = () => 'absent: this type has no default';

const CHECKS: Record<FieldType, Check> = {
  UUID: expect((v) => v === 'uuid' || isUuid(v), 'the token "uuid" or a UUID'),
  TEXT: expect(isPlainString, 'a plain string (without SQL quotes)'),
  NUMBER: expect(isNumber, 'a number'),
  NUMERIC: expect(isDecimal, 'a number'),
  POSITION: expect(isNumber, 'a number'),
  BOOLEAN: expect((v) => typeof v === 'boolean', 'true or false'),
  DATE: expect(isDate, 'the token "now" or a date such as 2024-01-31'),
  DATE_TIME: expect(isDateTime, 'the token "now" or an ISO 8601 date-time such as 2024-01-31T09:00:00Z'),
  SELECT: selectCheck,
  MULTI_SELECT: multiSelectCheck,
  RATING: expect((v) => typeof v === 'string' && (RATING_VALUES as readonly string[]).includes(v), `one of ${RATING_VALUES.join(', ')}`),
  ARRAY: expect((v) => Array.isArray(v) && v.every(isPlainString), 'a list of plain strings'),
  RAW_JSON: () => undefined,
  FILES: NO_DEFAULT,
  CURRENCY: compositeCheck('CURRENCY'),
  FULL_NAME: compositeCheck('FULL_NAME'),
  LINKS: compositeCheck('LINKS'),
  EMAILS: compositeCheck('EMAILS'),
  PHONES: compositeCheck('PHONES'),
  ADDRESS: compositeCheck('ADDRESS'),
  ACTOR: compositeCheck('ACTOR'),
  RICH_TEXT_V2: compositeCheck('RICH_TEXT_V2'),
  RELATION: NO_DEFAULT,
  TS_VECTOR: NO_DEFAULT,
};

/** What the default of a (known-type) field should be, when it is not; null means "no default". */
export function defaultProblem(field: FieldSpec): string | undefined {
  if (field.default === undefined || field.default === null) return undefined;
  return CHECKS[field.type](field.default, field);
}
