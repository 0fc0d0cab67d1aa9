// Users and their membership of a workspace: a core user row, a userWorkspace row, and a
// workspaceMember record in the workspace schema (what Twenty's API calls the member).
import { AppError } from '../core/errors.ts';
import { one, transaction, type Db } from '../core/db.ts';
import { ident, sql } from '../core/sql.ts';
import { hashPassword } from './password.ts';

export interface CreatedUser {
  userId: string;
  email: string;
  workspaceId: string;
  userWorkspaceId: string;
  workspaceMemberId: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(db: Db, input: { workspaceId: string; email: string; password: string; firstName?: string; lastName?: string }): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError('BAD_USER_INPUT', `"${input.email}" is not a valid email address.`);
  if (input.password.length < 8) throw new AppError('BAD_USER_INPUT', 'A password needs at least 8 characters.');
  const passwordHash = await hashPassword(input.password);
  return transaction(db, async (client) => {
    const ws = await one<{ schemaName: string }>(client, sql`SELECT "schemaName" FROM core.workspace WHERE "id" = ${input.workspaceId} AND "deletedAt" IS NULL`);
    if (!ws) throw new AppError('NOT_FOUND', `Workspace "${input.workspaceId}" does not exist.`);
    const existing = await one<{ id: string }>(client, sql`SELECT "id" FROM core."user" WHERE lower("email") = ${email} AND "deletedAt" IS NULL`);
    const user = existing ?? (await one<{ id: string }>(
      client,
      sql`INSERT INTO core."user" ("email", "firstName", "lastName", "passwordHash") VALUES (${email}, ${input.firstName ?? ''}, ${input.lastName ?? ''}, ${passwordHash}) RETURNING "id"`,
    ));
    if (!user) throw new AppError('INTERNAL_SERVER_ERROR', 'The user was not created.');
    const member = await one<{ id: string }>(
      client,
      sql`INSERT INTO ${ident(ws.schemaName, 'workspaceMember')} ("nameFirstName", "nameLastName", "userEmail", "userId") VALUES (${input.firstName ?? ''}, ${input.lastName ?? ''}, ${email}, ${user.id}) RETURNING "id"`,
    );
    const membership = await one<{ id: string }>(
      client,
      sql`INSERT INTO core."userWorkspace" ("userId", "workspaceId", "workspaceMemberId") VALUES (${user.id}, ${input.workspaceId}, ${member?.id}) ON CONFLICT ("userId", "workspaceId") DO NOTHING RETURNING "id"`,
    );
    if (!membership) throw new AppError('ALREADY_EXISTS', `User "${email}" is already a member of this workspace.`);
    return { userId: user.id, email, workspaceId: input.workspaceId, userWorkspaceId: membership.id, workspaceMemberId: member?.id ?? '' };
  });
}
