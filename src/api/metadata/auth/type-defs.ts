// The auth part of the /metadata GraphQL schema, with Twenty's operation and type names.
// Secret material has no field to travel in: ApiKey has no token or hash, Role no members'
// credentials; the only outputs carrying a token are the login, renew and generate mutations.
export const metadataAuthTypeDefs = /* GraphQL */ `
  scalar UUID

  type AuthToken {
    token: String!
    expiresAt: String!
  }

  type AuthTokenPair {
    accessOrWorkspaceAgnosticToken: AuthToken!
    refreshToken: AuthToken!
  }

  type LoginToken {
    loginToken: AuthToken!
  }

  type AuthTokens {
    tokens: AuthTokenPair!
  }

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

  type ApiKey {
    id: UUID!
    name: String!
    expiresAt: String!
    revokedAt: String
    createdAt: String!
  }

  type ApiKeyToken {
    token: String!
  }

  type WorkspaceMemberRole {
    workspaceMemberId: UUID!
    role: Role!
  }

  type InitiateTwoFactorAuthenticationProvisioningOutput {
    uri: String!
  }

  type VerifyTwoFactorAuthenticationMethodOutput {
    success: Boolean!
  }

  type DeleteTwoFactorAuthenticationMethodOutput {
    success: Boolean!
  }

  input CreateApiKeyInput {
    name: String!
    expiresAt: String!
    roleId: UUID
  }

  input RevokeApiKeyInput {
    id: UUID!
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
    apiKeys: [ApiKey!]!
  }

  type Mutation {
    getLoginTokenFromCredentials(email: String!, password: String!, origin: String!, workspaceId: UUID): LoginToken!
    getAuthTokensFromLoginToken(loginToken: String!, origin: String!): AuthTokens!
    getAuthTokensFromOTP(otp: String!, loginToken: String!, origin: String!): AuthTokens!
    renewToken(appToken: String!): AuthTokens!

    createApiKey(input: CreateApiKeyInput!): ApiKey!
    generateApiKeyToken(apiKeyId: UUID!, expiresAt: String!): ApiKeyToken!
    revokeApiKey(input: RevokeApiKeyInput!): ApiKey!
    assignRoleToApiKey(apiKeyId: UUID!, roleId: UUID!): Boolean!

    createOneRole(createRoleInput: CreateRoleInput!): Role!
    updateOneRole(updateRoleInput: UpdateRoleInput!): Role!
    deleteOneRole(roleId: UUID!): String!
    upsertObjectPermissions(upsertObjectPermissionsInput: UpsertObjectPermissionsInput!): [ObjectPermission!]!
    upsertFieldPermissions(upsertFieldPermissionsInput: UpsertFieldPermissionsInput!): [FieldPermission!]!
    upsertPermissionFlags(upsertPermissionFlagsInput: UpsertPermissionFlagsInput!): [PermissionFlag!]!
    updateWorkspaceMemberRole(workspaceMemberId: UUID!, roleId: UUID!): WorkspaceMemberRole!

    initiateOTPProvisioningForAuthenticatedUser: InitiateTwoFactorAuthenticationProvisioningOutput!
    verifyTwoFactorAuthenticationMethodForAuthenticatedUser(otp: String!): VerifyTwoFactorAuthenticationMethodOutput!
    deleteTwoFactorAuthenticationMethod: DeleteTwoFactorAuthenticationMethodOutput!
  }
`;
