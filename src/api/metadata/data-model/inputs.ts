// The metadata mutation inputs (Twenty's CreateObjectInput, UpdateObjectPayload,
// CreateFieldInput, UpdateFieldInput), read from untrusted JSON with sentences for errors.
// GraphQL has already checked the types; REST bodies only get checked here. Properties Twenty
// has and we do not act on (label/name syncing, shortcuts) are accepted and ignored.
import { AppError } from '../../../core/errors.ts';
import type { FieldType, RelationType } from '../../../metadata/model.ts';
import { isUuid } from '../../../core/uuid.ts';
import { didYouMeanSuffix } from '../../../metadata/suggest.ts';

export interface CreateObjectInput {
  id?: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string;
  icon?: string;
}

export interface UpdateObjectInput {
  nameSingular?: string;
  namePlural?: string;
  labelSingular?: string;
  labelPlural?: string;
  description?: string;
  icon?: string;
  isActive?: boolean;
  labelIdentifierFieldMetadataId?: string;
}

export interface OptionInput {
  id?: string;
  value: string;
  label?: string;
  color?: string;
  position?: number;
}

export interface RelationCreationPayload {
  targetObjectMetadataId: string;
  targetFieldLabel: string;
  targetFieldIcon?: string;
  type: RelationType;
}

export interface CreateFieldInput {
  id?: string;
  objectMetadataId: string;
  type: FieldType;
  name: string;
  label: string;
  description?: string;
  icon?: string;
  isNullable?: boolean;
  isUnique?: boolean;
  /** Twenty's form (`"'NEW'"`); null means no default. */
  defaultValue?: unknown;
  options?: OptionInput[];
  settings?: Record<string, unknown>;
  relationCreationPayload?: RelationCreationPayload;
}

export interface UpdateFieldInput {
  name?: string;
  label?: string;
  description?: string;
  icon?: string;
  isActive?: boolean;
  isNullable?: boolean;
  isUnique?: boolean;
  defaultValue?: unknown;
  options?: OptionInput[];
  settings?: Record<string, unknown>;
}

type Read = (value: unknown, where: string) => unknown;
interface Property {
  read: Read;
  required?: boolean;
  /** null is meaningful (clears the value) rather than "not given". */
  keepNull?: boolean;
}
type Shape = Record<string, Property>;

const bad = (message: string, hint?: string) => new AppError('BAD_USER_INPUT', message, hint ? { hint } : {});
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text: Read = (v, where) => {
  if (typeof v !== 'string') throw bad(`${where} must be a string; got ${JSON.stringify(v)}.`);
  return v;
};
const flag: Read = (v, where) => {
  if (typeof v !== 'boolean') throw bad(`${where} must be true or false; got ${JSON.stringify(v)}.`);
  return v;
};
const uuid: Read = (v, where) => {
  if (typeof v !== 'string' || !isUuid(v)) throw bad(`${where} must be a UUID; got ${JSON.stringify(v)}.`);
  return v.toLowerCase();
};
const integer: Read = (v, where) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`${where} must be a whole number; got ${JSON.stringify(v)}.`);
  return v;
};
const anything: Read = (v) => v;
const jsonObject: Read = (v, where) => {
  if (!isPlainObject(v)) throw bad(`${where} must be a JSON object.`);
  return v;
};
const oneOf = (values: readonly string[]): Read => (v, where) => {
  if (typeof v !== 'string' || !values.includes(v)) throw bad(`${where} must be one of ${values.join(', ')}; got ${JSON.stringify(v)}.${typeof v === 'string' ? didYouMeanSuffix(v, values) : ''}`);
  return v;
};
/** Accepted for compatibility with Twenty's clients, without effect. */
const IGNORED: Property = { read: () => undefined };

