// The data model on /metadata: objects and fields as Twenty's nestjs-query shapes (cursor
// connections with `paging:{first, after}`, `filter` comparisons, `createOne…`/`updateOne…`/
// `deleteOne…` mutations taking `input`).
import { FIELD_TYPES } from '../../../metadata/model.ts';

const FIELD_FILTER_KEYS = 'id: UUIDFilterComparison isCustom: BooleanFieldComparison isActive: BooleanFieldComparison isSystem: BooleanFieldComparison';
const LIST_ARGS = (filter: string) => `(paging: CursorPaging! = {first: 1000}, filter: ${filter}! = {})`;

export const dataModelTypeDefs = /* GraphQL */ `
  enum FieldMetadataType { ${FIELD_TYPES.join(' ')} }
  enum RelationType { MANY_TO_ONE ONE_TO_MANY }

  input BooleanFieldComparison { is: Boolean isNot: Boolean }
  input UUIDFilterComparison { eq: UUID neq: UUID in: [UUID!] notIn: [UUID!] }
  input ObjectFilter { and: [ObjectFilter!] or: [ObjectFilter!] ${FIELD_FILTER_KEYS} }
  input FieldFilter { and: [FieldFilter!] or: [FieldFilter!] ${FIELD_FILTER_KEYS} objectMetadataId: UUIDFilterComparison }

  type Object {
    id: UUID! nameSingular: String! namePlural: String! labelSingular: String! labelPlural: String!
    description: String icon: String isCustom: Boolean! isActive: Boolean! isSystem: Boolean! isRemote: Boolean!
    isLabelSyncedWithName: Boolean! labelIdentifierFieldMetadataId: UUID imageIdentifierFieldMetadataId: UUID
    fields${LIST_ARGS('FieldFilter')}: ObjectFieldsConnection!
    fieldsList: [Field!]!
  }
  type Field {
    id: UUID! objectMetadataId: UUID! type: FieldMetadataType! name: String! label: String! description: String icon: String
    isCustom: Boolean isActive: Boolean isSystem: Boolean isNullable: Boolean isUnique: Boolean isLabelSyncedWithName: Boolean
    defaultValue: JSON options: JSON settings: JSON
    relation: Relation
    object: Object!
  }
  type Relation { type: RelationType! sourceObjectMetadata: Object! targetObjectMetadata: Object! sourceFieldMetadata: Field! targetFieldMetadata: Field! }
  type ObjectEdge { node: Object! cursor: ConnectionCursor! }
  type ObjectConnection { pageInfo: PageInfo! edges: [ObjectEdge!]! totalCount: Int! }
  type FieldEdge { node: Field! cursor: ConnectionCursor! }
  type FieldConnection { pageInfo: PageInfo! edges: [FieldEdge!]! totalCount: Int! }
  type ObjectFieldsConnection { pageInfo: PageInfo! edges: [FieldEdge!]! totalCount: Int! }

  input CreateObjectInput {
    id: UUID nameSingular: String! namePlural: String! labelSingular: String! labelPlural: String! description: String icon: String
    shortcut: String isLabelSyncedWithName: Boolean isSearchable: Boolean
  }
  input UpdateObjectPayload {
    nameSingular: String namePlural: String labelSingular: String labelPlural: String description: String icon: String isActive: Boolean
    labelIdentifierFieldMetadataId: UUID imageIdentifierFieldMetadataId: UUID shortcut: String isLabelSyncedWithName: Boolean isSearchable: Boolean
  }
  input CreateOneObjectInput { object: CreateObjectInput! }
  input UpdateOneObjectInput { id: UUID! update: UpdateObjectPayload! }
  input DeleteOneObjectInput { id: UUID! }

  input RelationCreationPayload { targetObjectMetadataId: UUID! targetFieldLabel: String! targetFieldIcon: String type: RelationType! }
  input CreateFieldInput {
    id: UUID objectMetadataId: UUID! type: FieldMetadataType! name: String! label: String! description: String icon: String
    isNullable: Boolean isUnique: Boolean defaultValue: JSON options: JSON settings: JSON isLabelSyncedWithName: Boolean
    relationCreationPayload: RelationCreationPayload morphRelationsCreationPayload: [JSON!]
  }
  input UpdateFieldInput {
    name: String label: String description: String icon: String isActive: Boolean isNullable: Boolean isUnique: Boolean
    defaultValue: JSON options: JSON settings: JSON isLabelSyncedWithName: Boolean
  }
  input CreateOneFieldMetadataInput { field: CreateFieldInput! }
  input UpdateOneFieldMetadataInput { id: UUID! update: UpdateFieldInput! }
  input DeleteOneFieldInput { id: UUID! }

  type Query {
    objects${LIST_ARGS('ObjectFilter')}: ObjectConnection!
    object(id: UUID!): Object!
    fields${LIST_ARGS('FieldFilter')}: FieldConnection!
    field(id: UUID!): Field!
  }
  type Mutation {
    createOneObject(input: CreateOneObjectInput!): Object!
    updateOneObject(input: UpdateOneObjectInput!): Object!
    deleteOneObject(input: DeleteOneObjectInput!): Object!
    createOneField(input: CreateOneFieldMetadataInput!): Field!
    updateOneField(input: UpdateOneFieldMetadataInput!): Field!
    deleteOneField(input: DeleteOneFieldInput!): Field!
  }
`;
