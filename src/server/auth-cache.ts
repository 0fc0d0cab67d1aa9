// Authentication results cached per bearer token, dropped for a workspace as soon as Postgres
// notifies that one of its keys, memberships, metadata or permissions changed (triggers of
// migration 0005 send `twenty_auth` at commit, whatever path made the change). While the
// listening connection is down nothing is served from the cache (it reconnects with backoff and
// logs one line per outage), and entries live at most `ttlMs` even when no notification comes.
import pg from 'pg';
import type { Logger } from '../core/log.ts';
import type { RequestAuth } from '../auth/authenticate.ts';
import { query } from '../core/db.ts';
import { sql } from '../core/sql.ts';
import { createOutage, reconnectDelayMs } from '../core/outage.ts';

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
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;
  // One line when the listener is lost (the cache is off from then on), one when it is back.
  const outage = createOutage(log, 'postgres', { connection: 'auth-cache-listener', effect: 'authenticating every request' }, 0);

  const dropWorkspace = (workspaceId: string) => {
    for (const [token, entry] of entries) if (entry.auth.workspaceId === workspaceId) entries.delete(token);
  };

  // Reconnects with backoff, forever; notifications missed while down do not matter because
  // the cache is emptied and bypassed until LISTEN is in place again.
  const reconnectLater = () => {
    if (!closed) retry = setTimeout(() => void connect(), reconnectDelayMs(attempt++));
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, application_name: 'twenty-auth-listener' });
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) return;
      lost = true;
      listening = false;
      entries.clear();
      if (client === c) client = undefined;
      if (!closed) outage.down(error);
      reconnectLater();
    };
    c.on('notification', (message) => {
      if (message.channel === 'twenty_auth' && message.payload) dropWorkspace(message.payload);
    });
    c.on('error', (error) => lose(error));
    c.on('end', () => lose());
    try {
      await c.connect();
      await query(c, sql`LISTEN twenty_auth`);
      if (closed) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
      entries.clear();
      listening = true;
      attempt = 0;
      outage.up();
    } catch (error) {
      lose(error);
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
      clearTimeout(retry);
      listening = false;
      await client?.end().catch(() => {});
    },
  };
}
