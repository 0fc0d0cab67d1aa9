// Twenty's empty text is '': a TEXT field is NOT NULL DEFAULT '' whatever the caller sends for
// `nullable` (twenty-server generateNullable), and the text parts Twenty defaults to ''
// (`emptyText` in field-types.ts) get '' in the field's default. Every resolved model passes
// through normalizeField, so YAML, the metadata APIs and the standard template agree, and a
// workspace made before this rule is migrated by its next apply (`twenty upgrade`).
import { isDeepStrictEqual } from 'node:util';
import { FIELD_TYPE_SPECS, fieldColumns, isEmptyTextColumn, type FieldColumn } from './field-types.ts';
import type { FieldModel } from './model.ts';
import { normalizeLinksValue } from './link-url.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field with Twenty's text rules applied (a new object; the input is not changed). */
export function normalizeTextField(field: FieldModel): FieldModel {
  if (field.type === 'TEXT') return { ...field, isNullable: false, defaultValue: typeof field.defaultValue === 'string' ? field.defaultValue : '' };
  const composite = FIELD_TYPE_SPECS[field.type].composite;
  const parts = composite?.subFields.filter((s) => s.emptyText) ?? [];
  if (parts.length === 0) return field;
  const given = isPlainObject(field.defaultValue) ? field.defaultValue : {};
  const defaultValue: Record<string, unknown> = {};
  for (const sub of composite?.subFields ?? []) {
    const value = given[sub.name];
    if (sub.emptyText) defaultValue[sub.name] = typeof value === 'string' ? value : '';
    else if (value !== undefined) defaultValue[sub.name] = value;
  }
  return { ...field, defaultValue };
}

/** Every rule a resolved field follows: empty text, and link defaults normalised like writes. */
export function normalizeField(field: FieldModel): FieldModel {
  const normal = normalizeTextField(field);
  if (normal.type !== 'LINKS' || !isPlainObject(normal.defaultValue)) return normal;
  return { ...normal, defaultValue: normalizeLinksValue(normal.defaultValue) };
}

/**
 * The text columns an update must migrate to NOT NULL DEFAULT '': all of them when the field
 * was made before the rule (its metadata is not normal yet) or changes type.
 */
export function textColumnsToMigrate(before: FieldModel, after: FieldModel): FieldColumn[] {
  const legacy = before.type !== after.type || !isDeepStrictEqual(normalizeTextField(before), before);
  return legacy ? fieldColumns(after).filter((c) => isEmptyTextColumn(after, c)) : [];
}

/** The default an export may leave out, because normalizeField puts it back. */
export function isImpliedDefault(field: FieldModel): boolean {
  if (field.type === 'TEXT') return field.defaultValue === '' || field.defaultValue === null;
  return isDeepStrictEqual(normalizeTextField({ ...field, defaultValue: null }).defaultValue, field.defaultValue) || field.defaultValue === null;
}

/** The default to export: implied '' parts removed (undefined when nothing is left). */
export function exportedDefault(field: FieldModel): unknown {
  if (isImpliedDefault(field)) return undefined;
  if (field.type === 'TEXT' || !isPlainObject(field.defaultValue)) return field.defaultValue ?? undefined;
  const emptyParts = new Set(FIELD_TYPE_SPECS[field.type].composite?.subFields.filter((s) => s.emptyText).map((s) => s.name) ?? []);
  const kept = Object.entries(field.defaultValue).filter(([k, v]) => !(emptyParts.has(k) && v === ''));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
