// TOTP second factor for password users: provision a secret, confirm it with a first code,
// then require a code at every login. Each accepted time step is stored, so a code cannot be
// replayed (RFC 6238 §5.2), not even by two concurrent logins.
import { AppError } from '../core/errors.ts';
import { one, type DbClient } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { generateTotpSecret, matchTotpStep, totpUri } from './totp.ts';

interface TotpRow {
  email: string;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
}

async function totpRow(db: DbClient, userId: string): Promise<TotpRow> {
  const row = await one<TotpRow>(db, sql`SELECT "email", "totpSecret", "totpEnabledAt" FROM core."user" WHERE "id" = ${userId} AND "deletedAt" IS NULL`);
  if (!row) throw new AppError('UNAUTHENTICATED', 'This user no longer exists.');
  return row;
}

/**
 * True when `code` is valid for the user's secret and its step is later than any step used
 * before; the step is recorded in the same statement, so a concurrent replay loses.
 */
export async function consumeTotpCode(db: DbClient, userId: string, secret: string, code: string, timeMs = Date.now()): Promise<boolean> {
  const step = matchTotpStep(secret, code, timeMs);
  if (step === undefined) return false;
  const row = await one(
    db,
    sql`UPDATE core."user" SET "totpLastUsedStep" = ${step} WHERE "id" = ${userId} AND ("totpLastUsedStep" IS NULL OR "totpLastUsedStep" < ${step}) RETURNING "id"`,
  );
  return row !== undefined;
}

/** Starts enrolment: a new secret, not yet required at login, as an otpauth:// URI for the app. */
export async function initiateTwoFactor(db: DbClient, userId: string): Promise<{ uri: string }> {
  const row = await totpRow(db, userId);
  if (row.totpEnabledAt) {
    throw new AppError('CONFLICT', 'Two-factor authentication is already enabled for this user.', { hint: 'Delete the current method first (deleteTwoFactorAuthenticationMethod).' });
  }
  const secret = generateTotpSecret();
  await one(db, sql`UPDATE core."user" SET "totpSecret" = ${secret}, "totpLastUsedStep" = NULL, "updatedAt" = now() WHERE "id" = ${userId}`);
  return { uri: totpUri({ secret, account: row.email }) };
}

/** Completes enrolment with a first code from the app; from then on logins need a code. */
export async function verifyTwoFactor(db: DbClient, userId: string, otp: string): Promise<{ success: boolean }> {
  const row = await totpRow(db, userId);
  if (row.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled for this user.');
  if (!row.totpSecret) throw new AppError('BAD_USER_INPUT', 'Two-factor authentication was not started.', { hint: 'Call initiateOTPProvisioningForAuthenticatedUser first.' });
  if (!(await consumeTotpCode(db, userId, row.totpSecret, otp))) {
    throw new AppError('BAD_USER_INPUT', 'The one-time code is wrong or was already used.', { details: { reason: 'INVALID_OTP' }, hint: 'Type the current code from your authenticator app.' });
  }
  await one(db, sql`UPDATE core."user" SET "totpEnabledAt" = now(), "updatedAt" = now() WHERE "id" = ${userId}`);
  return { success: true };
}

export async function deleteTwoFactor(db: DbClient, userId: string): Promise<{ success: boolean }> {
  await totpRow(db, userId);
  await one(db, sql`UPDATE core."user" SET "totpSecret" = NULL, "totpEnabledAt" = NULL, "totpLastUsedStep" = NULL, "updatedAt" = now() WHERE "id" = ${userId}`);
  return { success: true };
}
