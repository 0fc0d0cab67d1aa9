// Authentication results cached per bearer token, dropped for a workspace as soon as Postgres
// notifies that one of its keys, memberships, metadata or permissions changed (triggers of
// migration 0005 send `twenty_auth` at commit, whatever path made the change). While the
// listening connection is down nothing is served from the cache, and entries live at most
// `ttlMs` even when no notification comes.
import pg from 'pg';
import type { Logger } from '../core/log.ts';
import type { RequestAuth } from '../auth/authenticate.ts';
import { query } from '../core/db.ts';
import { sql } from '../core/sql.ts';

export interface AuthCache {
  get(token: string): RequestAuth | undefined;
  set(token: string, auth: RequestAuth): void;
  close(): Promise<void>;
}

interface Entry {
  auth: RequestAuth;
  until: number;
}

const MAX_ENTRIES = 10_000;

export async function startAuthCache(url: string, log: Logger, ttlMs = 10_000): Promise<AuthCache> {
  const entries = new Map<string, Entry>();
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;

  const dropWorkspace = (workspaceId: string) => {
    for (const [token, entry] of entries) if (entry.auth.workspaceId === workspaceId) entries.delete(token);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, application_name: 'twenty-auth-listener' });
    c.on('notification', (message) => {
      if (message.channel === 'twenty_auth' && message.payload) dropWorkspace(message.payload);
    });
    c.on('error', () => {});
    c.on('end', () => {
      listening = false;
      entries.clear();
      if (!closed) setTimeout(() => connect().catch(() => {}), 1000);
    });
    try {
      await c.connect();
      await query(c, sql`LISTEN twenty_auth`);
      client = c;
      entries.clear();
      listening = true;
    } catch (error) {
      log.warn({ err: error }, 'auth cache listener cannot connect; authenticating every request');
      await c.end().catch(() => {});
    }
  };
  await connect();

  return {
    get(token) {
      if (!listening) return undefined;
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.until <= Date.now()) {
        entries.delete(token);
        return undefined;
      }
      return entry.auth;
    },
    set(token, auth) {
      if (!listening) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(token, { auth, until: Math.min(Date.now() + ttlMs, auth.expiresAt.getTime()) });
    },
    async close() {
      closed = true;
      listening = false;
      await client?.end().catch(() => {});
    },
  };
}
