// Permissions applied once, to the IR, before anything is compiled: a denied object fails the
// whole root field; a denied field is refused wherever it decides WHICH rows match or how they
// sort (filter, orderBy, cursors, aggregates), so no count or order can become an oracle; and
// in output selections it is either stripped (REST, whose selections are implicit) or refused
// (GraphQL, where the caller named it and an absent key would break the response type).
// Unknown names are left for the compiler, which rejects them with "Did you mean ...?".
import { AppError } from '../../core/errors.ts';
import { findField, findObject, type FieldModel, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { joinColumnName } from '../../metadata/names.ts';
import { fieldAccess, objectAccess, type ObjectAccess, type Permissions } from '../../auth/permissions.ts';
import type { ConnectionQuery, CreateQuery, Cursor, DeleteQuery, FilterNode, FindOneQuery, RecordInput, SelectedField, Selection, UpdateQuery } from './ir.ts';

/** What happens to a denied field in an output selection. */
export type DeniedSelection = 'strip' | 'reject';

interface Scope {
  perms: Permissions;
  model: WorkspaceModel;
  denied: DeniedSelection;
}

const ACTIONS: Record<keyof ObjectAccess, string> = { read: 'read', update: 'create or update', softDelete: 'delete or restore', destroy: 'destroy' };

function forbidden(message: string, details: Record<string, string>): AppError {
  return new AppError('FORBIDDEN', message, {
    details: { reason: 'PERMISSION_DENIED', ...details },
    hint: 'Ask an admin for a role that grants it, or leave it out of the request.',
  });
}

function requireObjectAccess(scope: Scope, object: ObjectModel, action: keyof ObjectAccess): void {
  if (objectAccess(scope.perms, object.id)[action]) return;
  throw forbidden(`Role "${scope.perms.roleLabel}" may not ${ACTIONS[action]} records of object "${object.nameSingular}".`, { object: object.nameSingular, action });
}

function fieldDenied(scope: Scope, object: ObjectModel, field: FieldModel, action: 'read' | 'update'): AppError {
  const verb = action === 'read' ? 'read' : 'write';
  return forbidden(`Role "${scope.perms.roleLabel}" may not ${verb} field "${field.name}" of object "${object.nameSingular}".`, { object: object.nameSingular, field: field.name, action });
}

function canRead(scope: Scope, object: ObjectModel, field: FieldModel): boolean {
  return fieldAccess(scope.perms, object.id, field.id).read;
}

/** Refuses a field used to pick or order rows unless the role may read it. */
function requireReadable(scope: Scope, object: ObjectModel, name: string): void {
  const field = findField(object, name);
  if (field && !canRead(scope, object, field)) throw fieldDenied(scope, object, field, 'read');
}

function checkFilter(scope: Scope, object: ObjectModel, node: FilterNode | undefined): void {
  if (!node) return;
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.children) checkFilter(scope, object, child);
      return;
    case 'not':
      checkFilter(scope, object, node.child);
      return;
    case 'compare':
      requireReadable(scope, object, node.field);
      return;
  }
}

function checkCursor(scope: Scope, object: ObjectModel, cursor: Cursor | undefined): void {
  for (const key of Object.keys(cursor?.values ?? {})) requireReadable(scope, object, key.split('.')[0]);
}

/** The related object when the role may read it, else undefined (never when it does not exist). */
function readableTarget(scope: Scope, field: FieldModel): ObjectModel | undefined {
  const target = field.relation ? findObject(scope.model, field.relation.targetObject) : undefined;
  return target && objectAccess(scope.perms, target.id).read ? target : undefined;
}

function deniedInSelection(scope: Scope, error: () => AppError): undefined {
  if (scope.denied === 'strip') return undefined;
  throw error();
}

function targetDenied(scope: Scope, object: ObjectModel, field: FieldModel): AppError {
  const target = field.relation?.targetObject ?? '';
  return forbidden(`Role "${scope.perms.roleLabel}" may not read records of object "${target}" (relation "${field.name}" of "${object.nameSingular}").`, { object: target, action: 'read' });
}

function restrictSelected(scope: Scope, object: ObjectModel, selected: SelectedField): SelectedField | undefined {
  const field = findField(object, selected.field);
  if (!field) return selected;
  if (!canRead(scope, object, field)) return deniedInSelection(scope, () => fieldDenied(scope, object, field, 'read'));
  if (selected.kind === 'field' || selected.kind === 'foreignKey') return selected;
  const target = readableTarget(scope, field);
  if (!target) return deniedInSelection(scope, () => targetDenied(scope, object, field));
  if (selected.kind === 'manyToOne') return { ...selected, selection: restrictSelection(scope, target, selected.selection) };
  return { ...selected, connection: restrictConnection(scope, target, selected.connection) };
}

function restrictSelection(scope: Scope, object: ObjectModel, selection: Selection): Selection {
  const fields = selection.fields.map((f) => restrictSelected(scope, object, f)).filter((f): f is SelectedField => f !== undefined);
  return { ...selection, fields };
}

