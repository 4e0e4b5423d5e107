// A verdict cache in front of any TokenVerifier. Keyed by a hash of the token (the token itself is
// never kept), bounded in size, with a TTL; a valid verdict never outlives its token's expiresAt.
// Entries are indexed by user and grant so a revocation or an account change drops them at once
// (the in-process wiring subscribes to the bus; a Lambda shape relies on the short TTL).
import type { TokenVerifier, Verdict } from '../auth/verdict.ts';
import { tokenDigest } from '../log.ts';
import type { Clock } from './ports.ts';

interface Entry {
  verdict: Verdict;
  until: number;
  userId?: string;
  grantId?: string;
}

export interface VerdictCacheOptions {
  ttlMs: number;
  maxEntries?: number;
  now?: Clock;
}

export class VerdictCache implements TokenVerifier {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly byGrant = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a verification that started before one must not fill the cache. */
  private generation = 0;
  private readonly maxEntries: number;
  private readonly now: Clock;

  constructor(
    private readonly inner: TokenVerifier,
    private readonly options: VerdictCacheOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A hit answers synchronously; a miss asks the inner verifier and remembers its verdict. */
  verify(token: string, digest?: string): Verdict | Promise<Verdict> {
    if (this.options.ttlMs <= 0) return this.inner.verify(token, digest);
    const key = digest ?? tokenDigest(token);
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.until > this.now()) return hit.verdict;
      this.drop(key);
    }
    return this.fill(token, key);
  }

  private async fill(token: string, key: string): Promise<Verdict> {
    const generation = this.generation;
    const verdict = await this.inner.verify(token, key);
    if (generation === this.generation) this.store(key, verdict, this.now());
    return verdict;
  }

  /** Drops every cached verdict for this user (account disabled, deleted, re-enabled). */
  invalidateUser(userId: string): void {
    this.generation++;
    for (const key of this.byUser.get(userId) ?? []) this.drop(key);
    this.byUser.delete(userId);
  }

  /** Drops every cached verdict for tokens of this grant (revoked). */
  invalidateGrant(grantId: string): void {
    this.generation++;
    for (const key of this.byGrant.get(grantId) ?? []) this.drop(key);
    this.byGrant.delete(grantId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byUser.clear();
    this.byGrant.clear();
  }

  private store(key: string, verdict: Verdict, now: number): void {
    // A transient answer says nothing about the token: never reuse it. A disabled account can be
    // re-enabled, so that verdict is not final either; every other verdict is final for its token.
    if (verdict.kind === 'transient') return;
    if (verdict.kind === 'invalid' && verdict.reason === 'account_disabled') return;
    let until = now + this.options.ttlMs;
    if (verdict.kind === 'valid') {
      until = Math.min(until, verdict.expiresAt);
      if (until <= now) return;
    }
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (Map keeps insertion order).
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.drop(oldest.value);
    }
    const entry: Entry = { verdict, until };
    if (verdict.kind === 'valid') {
      entry.userId = verdict.userId;
      entry.grantId = verdict.grantId;
      index(this.byUser, verdict.userId, key);
      index(this.byGrant, verdict.grantId, key);
    }
    this.entries.set(key, entry);
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    if (e.userId) unindex(this.byUser, e.userId, key);
    if (e.grantId) unindex(this.byGrant, e.grantId, key);
  }
}

function index(map: Map<string, Set<string>>, id: string, key: string): void {
  let set = map.get(id);
  if (!set) map.set(id, (set = new Set()));
  set.add(key);
}

function unindex(map: Map<string, Set<string>>, id: string, key: string): void {
  const set = map.get(id);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) map.delete(id);
}