function readShape<T>(raw: unknown, shape: Shape, what: string): T {
  if (!isPlainObject(raw)) throw bad(`The ${what} must be a JSON object.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const property = shape[key];
    if (!property) {
      throw bad(`The ${what} has the unknown property "${key}".${didYouMeanSuffix(key, Object.keys(shape))}`, `Properties: ${Object.keys(shape).join(', ')}.`);
    }
    if (value === undefined || (value === null && !property.keepNull)) continue;
    const read = value === null ? null : property.read(value, `"${key}" of the ${what}`);
    if (read !== undefined) out[key] = read;
  }
  const missing = Object.keys(shape).filter((key) => shape[key].required && out[key] === undefined);
  if (missing.length > 0) throw bad(`The ${what} needs ${missing.map((k) => `"${k}"`).join(', ')}.`);
  return out as T;
}

const OPTION: Shape = { id: { read: uuid }, value: { read: text, required: true }, label: { read: text }, color: { read: text }, position: { read: integer } };

const options: Read = (v, where) => {
  if (!Array.isArray(v)) throw bad(`${where} must be a list of options.`);
  const list = v.map((o) => readShape<OptionInput>(o, OPTION, 'option'));
  // Twenty orders options by `position`; without positions the list order counts.
  return list.every((o) => o.position !== undefined) ? [...list].sort((a, b) => (a.position as number) - (b.position as number)) : list;
};

const RELATION_PAYLOAD: Shape = {
  targetObjectMetadataId: { read: uuid, required: true },
  targetFieldLabel: { read: text, required: true },
  targetFieldIcon: { read: text },
  type: { read: oneOf(['MANY_TO_ONE', 'ONE_TO_MANY']), required: true },
};

const CREATE_OBJECT: Shape = {
  id: { read: uuid },
  nameSingular: { read: text, required: true },
  namePlural: { read: text, required: true },
  labelSingular: { read: text, required: true },
  labelPlural: { read: text, required: true },
  description: { read: text },
  icon: { read: text },
  shortcut: IGNORED,
  isLabelSyncedWithName: IGNORED,
  isSearchable: IGNORED,
};

const UPDATE_OBJECT: Shape = {
  nameSingular: { read: text },
  namePlural: { read: text },
  labelSingular: { read: text },
  labelPlural: { read: text },
  description: { read: text },
  icon: { read: text },
  isActive: { read: flag },
  labelIdentifierFieldMetadataId: { read: uuid },
  imageIdentifierFieldMetadataId: IGNORED,
  shortcut: IGNORED,
  isLabelSyncedWithName: IGNORED,
  isSearchable: IGNORED,
};

const FIELD_COMMON: Shape = {
  name: { read: text },
  label: { read: text },
  description: { read: text },
  icon: { read: text },
  isNullable: { read: flag },
  isUnique: { read: flag },
  defaultValue: { read: anything, keepNull: true },
  options: { read: options },
  settings: { read: jsonObject },
  isLabelSyncedWithName: IGNORED,
};

const CREATE_FIELD: Shape = {
  ...FIELD_COMMON,
  id: { read: uuid },
  objectMetadataId: { read: uuid, required: true },
  type: { read: text, required: true },
  name: { read: text, required: true },
  label: { read: text, required: true },
  relationCreationPayload: { read: (v) => readShape<RelationCreationPayload>(v, RELATION_PAYLOAD, 'relationCreationPayload') },
  morphRelationsCreationPayload: {
    read: () => {
      throw bad('MORPH_RELATION fields are not supported.', 'Create one RELATION field per target object instead.');
    },
  },
};

const UPDATE_FIELD: Shape = { ...FIELD_COMMON, isActive: { read: flag } };

export const readCreateObjectInput = (raw: unknown): CreateObjectInput => readShape(raw, CREATE_OBJECT, 'object input');
export const readUpdateObjectInput = (raw: unknown): UpdateObjectInput => readShape(raw, UPDATE_OBJECT, 'object update');
export const readCreateFieldInput = (raw: unknown): CreateFieldInput => readShape(raw, CREATE_FIELD, 'field input');
export const readUpdateFieldInput = (raw: unknown): UpdateFieldInput => readShape(raw, UPDATE_FIELD, 'field update');
