// Authentication on /metadata, with Twenty's operation and type names: login (credentials →
// login token → token pair, with a TOTP step when enrolled), token renewal, and the caller's own
// two-factor settings. The only outputs carrying a token are login and renew.
export const authTypeDefs = /* GraphQL */ `
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

  type InitiateTwoFactorAuthenticationProvisioningOutput {
    uri: String!
  }

  type VerifyTwoFactorAuthenticationMethodOutput {
    success: Boolean!
  }

  type DeleteTwoFactorAuthenticationMethodOutput {
    success: Boolean!
  }

  type Mutation {
    getLoginTokenFromCredentials(email: String!, password: String!, origin: String!, workspaceId: UUID): LoginToken!
    getAuthTokensFromLoginToken(loginToken: String!, origin: String!): AuthTokens!
    getAuthTokensFromOTP(otp: String!, loginToken: String!, origin: String!): AuthTokens!
    renewToken(appToken: String!): AuthTokens!

    initiateOTPProvisioningForAuthenticatedUser: InitiateTwoFactorAuthenticationProvisioningOutput!
    verifyTwoFactorAuthenticationMethodForAuthenticatedUser(otp: String!): VerifyTwoFactorAuthenticationMethodOutput!
    deleteTwoFactorAuthenticationMethod: DeleteTwoFactorAuthenticationMethodOutput!
  }
`;
