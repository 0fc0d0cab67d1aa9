// Twenty's two-step password login: credentials → a short-lived login token → a token pair.
// With two-factor authentication enrolled, the second step is getAuthTokensFromOTP (login
// token + one-time code) and getAuthTokensFromLoginToken refuses, as in Twenty.
// Every credential failure gives the same answer, and an unknown email costs the same scrypt
// work as a known one, so neither the message nor the timing reveals which accounts exist.
import { AppError } from '../core/errors.ts';
import { rows, type Db } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { verifyPassword } from './password.ts';
import { findMembership, issueAuthTokens, type AuthToken, type AuthTokenPair, type Membership } from './sessions.ts';
import { LOGIN_TOKEN_LIFETIME_SECONDS, mintLoginToken, verifyBearer } from './tokens.ts';
import { consumeTotpCode } from './two-factor.ts';

function badCredentials(): AppError {
  return new AppError('UNAUTHENTICATED', 'The email or password is wrong.', { details: { reason: 'INVALID_CREDENTIALS' }, hint: 'Check both and try again.' });
}

interface Account {
  userId: string;
  passwordHash: string | null;
  workspaceIds: string[];
}

async function findAccount(db: Db, email: string): Promise<Account | undefined> {
  const [account] = await rows<Account & Record<string, unknown>>(
    db,
    sql`SELECT u."id" AS "userId", u."passwordHash",
          coalesce(array_agg(uw."workspaceId" ORDER BY uw."createdAt") FILTER (WHERE w."id" IS NOT NULL), '{}') AS "workspaceIds"
        FROM core."user" u
        LEFT JOIN core."userWorkspace" uw ON uw."userId" = u."id"
        LEFT JOIN core.workspace w ON w."id" = uw."workspaceId" AND w."deletedAt" IS NULL
        WHERE lower(u."email") = lower(${email}) AND u."deletedAt" IS NULL
        GROUP BY u."id"`,
  );
  return account;
}

/** The workspace to sign in to: the one asked for, else the user's only one. */
function pickWorkspace(account: Account, workspaceId: string | undefined): string {
  if (workspaceId !== undefined) {
    if (!account.workspaceIds.includes(workspaceId)) throw badCredentials();
    return workspaceId;
  }
  if (account.workspaceIds.length === 0) throw badCredentials();
  if (account.workspaceIds.length > 1) {
    throw new AppError('BAD_USER_INPUT', 'This account belongs to several workspaces; say which one.', { hint: 'Pass workspaceId to getLoginTokenFromCredentials.' });
  }
  return account.workspaceIds[0] as string;
}

/** Twenty's getLoginTokenFromCredentials (`origin` is accepted for compatibility; one host serves every workspace). */
export async function loginWithCredentials(db: Db, appSecret: string, input: { email: string; password: string; workspaceId?: string }): Promise<AuthToken> {
  const email = input.email.trim();
  const account = email.length > 0 && email.length <= 320 ? await findAccount(db, email) : undefined;
  const ok = await verifyPassword(input.password, account?.passwordHash ?? null);
  if (!ok || !account) throw badCredentials();
  const workspaceId = pickWorkspace(account, input.workspaceId);
  const token = await mintLoginToken({ appSecret, workspaceId, email: email.toLowerCase() });
  return { token, expiresAt: new Date(Date.now() + LOGIN_TOKEN_LIFETIME_SECONDS * 1000).toISOString() };
}

async function loginMember(db: Db, appSecret: string, loginToken: string): Promise<Membership> {
  const verified = await verifyBearer(loginToken, { appSecret, expectedTypes: ['LOGIN'] });
  if (verified.type !== 'LOGIN') throw badCredentials();
  const member = await findMembership(db, { workspaceId: verified.workspaceId, email: verified.email });
  if (!member) throw new AppError('INVALID_TOKEN', 'This login token names a user who is not a member of the workspace.', { details: { reason: 'MEMBERSHIP_NOT_FOUND' } });
  return member;
}

/** Twenty's getAuthTokensFromLoginToken. */
export async function exchangeLoginToken(db: Db, appSecret: string, loginToken: string): Promise<AuthTokenPair> {
  const member = await loginMember(db, appSecret, loginToken);
  if (member.totpEnabled) {
    throw new AppError('FORBIDDEN', 'This account uses two-factor authentication; send the one-time code.', {
      details: { reason: 'TWO_FACTOR_AUTHENTICATION_VERIFICATION_REQUIRED' },
      hint: 'Call getAuthTokensFromOTP with the login token and the code from your authenticator app.',
    });
  }
  return (await issueAuthTokens(db, appSecret, member)).pair;
}

/** Twenty's getAuthTokensFromOTP: the login token plus a current, unused TOTP code. */
export async function exchangeLoginTokenWithOtp(db: Db, appSecret: string, input: { loginToken: string; otp: string }): Promise<AuthTokenPair> {
  const member = await loginMember(db, appSecret, input.loginToken);
  if (!member.totpEnabled || !member.totpSecret) {
    throw new AppError('BAD_USER_INPUT', 'This account does not use two-factor authentication.', { hint: 'Call getAuthTokensFromLoginToken instead.' });
  }
  if (!(await consumeTotpCode(db, member.userId, member.totpSecret, input.otp))) {
    throw new AppError('UNAUTHENTICATED', 'The one-time code is wrong or was already used.', { details: { reason: 'INVALID_OTP' }, hint: 'Type the current code from your authenticator app.' });
  }
  return (await issueAuthTokens(db, appSecret, member)).pair;
}
