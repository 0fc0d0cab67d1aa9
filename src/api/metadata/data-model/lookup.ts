// Objects and fields by id, as the metadata API addresses them, with NOT_FOUND sentences.
import { AppError } from '../../../core/errors.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from '../../../metadata/model.ts';

export interface ObjectRef {
  model: WorkspaceModel;
  object: ObjectModel;
}

export interface FieldRef extends ObjectRef {
  field: FieldModel;
}

export function objectById(model: WorkspaceModel, id: string): ObjectRef {
  const object = model.objects.find((o) => o.id === id.toLowerCase());
  if (!object) throw new AppError('NOT_FOUND', `Object "${id}" does not exist in this workspace.`, { hint: 'List objects with the `objects` query or GET /rest/metadata/objects.' });
  return { model, object };
}

export function fieldById(model: WorkspaceModel, id: string): FieldRef {
  const key = id.toLowerCase();
  for (const object of model.objects) {
    const field = object.fields.find((f) => f.id === key);
    if (field) return { model, object, field };
  }
  throw new AppError('NOT_FOUND', `Field "${id}" does not exist in this workspace.`, { hint: 'List fields with the `fields` query or GET /rest/metadata/fields.' });
}

export function allFields(model: WorkspaceModel): FieldRef[] {
  return model.objects.flatMap((object) => object.fields.map((field) => ({ model, object, field })));
}
