// API keys on /metadata. ApiKey has no field for a token or hash: a token is shown once, by
// generateApiKeyToken.
export const apiKeysTypeDefs = /* GraphQL */ `
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

  input CreateApiKeyInput {
    name: String!
    expiresAt: String!
    roleId: UUID
  }

  input RevokeApiKeyInput {
    id: UUID!
  }

  type Query {
    apiKeys: [ApiKey!]!
  }

  type Mutation {
    createApiKey(input: CreateApiKeyInput!): ApiKey!
    generateApiKeyToken(apiKeyId: UUID!, expiresAt: String!): ApiKeyToken!
    revokeApiKey(input: RevokeApiKeyInput!): ApiKey!
    assignRoleToApiKey(apiKeyId: UUID!, roleId: UUID!): Boolean!
  }
`;
