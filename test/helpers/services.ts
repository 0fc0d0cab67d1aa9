// Real services for tests: a uniquely named database (and Redis key prefix) per test file,
// dropped afterwards. The machine's Postgres and Redis are the defaults.
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { createDb, query, type Db } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';

export const ADMIN_PG_URL = process.env.PG_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
}

/** Creates a fresh database for this test file; it is dropped when the file's tests end. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('twenty_test');
  const admin = createDb(ADMIN_PG_URL, { max: 1 });
  await query(admin, sql`CREATE DATABASE ${ident(name)}`);
  const url = databaseUrl(name);
  const db = createDb(url, { max: 5 });
  after(async () => {
    await db.end().catch(() => {});
    await query(admin, sql`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
  });
  return { name, url, db };
}
