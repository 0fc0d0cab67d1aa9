// The desired data model as written in YAML files (or sent to the metadata API), after
// parsing and before it is resolved against a workspace. Every node remembers where it came
// from so errors can point at file:line:column.
import type { FieldType, OnDelete, RelationType } from './model.ts';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface OptionSpec {
  id?: string;
  value: string;
  label?: string;
  color?: string;
  renamedFrom?: string;
  loc?: SourceLocation;
}

export interface RelationSpec {
  type: RelationType;
  target: string;
  onDelete?: OnDelete;
  inverse?: { name: string; label?: string; icon?: string };
}

export interface FieldSpec {
  name: string;
  id?: string;
  renamedFrom?: string;
  type: FieldType;
  label?: string;
  description?: string;
  icon?: string;
  nullable?: boolean;
  unique?: boolean;
  default?: unknown;
  options?: OptionSpec[];
  settings?: Record<string, unknown>;
  relation?: RelationSpec;
  loc?: SourceLocation;
}

export interface IndexSpec {
  id?: string;
  name?: string;
  fields: string[];
  unique?: boolean;
  renamedFrom?: string;
  loc?: SourceLocation;
}

export interface ObjectSpec {
  nameSingular: string;
  id?: string;
  renamedFrom?: string;
  /** true: a standard object this file extends (adds fields/options), never redefines. */
  extend: boolean;
  namePlural?: string;
  labelSingular?: string;
  labelPlural?: string;
  description?: string;
  icon?: string;
  labelIdentifier?: string;
  /** Custom objects get a `name` TEXT field unless this is set. */
  skipNameField?: boolean;
  fields: FieldSpec[];
  indexes: IndexSpec[];
  loc?: SourceLocation;
}

export interface ObjectGrantSpec {
  read?: boolean;
  update?: boolean;
  softDelete?: boolean;
  destroy?: boolean;
}

export interface FieldGrantSpec {
  read?: boolean;
  update?: boolean;
}

export interface RoleSpec {
  name: string;
  label?: string;
  description?: string;
  canReadAll?: boolean;
  canUpdateAll?: boolean;
  canSoftDeleteAll?: boolean;
  canDestroyAll?: boolean;
  permissionFlags?: string[];
  /** keyed by object nameSingular */
  objects: Record<string, ObjectGrantSpec>;
  /** keyed by `object.field` */
  fields: Record<string, FieldGrantSpec>;
  loc?: SourceLocation;
}

export type RemovalSpec =
  | { kind: 'object'; object: string; loc?: SourceLocation }
  | { kind: 'field'; object: string; field: string; loc?: SourceLocation }
  | { kind: 'option'; object: string; field: string; value: string; loc?: SourceLocation }
  | { kind: 'index'; object: string; name: string; loc?: SourceLocation }
  | { kind: 'role'; role: string; loc?: SourceLocation };

export interface ModelSpec {
  objects: ObjectSpec[];
  roles: RoleSpec[];
  removed: RemovalSpec[];
}

/** One problem found while reading or validating files. */
export interface SpecIssue {
  loc?: SourceLocation;
  /** Stable rule id, e.g. `name-format`, `unknown-type`, `relation-target`. */
  rule: string;
  message: string;
  hint?: string;
}
