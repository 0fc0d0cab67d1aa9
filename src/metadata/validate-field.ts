// Rules for one field: its name, type, select options, default, uniqueness and relation.
import { FIELD_TYPE_SPECS, RATING_VALUES } from './field-types.ts';
import { FIELD_TYPES, type FieldType } from './model.ts';
import type { FieldSpec, OptionSpec, RelationSpec, SpecIssue } from './spec.ts';
import { didYouMeanSuffix } from './suggest.ts';
import { defaultProblem } from './validate-default.ts';
import { nameIssues, oldNameIssues } from './validate-name.ts';

export const OPTION_COLORS = ['green', 'turquoise', 'sky', 'blue', 'purple', 'pink', 'red', 'orange', 'yellow', 'gray'];
const OPTION_VALUE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const RELATION_TYPES = ['MANY_TO_ONE', 'ONE_TO_MANY'];
const ON_DELETE = ['SET_NULL', 'CASCADE', 'RESTRICT'];
/** Types whose values cannot sensibly carry a unique index. */
const NEVER_UNIQUE: readonly FieldType[] = ['RELATION', 'MULTI_SELECT', 'ARRAY', 'RAW_JSON', 'FILES', 'TS_VECTOR', 'POSITION'];

export const isKnownType = (type: string): type is FieldType => (FIELD_TYPES as readonly string[]).includes(type);

function typeIssues(field: FieldSpec, where: string): SpecIssue[] {
  // Readers keep the type as written, so it is any string until checked here.
  const type: string = field.type;
  if (type === '') {
    return [{ loc: field.loc, rule: 'unknown-type', message: `${where} has no type.`, hint: `Add "type:", one of ${FIELD_TYPES.join(', ')}.` }];
  }
  if (isKnownType(type)) return [];
  return [{ loc: field.loc, rule: 'unknown-type', message: `${where} has the unknown type "${type}".${didYouMeanSuffix(type, FIELD_TYPES)}`, hint: `Types: ${FIELD_TYPES.join(', ')}.` }];
}

function optionIssues(option: OptionSpec, where: string, seen: Set<string>, all: Set<string>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (rule: string, message: string, hint: string) => issues.push({ loc: option.loc, rule, message, hint });
  if (!OPTION_VALUE_PATTERN.test(option.value) || option.value.length > 63) {
    const suggestion = option.value.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^[^A-Z]+/, '');
    add('option-value', `Option value "${option.value}" of ${where} must be UPPER_SNAKE_CASE, at most 63 characters.`, `Try "${suggestion}".`);
  }
  if (seen.has(option.value)) add('option-duplicate', `Option value "${option.value}" appears twice in ${where}.`, 'Each option value must be unique.');
  seen.add(option.value);
  if (option.color !== undefined && !OPTION_COLORS.includes(option.color)) {
    add('option-color', `Option "${option.value}" of ${where} has the unknown color "${option.color}".${didYouMeanSuffix(option.color, OPTION_COLORS)}`, `Colors: ${OPTION_COLORS.join(', ')}.`);
  }
  if (option.renamedFrom !== undefined && all.has(option.renamedFrom)) {
    add('rename-conflict', `Option "${option.value}" of ${where} is renamed from "${option.renamedFrom}", which is still an option.`, 'Drop the old option, or the renamedFrom.');
  }
  return issues;
}

/** RATING options are Twenty's fixed scale (RATING_1 … RATING_5), supplied when omitted. */
function ratingOptionsIssues(field: FieldSpec, where: string): SpecIssue[] {
  const options = field.options ?? [];
  if (field.options !== undefined && options.length === 0) {
    return [{ loc: field.loc, rule: 'options-required', message: `${where} is RATING and lists no options.`, hint: `Leave "options" out to get ${RATING_VALUES.join(', ')}.` }];
  }
  const seen = new Set<string>();
  return options.flatMap((option): SpecIssue[] => {
    const issues: SpecIssue[] = [];
    if (!(RATING_VALUES as readonly string[]).includes(option.value)) {
      issues.push({ loc: option.loc, rule: 'option-value', message: `Option value "${option.value}" of ${where} is not a rating.${didYouMeanSuffix(option.value, RATING_VALUES)}`, hint: `RATING options are ${RATING_VALUES.join(', ')}.` });
    }
    if (seen.has(option.value)) issues.push({ loc: option.loc, rule: 'option-duplicate', message: `Option value "${option.value}" appears twice in ${where}.`, hint: 'Each option value must be unique.' });
    seen.add(option.value);
    return issues;
  });
}

