// Object mutations as one-change ModelSpecs for the shared apply path. Only what the apply
// path cannot know is checked here: names already taken by another object (409) and changes
// to standard objects (refused with a sentence rather than a resolver issue).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../core/errors.ts';
import type { ObjectModel, WorkspaceModel } from '../../../metadata/model.ts';
import type { ModelSpec } from '../../../metadata/spec.ts';
import type { CreateObjectInput, UpdateObjectInput } from './inputs.ts';

/** A ModelSpec to apply, and which object or field to read back afterwards. */
export interface MetadataChange {
  spec: ModelSpec;
  allowDestructive?: boolean;
  objectId?: string;
  fieldId?: string;
}

export const NO_CHANGE: ModelSpec = { objects: [], roles: [], removed: [] };

/** Singular and plural names are one namespace across objects (both are GraphQL roots). */
function assertNamesFree(model: WorkspaceModel, names: readonly string[], except?: ObjectModel): void {
  for (const name of names) {
    const owner = model.objects.find((o) => o !== except && (o.nameSingular === name || o.namePlural === name));
    if (owner) {
      throw new AppError('ALREADY_EXISTS', `The name "${name}" is already used by object "${owner.nameSingular}".`, {
        hint: 'Object singular and plural names must be unique in a workspace.',
      });
    }
  }
}

export function createObjectChange(model: WorkspaceModel, input: CreateObjectInput): MetadataChange {
  if (input.id && model.objects.some((o) => o.id === input.id)) throw new AppError('ALREADY_EXISTS', `An object with id "${input.id}" already exists.`);
  assertNamesFree(model, [input.nameSingular, input.namePlural]);
  const id = input.id ?? randomUUID();
  const { nameSingular, namePlural, labelSingular, labelPlural, description, icon } = input;
  return {
    objectId: id,
    spec: { objects: [{ id, nameSingular, namePlural, labelSingular, labelPlural, description, icon, extend: false, fields: [], indexes: [] }], roles: [], removed: [] },
  };
}

export function updateObjectChange(model: WorkspaceModel, object: ObjectModel, update: UpdateObjectInput): MetadataChange {
  // Objects are always active: accepting isActive lets Twenty's deactivate-then-delete work.
  const { isActive: _active, labelIdentifierFieldMetadataId, ...props } = update;
  const changed = Object.keys(props).filter((k) => props[k as keyof typeof props] !== undefined);
  if (labelIdentifierFieldMetadataId !== undefined) changed.push('labelIdentifierFieldMetadataId');
  if (changed.length === 0) return { objectId: object.id, spec: NO_CHANGE };
  if (!object.isCustom) {
    throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" is a standard object; ${changed.map((k) => `"${k}"`).join(', ')} cannot be changed.`, {
      hint: 'Standard objects keep their names and labels; add fields to them with createOneField.',
    });
  }
  const labelField = labelIdentifierFieldMetadataId === undefined ? undefined : object.fields.find((f) => f.id === labelIdentifierFieldMetadataId);
  if (labelIdentifierFieldMetadataId !== undefined && !labelField) {
    throw new AppError('BAD_USER_INPUT', `Field "${labelIdentifierFieldMetadataId}" is not a field of object "${object.nameSingular}" and cannot be its label identifier.`);
  }
  assertNamesFree(model, [props.nameSingular, props.namePlural].filter((n): n is string => n !== undefined), object);
  return {
    objectId: object.id,
    spec: {
      objects: [{
        id: object.id,
        nameSingular: props.nameSingular ?? object.nameSingular,
        namePlural: props.namePlural ?? object.namePlural,
        labelSingular: props.labelSingular,
        labelPlural: props.labelPlural,
        description: props.description,
        icon: props.icon,
        labelIdentifier: labelField?.name,
        extend: false,
        fields: [],
        indexes: [],
      }],
      roles: [],
      removed: [],
    },
  };
}

/** Twenty deletes without asking (after deactivation); so does this, table and data included. */
export function deleteObjectChange(object: ObjectModel): MetadataChange {
  if (!object.isCustom) throw new AppError('BAD_USER_INPUT', `Object "${object.nameSingular}" is a standard object and cannot be deleted.`);
  return { allowDestructive: true, spec: { objects: [], roles: [], removed: [{ kind: 'object', object: object.nameSingular }] } };
}
