// The metadata mutations behind both /metadata and /rest/metadata. Each is one write: under the
// workspace's metadata lock the model is read ONCE, the input becomes a one-change ModelSpec,
// which is validated like a YAML file, planned (planModel, as `twenty metadata plan` does) and
// executed (executePlan: DDL + rows + version bump, one transaction); the answer is read from
// the planned model, not from a second load.
import type pg from 'pg';
import { AppError } from '../../../core/errors.ts';
import type { Db, DbClient } from '../../../core/db.ts';
import { executePlan, withWorkspaceModel } from '../../../metadata/apply.ts';
import type { WorkspaceModel } from '../../../metadata/model.ts';
import type { Plan } from '../../../metadata/plan.ts';
import { planModel } from '../../../metadata/plan-model.ts';
import { validateModelSpec } from '../../../metadata/validate.ts';
import { workspaceValidationContext } from '../../../metadata/workspaces.ts';
import { createFieldChange, deleteFieldChange, updateFieldChange } from './field-changes.ts';
import { readCreateFieldInput, readCreateObjectInput, readUpdateFieldInput, readUpdateObjectInput } from './inputs.ts';
import { fieldById, objectById, type FieldRef, type ObjectRef } from './lookup.ts';
import { createObjectChange, deleteObjectChange, updateObjectChange, type MetadataChange } from './object-changes.ts';

export interface MetadataTarget {
  db: Db;
  workspaceId: string;
}

/** Validates a change like `twenty metadata apply` validates files, then plans it. */
export async function planMetadataChange(db: DbClient | pg.PoolClient, current: WorkspaceModel, change: MetadataChange): Promise<Plan> {
  const issues = validateModelSpec(change.spec, workspaceValidationContext(current));
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', issues.map((i) => (i.hint ? `${i.message} ${i.hint}` : i.message)).join(' '), { details: { issues } });
  }
  return planModel(db, current, change.spec);
}

/**
 * One write: `build` turns the model into a change, and `answer` reads the reply from the
 * model before and after it.
 */
function write<T>(target: MetadataTarget, build: (current: WorkspaceModel) => MetadataChange, answer: (after: WorkspaceModel, before: WorkspaceModel, change: MetadataChange) => T): Promise<T> {
  return withWorkspaceModel(target.db, target.workspaceId, async (client, current) => {
    const change = build(current);
    const plan = await planMetadataChange(client, current, change);
    if (plan.steps.length === 0) return answer(current, current, change);
    const version = await executePlan(client, current, plan, { allowDestructive: change.allowDestructive });
    return answer({ ...plan.desired, version }, current, change);
  });
}

export function createObject(target: MetadataTarget, raw: unknown): Promise<ObjectRef> {
  const input = readCreateObjectInput(raw);
  return write(target, (current) => createObjectChange(current, input), (after, _before, change) => objectById(after, change.objectId as string));
}

export function updateObject(target: MetadataTarget, id: string, raw: unknown): Promise<ObjectRef> {
  const update = readUpdateObjectInput(raw);
  return write(target, (current) => updateObjectChange(current, objectById(current, id).object, update), (after) => objectById(after, id));
}

/** Returns the object as it was, read from the model before the deletion. */
export function deleteObject(target: MetadataTarget, id: string): Promise<ObjectRef> {
  return write(target, (current) => deleteObjectChange(objectById(current, id).object), (_after, before) => objectById(before, id));
}

export function createField(target: MetadataTarget, raw: unknown): Promise<FieldRef> {
  const input = readCreateFieldInput(raw);
  return write(target, (current) => createFieldChange(current, input), (after, _before, change) => fieldById(after, change.fieldId as string));
}

export function updateField(target: MetadataTarget, id: string, raw: unknown): Promise<FieldRef> {
  const update = readUpdateFieldInput(raw);
  return write(target, (current) => {
    const { object, field } = fieldById(current, id);
    return updateFieldChange(object, field, update);
  }, (after) => fieldById(after, id));
}

export function deleteField(target: MetadataTarget, id: string): Promise<FieldRef> {
  return write(target, (current) => {
    const ref = fieldById(current, id);
    return deleteFieldChange(ref.object, ref.field);
  }, (_after, before) => fieldById(before, id));
}