function optionsIssues(field: FieldSpec, where: string): SpecIssue[] {
  const wantsOptions = field.type === 'SELECT' || field.type === 'MULTI_SELECT';
  const options = field.options ?? [];
  if (field.type === 'RATING') return ratingOptionsIssues(field, where);
  if (!wantsOptions) {
    if (field.options === undefined) return [];
    return [{ loc: field.loc, rule: 'options-not-allowed', message: `${where} is ${field.type}, which has no options.`, hint: 'Options belong to SELECT, MULTI_SELECT and RATING fields.' }];
  }
  if (options.length === 0) {
    return [{ loc: field.loc, rule: 'options-required', message: `${where} is ${field.type} and needs at least one option.`, hint: 'Add "options: [{value: NEW, label: New, color: blue}]".' }];
  }
  const all = new Set(options.map((o) => o.value));
  const seen = new Set<string>();
  return options.flatMap((o) => optionIssues(o, where, seen, all));
}

function uniqueIssues(field: FieldSpec, where: string): SpecIssue[] {
  if (field.unique !== true) return [];
  const composite = FIELD_TYPE_SPECS[field.type].composite;
  const allowed = composite ? composite.subFields.some((s) => s.unique) : !NEVER_UNIQUE.includes(field.type);
  if (allowed) return [];
  return [{ loc: field.loc, rule: 'unique-type', message: `${where} is ${field.type}, which cannot be unique.`, hint: 'Remove "unique: true".' }];
}

function defaultIssues(field: FieldSpec, where: string): SpecIssue[] {
  const expected = defaultProblem(field);
  if (expected === undefined) return [];
  return [{
    loc: field.loc,
    rule: 'default-type',
    message: `The default of ${where} must be ${expected}; got ${JSON.stringify(field.default)}.`,
    hint: "Defaults are typed values, never SQL: write NEW, not 'NEW'.",
  }];
}

function relationShapeIssues(relation: RelationSpec, where: string, of: string, field: FieldSpec, knownObjects: readonly string[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (rule: string, message: string, hint?: string) => issues.push({ loc: field.loc, rule, message, ...(hint ? { hint } : {}) });
  if (!RELATION_TYPES.includes(relation.type)) {
    add('relation-type', `${where} has the relation type "${relation.type}".${didYouMeanSuffix(relation.type, RELATION_TYPES)}`, `Relation types: ${RELATION_TYPES.join(', ')}.`);
  }
  if (relation.target === '') add('relation-target', `The relation of ${of} has no target.`, 'Add "target:" with the nameSingular of the other object.');
  else if (!knownObjects.includes(relation.target)) {
    add('relation-target', `${where} points to the unknown object "${relation.target}".${didYouMeanSuffix(relation.target, knownObjects)}`, 'Define the object, or fix the target.');
  }
  if (relation.onDelete !== undefined) {
    if (relation.type === 'ONE_TO_MANY') add('relation-on-delete', `${where} is ONE_TO_MANY and cannot set onDelete.`, 'Set onDelete on the MANY_TO_ONE side.');
    else if (!ON_DELETE.includes(relation.onDelete)) {
      add('relation-on-delete', `${where} has the unknown onDelete "${relation.onDelete}".${didYouMeanSuffix(relation.onDelete, ON_DELETE)}`, `Choose one of ${ON_DELETE.join(', ')}.`);
    }
  }
  if (!relation.inverse || relation.inverse.name === '') {
    add('relation-inverse', `The relation of ${of} has no inverse name.`, 'Add "inverse: {name: ...}", the field created on the target object.');
  } else {
    issues.push(...nameIssues(relation.inverse.name, 'field', `Inverse field name`, field.loc));
  }
  return issues;
}

function relationIssues(field: FieldSpec, where: string, of: string, knownObjects: readonly string[]): SpecIssue[] {
  if (field.type !== 'RELATION') {
    if (!field.relation) return [];
    return [{ loc: field.loc, rule: 'relation-not-allowed', message: `${where} is ${field.type} but has a "relation".`, hint: 'Only RELATION fields have a relation.' }];
  }
  if (!field.relation) {
    return [{ loc: field.loc, rule: 'relation-required', message: `${where} is a RELATION without "relation".`, hint: 'Add "relation: {type: MANY_TO_ONE, target: company, inverse: {name: deals}}".' }];
  }
  return relationShapeIssues(field.relation, where, of, field, knownObjects);
}

/** Every issue of one field; `knownObjects` are the objects a relation may point to. */
export function fieldIssues(objectName: string, field: FieldSpec, knownObjects: readonly string[]): SpecIssue[] {
  // `where` starts sentences; `of` goes inside them.
  const of = `field "${objectName}.${field.name}"`;
  const where = `Field "${objectName}.${field.name}"`;
  const issues = [...nameIssues(field.name, 'field', 'Field name', field.loc), ...typeIssues(field, where)];
  if (field.renamedFrom !== undefined) issues.push(...oldNameIssues(field.renamedFrom, 'field', `The old name of ${of}`, field.loc));
  if (!isKnownType(field.type)) return issues;
  return [
    ...issues,
    ...optionsIssues(field, of),
    ...defaultIssues(field, of),
    ...uniqueIssues(field, where),
    ...relationIssues(field, where, of, knownObjects),
  ];
}
