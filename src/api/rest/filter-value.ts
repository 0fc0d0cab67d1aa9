// Typing of REST filter values: the grammar only knows quoted text, bare text and lists; the
// field's filter kind decides what a value means (number, boolean, date, enum option, UUID).
import { AppError } from '../../core/errors.ts';
import { RATING_VALUES, type FilterKind, type FilterOperator, type SubFieldSpec } from '../../metadata/field-types.ts';
import type { FieldModel } from '../../metadata/model.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';
import { isUuid } from '../../core/uuid.ts';

const didYouMean = (input: string, candidates: Iterable<string>) => didYouMeanSuffix(input, candidates, "'");

export type RawValue =
  | { kind: 'string'; text: string; at: number }
  | { kind: 'bare'; text: string; at: number }
  | { kind: 'list'; items: RawValue[]; at: number };

export interface ValueTarget {
  field: FieldModel;
  subField?: SubFieldSpec;
  /** The path as written (`name.firstName`, `companyId`), for messages. */
  path: string;
  kind: FilterKind;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const LIST_OPERATORS: readonly FilterOperator[] = ['in', 'containsAny'];


/** `hint` is a full sentence that follows the position, e.g. " Did you mean 'x'?". */
function invalid(message: string, at: number, hint = ''): never {
  throw new AppError('BAD_USER_INPUT', `${message} (in filter at character ${at + 1}).${hint}`, { details: { position: at + 1 } });
}

function enumValues(target: ValueTarget): readonly string[] | undefined {
  if (target.subField) return target.subField.enumValues;
  if (target.field.options && target.field.options.length > 0) return target.field.options.map((o) => o.value);
  return target.field.type === 'RATING' ? RATING_VALUES : undefined;
}

function scalar(target: ValueTarget, raw: RawValue): unknown {
  if (raw.kind === 'list') invalid(`A list is not allowed inside a list for '${target.path}'`, raw.at);
  const { text, at } = raw;
  if (raw.kind === 'bare' && text.toLowerCase() === 'null') {
    invalid(`To match empty values use '${target.path}[is]:NULL'; to match the text null, quote it`, at);
  }
  switch (target.kind) {
    case 'ID':
    case 'UUID':
      if (!isUuid(text)) invalid(`'${text}' is not a valid UUID for '${target.path}'`, at);
      return text;
    case 'Float':
    case 'BigFloat':
      if (!NUMBER.test(text)) invalid(`'${text}' is not a number; '${target.path}' needs a number`, at);
      // BigFloat stays text so NUMERIC values keep every digit.
      return target.kind === 'Float' ? Number(text) : text;
    case 'Boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') invalid(`'${text}' is not a boolean; '${target.path}' takes true or false`, at);
      return lower === 'true';
    }
    case 'Date':
    case 'DateTime':
      if (!DATE.test(text) || !Number.isFinite(Date.parse(text))) {
        invalid(`'${text}' is not a valid date for '${target.path}'; use ISO 8601, e.g. 2025-01-31 or 2025-01-31T12:00:00Z`, at);
      }
      return text;
    case 'Select':
    case 'MultiSelect': {
      const allowed = enumValues(target);
      if (allowed && !allowed.includes(text)) {
        const hint = didYouMean(text, allowed) || ` Use one of: ${allowed.join(', ')}.`;
        invalid(`'${text}' is not an option of '${target.path}'`, at, hint);
      }
      return text;
    }
    default:
      return text;
  }
}

function isMarker(raw: RawValue): 'NULL' | 'NOT_NULL' | undefined {
  if (raw.kind === 'list') return undefined;
  const upper = raw.text.toUpperCase();
  return upper === 'NULL' || upper === 'NOT_NULL' ? upper : undefined;
}

/** The JS value of `raw` for `op` on `target`, or a 400 that says what was expected. */
export function coerceFilterValue(target: ValueTarget, op: FilterOperator, raw: RawValue): unknown {
  if (op === 'is') {
    const marker = isMarker(raw);
    if (!marker) invalid(`Operator 'is' takes NULL or NOT_NULL, e.g. '${target.path}[is]:NULL'`, raw.at);
    return marker;
  }
  if (LIST_OPERATORS.includes(op)) {
    if (raw.kind !== 'list') invalid(`Operator '${op}' takes a list, e.g. '${target.path}[${op}]:["a","b"]'`, raw.at);
    return raw.items.map((item) => scalar(target, item));
  }
  if (raw.kind === 'list') invalid(`Operator '${op}' takes a single value; use '${target.path}[in]:[…]' for a list`, raw.at);
  return scalar(target, raw);
}
