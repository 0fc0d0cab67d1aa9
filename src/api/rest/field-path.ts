// Resolves a REST field path (`name`, `name.firstName`, `companyId`) against an object, with
// the errors every REST parameter shares. `companyId` names the FK of relation `company`.
import { AppError } from '../../core/errors.ts';
import { FIELD_TYPE_SPECS, type FilterKind, type SubFieldSpec } from '../../metadata/field-types.ts';
import { findField, type FieldModel, type ObjectModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';

const didYouMean = (input: string, candidates: Iterable<string>) => didYouMeanSuffix(input, candidates, "'");

export interface ResolvedPath {
  field: FieldModel;
  subField?: SubFieldSpec;
  /** The path named a MANY_TO_ONE relation by its FK (`companyId`). */
  foreignKey: boolean;
  /** Filter kind of the addressed column; undefined for a bare composite or a relation. */
  filterKind?: FilterKind;
}

/** Where the path came from, for messages: `filter at character 12`, `order_by`. */
export type PathOrigin = string;

/** Every name a REST client may use for a field of this object (fields plus FK names). */
export function restFieldNames(object: ObjectModel): string[] {
  const names: string[] = [];
  for (const field of object.fields) {
    names.push(field.name);
    if (field.relation?.type === 'MANY_TO_ONE') names.push(joinColumnName(field.name));
  }
  return names;
}

export function isCompositeField(field: FieldModel): boolean {
  return FIELD_TYPE_SPECS[field.type].composite !== undefined;
}

export function subFieldNames(field: FieldModel): string[] {
  return FIELD_TYPE_SPECS[field.type].composite?.subFields.map((s) => s.name) ?? [];
}

function fail(message: string, origin: PathOrigin): never {
  throw new AppError('BAD_USER_INPUT', `${message} (in ${origin}).`, { details: { origin } });
}

function unknownField(object: ObjectModel, name: string, origin: PathOrigin): never {
  const hint = didYouMean(name, restFieldNames(object));
  throw new AppError('BAD_USER_INPUT', `Field '${name}' does not exist on object '${object.nameSingular}' (in ${origin}).${hint}`, {
    details: { origin, field: name, object: object.nameSingular },
  });
}

function byForeignKey(object: ObjectModel, name: string): FieldModel | undefined {
  if (!name.endsWith('Id')) return undefined;
  const field = findField(object, name.slice(0, -2));
  return field?.relation?.type === 'MANY_TO_ONE' ? field : undefined;
}

export function resolveFieldPath(object: ObjectModel, path: string, origin: PathOrigin): ResolvedPath {
  const [name, sub, ...rest] = path.split('.');
  if (rest.length > 0) fail(`'${path}' goes deeper than one sub-field; use 'field' or 'field.subField'`, origin);
  const field = findField(object, name);
  if (!field) {
    const relation = byForeignKey(object, name);
    if (!relation) unknownField(object, name, origin);
    if (sub !== undefined) fail(`'${name}' is a relation id and has no sub-field '${sub}'`, origin);
    return { field: relation, foreignKey: true, filterKind: 'ID' };
  }
  const composite = FIELD_TYPE_SPECS[field.type].composite;
  if (sub === undefined) return { field, foreignKey: false, filterKind: FIELD_TYPE_SPECS[field.type].filter };
  if (!composite) fail(`Field '${name}' is not a composite field and has no sub-field '${sub}'`, origin);
  const subField = composite.subFields.find((s) => s.name === sub);
  if (!subField) {
    const hint = didYouMean(sub, subFieldNames(field));
    throw new AppError(
      'BAD_USER_INPUT',
      `Sub-field '${sub}' does not exist on field '${name}' (${composite.gqlType}) (in ${origin}).${hint || ` Use one of: ${subFieldNames(field).join(', ')}.`}`,
      { details: { origin, field: name, subField: sub } },
    );
  }
  return { field, subField, foreignKey: false, filterKind: subField.filter };
}

/** The path must address one column: composites need a sub-field, relations their FK. */
export function requireColumn(resolved: ResolvedPath, path: string, origin: PathOrigin): FilterKind {
  const { field } = resolved;
  if (field.type === 'RELATION' && !resolved.foreignKey) {
    if (field.relation?.type === 'MANY_TO_ONE') fail(`Field '${path}' is a relation; use '${joinColumnName(field.name)}' instead`, origin);
    fail(`Field '${path}' is a one-to-many relation and cannot be used here`, origin);
  }
  if (isCompositeField(field) && !resolved.subField) {
    const subs = subFieldNames(field).map((s) => `${field.name}.${s}`);
    fail(`Field '${path}' is composite; name one of its sub-fields: ${subs.join(', ')}`, origin);
  }
  return resolved.filterKind as FilterKind;
}
