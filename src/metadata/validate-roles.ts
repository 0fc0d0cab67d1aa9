// Rules for roles (grants name real objects and fields, flags are Twenty's) and for `removed:`
// entries (they may not remove what the same files still define, nor anything standard).
import type { ModelSpec, RemovalSpec, RoleSpec, SpecIssue } from './spec.ts';
import { didYouMeanSuffix } from './suggest.ts';
import { isSystemFieldName } from './system-fields.ts';
import { nameIssues } from './validate-name.ts';

export const PERMISSION_FLAGS = [
  'API_KEYS_AND_WEBHOOKS', 'WORKSPACE', 'WORKSPACE_MEMBERS', 'ROLES', 'DATA_MODEL', 'SECURITY', 'WORKFLOWS', 'IMPERSONATE', 'IMPORT_CSV', 'EXPORT_CSV',
  'UPLOAD_FILE', 'DOWNLOAD_FILE',
];

/** What the validator knows about the objects a spec can refer to. */
export interface ValidationScope {
  spec: ModelSpec;
  standardObjects: readonly string[];
  /** Objects that exist after applying the spec: defined, existing or standard, minus removed. */
  knownObjects: readonly string[];
  /** Every field of the objects whose whole field list is known (new objects in the spec). */
  objectFields: ReadonlyMap<string, readonly string[]>;
}

function fieldGrantIssues(role: RoleSpec, key: string, scope: ValidationScope): SpecIssue[] {
  const at = (message: string, hint: string): SpecIssue[] => [{ loc: role.loc, rule: 'role-field', message, hint }];
  const [objectName, fieldName, ...rest] = key.split('.');
  if (fieldName === undefined || rest.length > 0 || objectName === '' || fieldName === '') {
    return at(`Role "${role.name}" grants on "${key}", which is not an "object.field" name.`, 'Write field grants as "deal.amount: {read: true}".');
  }
  if (!scope.knownObjects.includes(objectName)) {
    return at(`Role "${role.name}" grants on field "${key}" of the unknown object "${objectName}".${didYouMeanSuffix(objectName, scope.knownObjects)}`, 'Grant on an object that exists.');
  }
  const fields = scope.objectFields.get(objectName);
  if (fields && !fields.includes(fieldName)) {
    return at(`Role "${role.name}" grants on the unknown field "${key}".${didYouMeanSuffix(fieldName, fields)}`, `Fields of "${objectName}": ${fields.join(', ')}.`);
  }
  return [];
}

function roleIssues(role: RoleSpec, scope: ValidationScope): SpecIssue[] {
  const issues = nameIssues(role.name, 'role', 'Role name', role.loc);
  for (const objectName of Object.keys(role.objects)) {
    if (scope.knownObjects.includes(objectName)) continue;
    issues.push({
      loc: role.loc,
      rule: 'role-object',
      message: `Role "${role.name}" grants on the unknown object "${objectName}".${didYouMeanSuffix(objectName, scope.knownObjects)}`,
      hint: 'Grant on an object that exists.',
    });
  }
  for (const key of Object.keys(role.fields)) issues.push(...fieldGrantIssues(role, key, scope));
  for (const flag of role.permissionFlags ?? []) {
    if (PERMISSION_FLAGS.includes(flag)) continue;
    issues.push({
      loc: role.loc,
      rule: 'permission-flag',
      message: `Role "${role.name}" has the unknown permission flag "${flag}".${didYouMeanSuffix(flag, PERMISSION_FLAGS)}`,
      hint: `Flags: ${PERMISSION_FLAGS.join(', ')}.`,
    });
  }
  return issues;
}

/** Why a removal contradicts the spec, or undefined when it does not. */
function removalConflict(removal: RemovalSpec, spec: ModelSpec): string | undefined {
  if (removal.kind === 'role') return spec.roles.some((r) => r.name === removal.role) ? `role "${removal.role}"` : undefined;
  const object = spec.objects.find((o) => o.nameSingular === removal.object);
  if (!object) return undefined;
  switch (removal.kind) {
    case 'object':
      return `object "${removal.object}"`;
    case 'field':
      return object.fields.some((f) => f.name === removal.field) ? `field "${removal.object}.${removal.field}"` : undefined;
    case 'option': {
      const field = object.fields.find((f) => f.name === removal.field);
      const defined = field?.options?.some((o) => o.value === removal.value);
      return defined ? `option "${removal.value}" of field "${removal.object}.${removal.field}"` : undefined;
    }
    case 'index':
      return object.indexes.some((i) => i.name === removal.name) ? `index "${removal.name}" of object "${removal.object}"` : undefined;
  }
}

function removalIssues(removal: RemovalSpec, scope: ValidationScope): SpecIssue[] {
  const conflict = removalConflict(removal, scope.spec);
  if (conflict) {
    return [{ loc: removal.loc, rule: 'removal-conflict', message: `The files both define and remove ${conflict}.`, hint: 'Delete the definition, or the "removed" entry.' }];
  }
  if (removal.kind === 'object' && scope.standardObjects.includes(removal.object)) {
    return [{ loc: removal.loc, rule: 'removal-standard', message: `Object "${removal.object}" is a standard object and cannot be removed.`, hint: 'Standard objects can be extended, never removed.' }];
  }
  if (removal.kind === 'field' && isSystemFieldName(removal.field)) {
    return [{ loc: removal.loc, rule: 'removal-standard', message: `Field "${removal.object}.${removal.field}" is a system field and cannot be removed.`, hint: 'System fields belong to every object.' }];
  }
  return [];
}

export function roleAndRemovalIssues(scope: ValidationScope): SpecIssue[] {
  return [...scope.spec.roles.flatMap((r) => roleIssues(r, scope)), ...scope.spec.removed.flatMap((r) => removalIssues(r, scope))];
}
