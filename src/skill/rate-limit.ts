// Directive rate limits: a token bucket per verified user and per (user, endpoint), in memory.
// The pipeline asks after the token is verified (so only a real user's own directives count against
// them) and before the handler runs; over the limit it throws RateLimitExceededError, which the one
// funnel answers as RATE_LIMIT_EXCEEDED (no unlink risk). Decision 0900.
//
// Cost per directive: one or two Map lookups, a little arithmetic and a bounded sweep; O(1).
// Memory: a bucket that has been idle long enough to refill is the same as no bucket, so it is
// dropped (swept from the least-recently-used end of the Map); a hard cap bounds a flood of new keys.
import { RateLimitExceededError } from '../alexa/index.ts';
import type { Clock } from './ports.ts';

export interface DirectiveRateSettings {
  /** Sustained control directives per second for one endpoint of one user; 0 disables. */
  perEndpoint: number;
  /** Sustained directives per second for one user, all kinds; 0 disables. */
  perUser: number;
}

/** Seconds of sustained rate a bucket holds: the burst allowed after a quiet spell. */
export const BURST_SECONDS = 2;
/** Most buckets kept per limiter; past it the least recently used one is dropped. */
export const MAX_BUCKETS = 100_000;
/** Buckets examined for idleness per call (amortised eviction, never a full scan). */
const SWEEP_PER_CALL = 2;

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by string; rate in tokens per second, capacity `rate * BURST_SECONDS`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  /** After this long untouched a bucket is full again, i.e. equal to a missing one. */
  private readonly idleMs: number;

  constructor(
    readonly rate: number,
    private readonly now: Clock,
    private readonly maxBuckets = MAX_BUCKETS,
  ) {
    this.capacity = Math.max(1, rate * BURST_SECONDS);
    this.perMs = rate / 1000;
    this.idleMs = this.capacity / this.perMs;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The key's bucket refilled to now, moved to the most-recently-used end (not yet charged). */
  refill(key: string, at: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) {
      const fresh = { tokens: this.capacity, at };
      this.buckets.set(key, fresh);
      this.evict(at);
      return fresh;
    }
    // A clock that steps back refills nothing rather than draining.
    b.tokens = Math.min(this.capacity, b.tokens + Math.max(0, at - b.at) * this.perMs);
    b.at = at;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    this.evict(at);
    return b;
  }

  private evict(at: number): void {
    let n = 0;
    for (const [key, b] of this.buckets) {
      const over = this.buckets.size > this.maxBuckets;
      if (!over && (n >= SWEEP_PER_CALL || at - b.at < this.idleMs)) break;
      this.buckets.delete(key);
      n++;
    }
  }

  /** Takes one token for the key; false when the bucket is empty. */
  take(key: string): boolean {
    const b = this.refill(key, this.now());
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** The skill's limiter: one per process (server) or per warm container (Lambda). */
export class DirectiveRateLimiter {
  private readonly endpoints: TokenBuckets | undefined;
  private readonly users: TokenBuckets | undefined;

  constructor(
    readonly settings: DirectiveRateSettings,
    private readonly now: Clock = Date.now,
  ) {
    this.endpoints = settings.perEndpoint > 0 ? new TokenBuckets(settings.perEndpoint, now) : undefined;
    this.users = settings.perUser > 0 ? new TokenBuckets(settings.perUser, now) : undefined;
  }

  /**
   * Charges one directive to the user and, for a control directive, to its endpoint; throws
   * RateLimitExceededError when either is empty. Nothing is charged when the directive is refused,
   * so a refused flood on one endpoint does not drain the user's other endpoints.
   */
  check(userId: string, endpointId?: string): void {
    const at = this.now();
    const e =
      this.endpoints && endpointId !== undefined
        ? this.endpoints.refill(`${userId}\u0000${endpointId}`, at)
        : undefined;
    const u = this.users?.refill(userId, at);
    if (e && e.tokens < 1)
      throw new RateLimitExceededError(
        `more than ${this.settings.perEndpoint} directives per second for endpoint ${endpointId}`,
      );
    if (u && u.tokens < 1)
      throw new RateLimitExceededError(
        `more than ${this.settings.perUser} directives per second for this user`,
      );
    if (e) e.tokens -= 1;
    if (u) u.tokens -= 1;
  }

  /** Buckets held (for tests and diagnostics). */
  get size(): { endpoints: number; users: number } {
    return { endpoints: this.endpoints?.size ?? 0, users: this.users?.size ?? 0 };
  }
}
