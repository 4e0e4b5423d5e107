// Web app sessions of account owners. The browser holds a random id; the store holds only its
// sha256, so a copy of the database cannot be replayed as a cookie. Separate from the OAuth
// provider's session: signing out here does not end a linking in progress, and the reverse.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../oauth/hash.ts';
import type { Store } from '../store/db.ts';

export interface WebSessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** A session ends after this long without a request... */
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/** ...and at the latest this long after sign-in, however active. */
export const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so browsing is not a write per request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface WebSession {
  userId: string;
  email: string;
  createdAt: number;
  expiresAt: number;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The CSRF token for a secret the browser holds in an HttpOnly cookie (the session id, or before
 * sign-in a pre-session id). Another site can neither read the cookie nor compute this; the store
 * never sees it (it keeps sha256(id), a different value), so no extra secret is needed.
 */
export function csrfTokenFor(seed: string): string {
  return sha256(`csrf:${seed}`);
}

export function csrfTokenMatches(seed: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 200) return false;
  const expected = Buffer.from(csrfTokenFor(seed));
  const got = Buffer.from(presented);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export class WebSessions {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  private get db() {
    return this.store.db.withTables<{ web_sessions: WebSessionsTable }>();
  }

  /** Starts a session; the returned id goes into the cookie and nowhere else. */
  async create(userId: string): Promise<string> {
    const id = newSecret();
    const now = this.clock();
    await this.db
      .insertInto('web_sessions')
      .values({
        id_hash: sha256(id),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: now + SESSION_MAX_MS,
      })
      .execute();
    return id;
  }

  /** The live session for a cookie value, or null (unknown, idle too long, too old, or its account gone/disabled). */
  async find(id: string): Promise<WebSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const idHash = sha256(id);
    const row = await this.db
      .selectFrom('web_sessions')
      .innerJoin('users', 'users.id', 'web_sessions.user_id')
      .select([
        'web_sessions.user_id',
        'web_sessions.created_at',
        'web_sessions.last_seen_at',
        'web_sessions.expires_at',
        'users.email',
        'users.status',
      ])
      .where('web_sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return null;
    const now = this.clock();
    const lastSeen = Number(row.last_seen_at);
    const expiresAt = Number(row.expires_at);
    if (now >= expiresAt || now - lastSeen >= SESSION_IDLE_MS || row.status !== 'active') {
      await this.db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
      return null;
    }
    if (now - lastSeen >= TOUCH_EVERY_MS) {
      await this.db
        .updateTable('web_sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return { userId: row.user_id, email: row.email, createdAt: Number(row.created_at), expiresAt };
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('id_hash', '=', sha256(id)).execute();
  }

  /** Ends every session of an account (deletion, disabling). */
  async destroyForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('user_id', '=', userId).execute();
  }

  /** Removes sessions past their absolute or idle expiry; returns how many. */
  async purgeExpired(): Promise<number> {
    const now = this.clock();
    const res = await this.db
      .deleteFrom('web_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - SESSION_IDLE_MS)]))
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
