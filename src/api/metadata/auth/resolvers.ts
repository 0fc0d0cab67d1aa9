// Login, token renewal and the caller's two-factor settings on /metadata. Login and renew take no
// credentials (and are rate limited per IP by the server); 2FA needs a signed-in user.
import type { IResolvers } from '@graphql-tools/utils';
import { AppError } from '../../../core/errors.ts';
import { exchangeLoginToken, exchangeLoginTokenWithOtp, loginWithCredentials } from '../../../auth/login.ts';
import { renewAuthTokens } from '../../../auth/sessions.ts';
import { deleteTwoFactor, initiateTwoFactor, verifyTwoFactor } from '../../../auth/two-factor.ts';
import { caller, type MetadataContext } from '../context.ts';

// biome-ignore lint/suspicious/noExplicitAny: argument shapes are checked by the schema before a resolver runs
type Args = Record<string, any>;
type Resolver = (parent: unknown, args: Args, ctx: MetadataContext) => unknown;

/** 2FA belongs to a person: API keys have none. */
function callingUser(ctx: MetadataContext): string {
  const { auth } = caller(ctx);
  if (auth.kind !== 'user' || !auth.userId) throw new AppError('FORBIDDEN', 'Two-factor authentication belongs to users; API keys cannot manage it.');
  return auth.userId;
}

const login: Record<string, Resolver> = {
  getLoginTokenFromCredentials: async (_p, a, ctx) => ({
    loginToken: await loginWithCredentials(ctx.db, ctx.appSecret, { email: a.email, password: a.password, workspaceId: a.workspaceId ?? undefined }),
  }),
  getAuthTokensFromLoginToken: async (_p, a, ctx) => ({ tokens: await exchangeLoginToken(ctx.db, ctx.appSecret, a.loginToken) }),
  getAuthTokensFromOTP: async (_p, a, ctx) => ({ tokens: await exchangeLoginTokenWithOtp(ctx.db, ctx.appSecret, { loginToken: a.loginToken, otp: a.otp }) }),
  renewToken: async (_p, a, ctx) => ({ tokens: await renewAuthTokens(ctx.db, ctx.appSecret, a.appToken) }),
};

const twoFactor: Record<string, Resolver> = {
  initiateOTPProvisioningForAuthenticatedUser: (_p, _a, ctx) => initiateTwoFactor(ctx.db, callingUser(ctx)),
  verifyTwoFactorAuthenticationMethodForAuthenticatedUser: (_p, a, ctx) => verifyTwoFactor(ctx.db, callingUser(ctx), a.otp),
  deleteTwoFactorAuthenticationMethod: (_p, _a, ctx) => deleteTwoFactor(ctx.db, callingUser(ctx)),
};

/** The names of the mutations that take no credentials and are rate limited per IP. */
export const LOGIN_MUTATIONS = Object.keys(login);

export const authResolvers: IResolvers = { Mutation: { ...login, ...twoFactor } };
