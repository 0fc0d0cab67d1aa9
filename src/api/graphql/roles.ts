// What each generated output field means for the query IR. The schema builder stores a role
// in the field's `extensions`, so turning a selection set into IR is a lookup per field and
// never needs the metadata model again.
import type { GraphQLField } from 'graphql';
import type { AggregateOp } from '../query/ir.ts';
import type { RootOperation } from '../../metadata/names.ts';

export type { RootOperation };

export type FieldRole =
  | { kind: 'root'; operation: RootOperation; object: string }
  /** A scalar, enum or list column of a record. */
  | { kind: 'scalar'; field: string }
  /** A composite field; its sub-fields carry the 'subField' role. */
  | { kind: 'composite'; field: string }
  | { kind: 'subField'; name: string }
  | { kind: 'foreignKey'; field: string }
  | { kind: 'manyToOne'; field: string; object: string }
  | { kind: 'oneToMany'; field: string; object: string }
  | { kind: 'edges' }
  | { kind: 'node' }
  | { kind: 'cursor' }
  | { kind: 'pageInfo' }
  | { kind: 'pageInfoField' }
  | { kind: 'totalCount' }
  | { kind: 'aggregate'; op: AggregateOp; field: string; subField?: string };

export function withRole(role: FieldRole): { extensions: { twenty: FieldRole } } {
  return { extensions: { twenty: role } };
}

export function roleOf(field: GraphQLField<unknown, unknown>): FieldRole | undefined {
  return (field.extensions as { twenty?: FieldRole }).twenty;
}
