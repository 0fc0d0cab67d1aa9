// All naming ("inflection") in one place: physical names in Postgres and type names in GraphQL.
import { createHash } from 'node:crypto';
import type { FieldModel, ObjectModel } from './model.ts';

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `workspace_` + base36 of the UUID's 128 bits (spec §3.5). */
export function workspaceSchemaName(workspaceId: string): string {
  const hex = workspaceId.replace(/-/g, '');
  return `workspace_${BigInt(`0x${hex}`).toString(36)}`;
}

export function tableName(object: Pick<ObjectModel, 'nameSingular' | 'isCustom'>): string {
  return object.isCustom ? `_${object.nameSingular}` : object.nameSingular;
}

/** Column of a scalar field, or of one sub-field of a composite field. */
export function columnName(fieldName: string, subField?: string): string {
  return subField ? `${fieldName}${pascal(subField)}` : fieldName;
}

/** The FK column of a MANY_TO_ONE relation field. */
export function joinColumnName(fieldName: string): string {
  return `${fieldName}Id`;
}

export function enumTypeName(table: string, column: string): string {
  return `${table}_${column}_enum`;
}

/** Deterministic index names that fit Postgres's 63-byte limit. */
export function indexName(table: string, columns: string[], unique: boolean): string {
  const hash = createHash('sha1').update(`${table}:${columns.join(',')}:${unique}`).digest('hex').slice(0, 24);
  return `${unique ? 'UQ' : 'IDX'}_${hash}`;
}

export function foreignKeyName(table: string, column: string): string {
  const hash = createHash('sha1').update(`${table}:${column}`).digest('hex').slice(0, 24);
  return `FK_${hash}`;
}

// GraphQL type names (spec §1.2).
export function objectTypeName(object: Pick<ObjectModel, 'nameSingular'>): string {
  return pascal(object.nameSingular);
}

export function enumGqlTypeName(object: Pick<ObjectModel, 'nameSingular'>, field: Pick<FieldModel, 'name'>): string {
  return `${pascal(object.nameSingular)}${pascal(field.name)}Enum`;
}

export type InputKind = 'Create' | 'Update' | 'Filter' | 'OrderBy' | 'GroupBy' | 'OrderByWithGroupBy';

export function inputTypeName(object: Pick<ObjectModel, 'nameSingular'>, kind: InputKind): string {
  return `${pascal(object.nameSingular)}${kind}Input`;
}

/** Input types of a composite type (e.g. LinksFilterInput, CurrencyCreateInput). */
export function compositeInputTypeName(compositeType: string, kind: InputKind): string {
  return `${compositeType}${kind}Input`;
}

export function edgeTypeName(object: Pick<ObjectModel, 'nameSingular'>): string {
  return `${objectTypeName(object)}Edge`;
}

export function connectionTypeName(object: Pick<ObjectModel, 'nameSingular'>): string {
  return `${objectTypeName(object)}Connection`;
}

/** Twenty 2.43's nested relation inputs of a target object (`company: {connect: {where}}`). */
export function relationInputTypeNames(object: Pick<ObjectModel, 'nameSingular'>) {
  const s = pascal(object.nameSingular);
  return {
    relation: `${s}RelationInput`,
    connect: `${s}ConnectInput`,
    whereUnique: `${s}WhereUniqueInput`,
    compositeWhere: (field: Pick<FieldModel, 'name'>) => `${s}${pascal(field.name)}WhereInput`,
  };
}

// Root field names (spec §1.1).
/** The root operations of an object: the keys of rootFieldNames (Twenty's resolvers). */
export type RootOperation = keyof ReturnType<typeof rootFieldNames>;

export function rootFieldNames(object: Pick<ObjectModel, 'nameSingular' | 'namePlural'>) {
  const s = pascal(object.nameSingular);
  const p = pascal(object.namePlural);
  return {
    findMany: object.namePlural,
    findOne: object.nameSingular,
    findDuplicates: `${object.nameSingular}Duplicates`,
    createOne: `create${s}`,
    createMany: `create${p}`,
    updateOne: `update${s}`,
    updateMany: `update${p}`,
    deleteOne: `delete${s}`,
    deleteMany: `delete${p}`,
    destroyOne: `destroy${s}`,
    destroyMany: `destroy${p}`,
    restoreOne: `restore${s}`,
    restoreMany: `restore${p}`,
    mergeMany: `merge${p}`,
  };
}
