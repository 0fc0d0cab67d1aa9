// Twenty writes string defaults with SQL quotes (`"'NEW'"`, `{currencyCode: "'USD'"}`), while
// our model keeps typed values (`NEW`). The metadata API speaks Twenty's form on the wire and
// converts here, at the edge, in both directions.
import type { FieldModel } from '../../../metadata/model.ts';

/** Generator tokens are written bare by Twenty too (`"uuid"`, `"now"`). */
const TOKENS: Partial<Record<FieldModel['type'], string>> = { UUID: 'uuid', DATE_TIME: 'now', DATE: 'now' };

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** Input: `'NEW'` → `NEW`, at any depth; unquoted strings are taken as they are. RAW_JSON is data, kept as sent. */
export function defaultFromTwenty(type: FieldModel['type'], value: unknown): unknown {
  if (type === 'RAW_JSON') return value;
  return mapStrings(value, (s) => (/^'.*'$/s.test(s) ? s.slice(1, -1).replace(/''/g, "'") : s));
}

/** Output: `NEW` → `'NEW'`, except the generator token of UUID and date fields. */
export function defaultToTwenty(field: Pick<FieldModel, 'type' | 'defaultValue'>): unknown {
  const token = TOKENS[field.type];
  if (field.type === 'RAW_JSON' || (token !== undefined && field.defaultValue === token)) return field.defaultValue ?? null;
  return mapStrings(field.defaultValue ?? null, (s) => `'${s.replace(/'/g, "''")}'`);
}
