// Fields, select options, relations and indexes of one object in a model file.
// Enum-like values (type, relation type, onDelete) are kept as written: validateModelSpec
// checks them, so every "unknown value" issue comes from one place with one suggestion list.
import type { Node } from 'yaml';
import type { FieldType, OnDelete, RelationType } from './model.ts';
import type { FieldSpec, IndexSpec, OptionSpec, RelationSpec } from './spec.ts';
import {
  boolean,
  isNothing,
  locate,
  plain,
  readInto,
  readList,
  readMap,
  record,
  report,
  scalarString,
  string,
  stringList,
  type ReadContext,
  type Reader,
  type Readers,
} from './yaml-nodes.ts';

type Inverse = NonNullable<RelationSpec['inverse']>;

export const INVERSE_READERS: Readers<Inverse> = { name: string, label: string, icon: string };

const inverse: Reader<Inverse> = (ctx, entry, where) => readInto(ctx, entry.value, `"inverse" in ${where}`, INVERSE_READERS, { name: '' }, entry.keyNode);

export const RELATION_READERS: Readers<RelationSpec> = {
  type: string as Reader<RelationType>,
  target: string,
  onDelete: string as Reader<OnDelete>,
  inverse,
};

const relation: Reader<RelationSpec> = (ctx, entry, where) =>
  readInto(ctx, entry.value, `"relation" in ${where}`, RELATION_READERS, { type: '' as RelationType, target: '' }, entry.keyNode);

export const OPTION_READERS: Readers<OptionSpec> = { value: string, label: string, color: string, id: string, renamedFrom: string };

function readOption(ctx: ReadContext, item: Node, where: string): OptionSpec | undefined {
  const loc = locate(ctx, item);
  const shorthand = scalarString(ctx, item);
  if (shorthand !== undefined) return { value: shorthand, loc };
  const option = readInto(ctx, item, `an option of ${where}`, OPTION_READERS, { value: '', loc }, null);
  if (option && option.value === '') {
    report(ctx, item, 'missing-key', `An option of ${where} has no "value".`, 'Write it as {value: NEW, label: New, color: blue}.');
    return undefined;
  }
  return option;
}

/** List order is option position. */
const options: Reader<OptionSpec[]> = (ctx, entry, where) => {
  if (isNothing(entry.value)) return [];
  const items = readList(ctx, entry.value, `"options" in ${where}`, entry.keyNode) ?? [];
  return items.map((item) => readOption(ctx, item, where)).filter((o) => o !== undefined);
};

export const FIELD_READERS: Readers<FieldSpec> = {
  type: string as Reader<FieldType>,
  id: string,
  renamedFrom: string,
  label: string,
  description: string,
  icon: string,
  nullable: boolean,
  unique: boolean,
  default: plain,
  options,
  settings: record,
  relation,
};

function readField(ctx: ReadContext, objectName: string, name: string, keyNode: Node, value: Node | null): FieldSpec | undefined {
  const loc = locate(ctx, keyNode);
  // Shorthand `amount: CURRENCY`; a missing type is the validator's to report.
  const shorthand = scalarString(ctx, value);
  if (shorthand !== undefined) return { name, type: shorthand as FieldType, loc };
  if (isNothing(value)) return { name, type: '' as FieldType, loc };
  return readInto(ctx, value, `field "${objectName}.${name}"`, FIELD_READERS, { name, type: '' as FieldType, loc }, keyNode);
}

/** The `fields:` map of an object, keyed by field name. */
export function fieldsReader(objectName: string): Reader<FieldSpec[]> {
  return (ctx, entry, where) => {
    if (isNothing(entry.value)) return [];
    const entries = readMap(ctx, entry.value, `"fields" of ${where}`, undefined, entry.keyNode) ?? [];
    return entries.map((e) => readField(ctx, objectName, e.key, e.keyNode, e.value)).filter((f) => f !== undefined);
  };
}

export const INDEX_READERS: Readers<IndexSpec> = { fields: stringList, unique: boolean, name: string, id: string, renamedFrom: string };

export const indexes: Reader<IndexSpec[]> = (ctx, entry, where) => {
  if (isNothing(entry.value)) return [];
  const items = readList(ctx, entry.value, `"indexes" of ${where}`, entry.keyNode) ?? [];
  const out: IndexSpec[] = [];
  for (const item of items) {
    const index = readInto(ctx, item, `an index of ${where}`, INDEX_READERS, { fields: [], loc: locate(ctx, item) }, null);
    if (index) out.push(index);
  }
  return out;
};
