// Roles and their grants on /metadata (Twenty's names): roles, object and field permissions,
// settings flags, and which role a workspace member holds.
export const rolesPermissionsTypeDefs = /* GraphQL */ `
  type PermissionFlag {
    id: UUID!
    roleId: UUID!
    flag: String!
  }

  type ObjectPermission {
    id: UUID!
    roleId: UUID!
    objectMetadataId: UUID!
    canReadObjectRecords: Boolean
    canUpdateObjectRecords: Boolean
    canSoftDeleteObjectRecords: Boolean
    canDestroyObjectRecords: Boolean
  }

  type FieldPermission {
    id: UUID!
    roleId: UUID!
    objectMetadataId: UUID!
    fieldMetadataId: UUID!
    canReadFieldValue: Boolean
    canUpdateFieldValue: Boolean
  }

  type Role {
    id: UUID!
    label: String!
    description: String
    icon: String
    isEditable: Boolean!
    canBeAssignedToUsers: Boolean!
    canBeAssignedToApiKeys: Boolean!
    canUpdateAllSettings: Boolean!
    canReadAllObjectRecords: Boolean!
    canUpdateAllObjectRecords: Boolean!
    canSoftDeleteAllObjectRecords: Boolean!
    canDestroyAllObjectRecords: Boolean!
    permissionFlags: [PermissionFlag!]!
    objectPermissions: [ObjectPermission!]!
    fieldPermissions: [FieldPermission!]!
  }

  type WorkspaceMemberRole {
    workspaceMemberId: UUID!
    role: Role!
  }

  input CreateRoleInput {
    id: UUID
    label: String!
    description: String
    icon: String
    canUpdateAllSettings: Boolean
    canReadAllObjectRecords: Boolean
    canUpdateAllObjectRecords: Boolean
    canSoftDeleteAllObjectRecords: Boolean
    canDestroyAllObjectRecords: Boolean
    canBeAssignedToUsers: Boolean
    canBeAssignedToApiKeys: Boolean
  }

  input UpdateRolePayload {
    label: String
    description: String
    icon: String
    canUpdateAllSettings: Boolean
    canReadAllObjectRecords: Boolean
    canUpdateAllObjectRecords: Boolean
    canSoftDeleteAllObjectRecords: Boolean
    canDestroyAllObjectRecords: Boolean
    canBeAssignedToUsers: Boolean
    canBeAssignedToApiKeys: Boolean
  }

  input UpdateRoleInput {
    id: UUID!
    update: UpdateRolePayload!
  }

  input ObjectPermissionInput {
    objectMetadataId: UUID!
    canReadObjectRecords: Boolean
    canUpdateObjectRecords: Boolean
    canSoftDeleteObjectRecords: Boolean
    canDestroyObjectRecords: Boolean
  }

  input UpsertObjectPermissionsInput {
    roleId: UUID!
    objectPermissions: [ObjectPermissionInput!]!
  }

  input FieldPermissionInput {
    objectMetadataId: UUID!
    fieldMetadataId: UUID!
    canReadFieldValue: Boolean
    canUpdateFieldValue: Boolean
  }

  input UpsertFieldPermissionsInput {
    roleId: UUID!
    fieldPermissions: [FieldPermissionInput!]!
  }

  input UpsertPermissionFlagsInput {
    roleId: UUID!
    permissionFlagKeys: [String!]!
  }

  type Query {
    getRoles: [Role!]!
  }

  type Mutation {
    createOneRole(createRoleInput: CreateRoleInput!): Role!
    updateOneRole(updateRoleInput: UpdateRoleInput!): Role!
    deleteOneRole(roleId: UUID!): String!
    upsertObjectPermissions(upsertObjectPermissionsInput: UpsertObjectPermissionsInput!): [ObjectPermission!]!
    upsertFieldPermissions(upsertFieldPermissionsInput: UpsertFieldPermissionsInput!): [FieldPermission!]!
    upsertPermissionFlags(upsertPermissionFlagsInput: UpsertPermissionFlagsInput!): [PermissionFlag!]!
    updateWorkspaceMemberRole(workspaceMemberId: UUID!, roleId: UUID!): WorkspaceMemberRole!
  }
`;