function restrictConnection(scope: Scope, object: ObjectModel, q: ConnectionQuery): ConnectionQuery {
  checkFilter(scope, object, q.filter);
  for (const term of q.orderBy) requireReadable(scope, object, term.field);
  checkCursor(scope, object, q.after);
  checkCursor(scope, object, q.before);
  for (const aggregate of q.want.aggregates) requireReadable(scope, object, aggregate.field);
  return { ...q, selection: restrictSelection(scope, object, q.selection) };
}

/** The object of a query; an unknown one is left to the compiler's error. */
function objectOf(model: WorkspaceModel, name: string): ObjectModel | undefined {
  return findObject(model, name);
}

export interface AuthorizeOptions {
  /** 'reject' (default) refuses a denied output field; 'strip' leaves it out. */
  deniedSelection?: DeniedSelection;
}

function scopeOf(perms: Permissions, model: WorkspaceModel, options: AuthorizeOptions): Scope {
  return { perms, model, denied: options.deniedSelection ?? 'reject' };
}

export function authorizeRead<Q extends ConnectionQuery | FindOneQuery>(perms: Permissions, model: WorkspaceModel, q: Q, options: AuthorizeOptions = {}): Q {
  const object = objectOf(model, q.object);
  if (!object) return q;
  const scope = scopeOf(perms, model, options);
  requireObjectAccess(scope, object, 'read');
  if ('orderBy' in q) return restrictConnection(scope, object, q) as Q;
  checkFilter(scope, object, q.filter);
  return { ...q, selection: restrictSelection(scope, object, q.selection) };
}

/** The field an input key sets: its own name, or `<relation>Id` for a MANY_TO_ONE relation. */
function inputField(object: ObjectModel, key: string): FieldModel | undefined {
  const own = findField(object, key);
  if (own) return own;
  return object.fields.find((f) => f.relation?.type === 'MANY_TO_ONE' && joinColumnName(f.name) === key);
}

/**
 * A nested `connect` looks the target up by its unique fields, and whether it succeeds tells
 * that such a record exists: the role must be able to read the target and the fields named.
 */
function checkConnect(scope: Scope, object: ObjectModel, field: FieldModel, value: unknown): void {
  const where = (value as { connect?: { where?: unknown } } | null)?.connect?.where;
  if (field.relation?.type !== 'MANY_TO_ONE' || typeof where !== 'object' || where === null) return;
  const target = findObject(scope.model, field.relation.targetObject);
  if (!target) return;
  if (!objectAccess(scope.perms, target.id).read) throw targetDenied(scope, object, field);
  for (const name of Object.keys(where)) requireReadable(scope, target, name);
}

function checkInput(scope: Scope, object: ObjectModel, record: RecordInput): void {
  for (const [key, value] of Object.entries(record)) {
    const field = inputField(object, key);
    if (field && !fieldAccess(scope.perms, object.id, field.id).update) throw fieldDenied(scope, object, field, 'update');
    if (field?.type === 'RELATION' && field.name === key) checkConnect(scope, object, field, value);
  }
}

/** Records returned by a write are output like a read: stripped or refused where unreadable. */
function writeSelection(scope: Scope, object: ObjectModel, selection: Selection): Selection {
  if (objectAccess(scope.perms, object.id).read) return restrictSelection(scope, object, selection);
  if (scope.denied === 'reject' && selection.fields.length > 0) requireObjectAccess(scope, object, 'read');
  return { ...selection, fields: [] };
}

export function authorizeCreate(perms: Permissions, model: WorkspaceModel, q: CreateQuery, options: AuthorizeOptions = {}): CreateQuery {
  const object = objectOf(model, q.object);
  if (!object) return q;
  const scope = scopeOf(perms, model, options);
  requireObjectAccess(scope, object, 'update');
  for (const record of q.records) {
    if (typeof record === 'object' && record !== null) checkInput(scope, object, record);
  }
  return { ...q, selection: writeSelection(scope, object, q.selection) };
}

export function authorizeUpdate(perms: Permissions, model: WorkspaceModel, q: UpdateQuery, options: AuthorizeOptions = {}): UpdateQuery {
  const object = objectOf(model, q.object);
  if (!object) return q;
  const scope = scopeOf(perms, model, options);
  requireObjectAccess(scope, object, 'update');
  // The filter picks rows by their values, and the answer (which rows changed) reveals them.
  requireObjectAccess(scope, object, 'read');
  checkFilter(scope, object, q.filter);
  if (typeof q.data === 'object' && q.data !== null) checkInput(scope, object, q.data);
  return { ...q, selection: writeSelection(scope, object, q.selection) };
}

export function authorizeDelete(perms: Permissions, model: WorkspaceModel, q: DeleteQuery, options: AuthorizeOptions = {}): DeleteQuery {
  const object = objectOf(model, q.object);
  if (!object) return q;
  const scope = scopeOf(perms, model, options);
  requireObjectAccess(scope, object, q.mode === 'destroy' ? 'destroy' : 'softDelete');
  requireObjectAccess(scope, object, 'read');
  checkFilter(scope, object, q.filter);
  return { ...q, selection: writeSelection(scope, object, q.selection) };
}
