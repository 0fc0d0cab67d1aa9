// The metadata mutations behind both /metadata and /rest/metadata. Each reads the workspace
// model, turns the input into a one-change ModelSpec, validates it like a YAML file, applies
// it through applyModel (one transaction, DDL + rows + version bump) and reads the result back.
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/db.ts';
import { applyModel } from '../../metadata/apply.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { loadWorkspaceModel } from '../../metadata/store.ts';
import { validateModelSpec } from '../../metadata/validate.ts';
import { standardModelSpec } from '../../metadata/workspaces.ts';
import { createFieldChange, deleteFieldChange, updateFieldChange } from './field-changes.ts';
import { readCreateFieldInput, readCreateObjectInput, readUpdateFieldInput, readUpdateObjectInput } from './inputs.ts';
import { fieldById, objectById, type FieldRef, type ObjectRef } from './lookup.ts';
import { createObjectChange, deleteObjectChange, updateObjectChange, type MetadataChange } from './object-changes.ts';

export interface MetadataTarget {
  db: Db;
  workspaceId: string;
}

/** Validates like `twenty metadata apply` does, then applies; returns the model afterwards. */
async function applyChange(target: MetadataTarget, current: WorkspaceModel, change: MetadataChange): Promise<WorkspaceModel> {
  // The validator reads a restated object's fields as its whole field list; a label identifier
  // naming another existing field was already checked against the workspace (object-changes.ts).
  const objects = change.spec.objects.map(({ labelIdentifier: _checked, ...object }) => object);
  const issues = validateModelSpec({ ...change.spec, objects }, {
    existingObjects: current.objects.map((o) => o.nameSingular),
    standardObjects: standardModelSpec().objects.map((o) => o.nameSingular),
  });
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', issues.map((i) => (i.hint ? `${i.message} ${i.hint}` : i.message)).join(' '), { details: { issues } });
  }
  const result = await applyModel(target.db, target.workspaceId, change.spec, { allowDestructive: change.allowDestructive });
  return result.applied ? loadWorkspaceModel(target.db, target.workspaceId) : current;
}

const load = (target: MetadataTarget) => loadWorkspaceModel(target.db, target.workspaceId);

export async function createObject(target: MetadataTarget, raw: unknown): Promise<ObjectRef> {
  const input = readCreateObjectInput(raw);
  const current = await load(target);
  const change = createObjectChange(current, input);
  return objectById(await applyChange(target, current, change), change.objectId as string);
}

export async function updateObject(target: MetadataTarget, id: string, raw: unknown): Promise<ObjectRef> {
  const update = readUpdateObjectInput(raw);
  const current = await load(target);
  const change = updateObjectChange(current, objectById(current, id).object, update);
  return objectById(await applyChange(target, current, change), id);
}

/** Returns the object as it was, read from the model before the deletion. */
export async function deleteObject(target: MetadataTarget, id: string): Promise<ObjectRef> {
  const current = await load(target);
  const ref = objectById(current, id);
  await applyChange(target, current, deleteObjectChange(ref.object));
  return ref;
}

export async function createField(target: MetadataTarget, raw: unknown): Promise<FieldRef> {
  const input = readCreateFieldInput(raw);
  const current = await load(target);
  const change = createFieldChange(current, input);
  return fieldById(await applyChange(target, current, change), change.fieldId as string);
}

export async function updateField(target: MetadataTarget, id: string, raw: unknown): Promise<FieldRef> {
  const update = readUpdateFieldInput(raw);
  const current = await load(target);
  const { object, field } = fieldById(current, id);
  return fieldById(await applyChange(target, current, updateFieldChange(object, field, update)), id);
}

export async function deleteField(target: MetadataTarget, id: string): Promise<FieldRef> {
  const current = await load(target);
  const ref = fieldById(current, id);
  await applyChange(target, current, deleteFieldChange(ref.object, ref.field));
  return ref;
}
