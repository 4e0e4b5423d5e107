// Fixed-window counters for sign-in attempts and token requests. The sign-in limits are one port
// (SignInLimits) with two implementations: the in-process one here, and one shared by every instance
// through Redis (rate-limit-redis.ts) when REDIS_URL is set; app.ts picks one. Both apply the same
// policy (signInRefusal). The token endpoint's Counter stays per instance (docs/scale-out.md).

export interface Limit {
  max: number;
  windowMs: number;
}

interface Window {
  count: number;
  resetAt: number;
}

export class Counter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(
    readonly limit: Limit,
    private readonly now: () => number = Date.now,
  ) {}

  count(key: string): number {
    const w = this.windows.get(key);
    return w && w.resetAt > this.now() ? w.count : 0;
  }

  /** Seconds until the key's window resets (at least 1). */
  retryAfter(key: string): number {
    const w = this.windows.get(key);
    return Math.max(1, Math.ceil(((w?.resetAt ?? this.now()) - this.now()) / 1000));
  }

  exceeded(key: string): boolean {
    return this.count(key) >= this.limit.max;
  }

  hit(key: string): number {
    const now = this.now();
    this.sweep(now);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.limit.windowMs });
      return 1;
    }
    w.count++;
    return w.count;
  }

  /** Takes back one hit of the current window (an attempt counted in advance that did not fail). */
  unhit(key: string): void {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now() && w.count > 0) w.count--;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.limit.windowMs) return;
    this.sweptAt = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** The three limits a sign-in attempt counts against. */
export interface SignInPolicy {
  perIp: Limit;
  perAccountIp: Limit;
  perAccount: Limit;
}

/**
 * Failed sign-ins, checked before any password hashing. An IP is refused after 20 failures in 15
 * minutes (any accounts), or after 5 failures on one account. An account under attack from many IPs
 * (50 failures in 15 minutes) is refused only to IPs that have themselves failed on it: another IP's
 * failures never lock out a correct login.
 */
export const SIGN_IN_POLICY: SignInPolicy = {
  perIp: { max: 20, windowMs: FIFTEEN_MINUTES },
  perAccountIp: { max: 5, windowMs: FIFTEEN_MINUTES },
  perAccount: { max: 50, windowMs: FIFTEEN_MINUTES },
};

/**
 * Where sign-in attempts are counted. An attempt is counted as failed *before* its password is
 * hashed, in the same step as the check, and taken back when it succeeds: were the check and the
 * count two steps, a burst of parallel attempts would all pass the check while the first hashes ran.
 * Every method may wait on a shared store, so all are async; none ever throws for a store outage
 * (the Redis implementation falls back to in-process counts).
 */
export interface SignInLimits {
  /**
   * Before a password is checked: seconds to wait when this attempt must be refused (then nothing is
   * counted), otherwise 0, and the attempt now counts as failed until succeeded() says otherwise.
   */
  begin(ip: string, email: string): Promise<number>;
  /** Before a sign-up's hash: refused as begin() would be, otherwise 0, and the IP's count grows by one. */
  beginCostly(ip: string, email: string): Promise<number>;
  /** The attempt begun for this IP and account had the right password: it was not a failure. */
  succeeded(ip: string, email: string): Promise<void>;
  /** Read-only: seconds an attempt would wait now (0: it may go on). Counts nothing. */
  check(ip: string, email: string): Promise<number>;
}

/** The keys one attempt is counted under, before any hashing. */
export interface SignInKeys {
  ip: string;
  pair: string;
  account: string;
}

export function signInKeys(ip: string, email: string): SignInKeys {
  const account = email.trim().toLowerCase();
  return { ip, pair: `${account}\n${ip}`, account };
}

/** One key's count in its current window, and the seconds until that window resets (at least 1). */
export interface Tally {
  count: number;
  retryAfter: number;
}

/** The policy, whatever holds the counts: seconds to wait, or 0 when the attempt may go on. */
export function signInRefusal(policy: SignInPolicy, t: Record<keyof SignInKeys, Tally>): number {
  if (t.ip.count >= policy.perIp.max) return t.ip.retryAfter;
  if (t.pair.count >= policy.perAccountIp.max) return t.pair.retryAfter;
  if (t.account.count >= policy.perAccount.max && t.pair.count > 0) return t.account.retryAfter;
  return 0;
}

/** The limits counted in this process only: a single instance, or the fallback when Redis is away. */
export class MemorySignInLimits implements SignInLimits {
  private readonly perIp: Counter;
  private readonly perAccountIp: Counter;
  private readonly perAccount: Counter;

  constructor(
    now: () => number = Date.now,
    private readonly policy: SignInPolicy = SIGN_IN_POLICY,
  ) {
    this.perIp = new Counter(policy.perIp, now);
    this.perAccountIp = new Counter(policy.perAccountIp, now);
    this.perAccount = new Counter(policy.perAccount, now);
  }

  /** The synchronous check, for callers already holding the counts in this process. */
  wait(ip: string, email: string): number {
    const k = signInKeys(ip, email);
    const tally = (c: Counter, key: string): Tally => ({
      count: c.count(key),
      retryAfter: c.retryAfter(key),
    });
    return signInRefusal(this.policy, {
      ip: tally(this.perIp, k.ip),
      pair: tally(this.perAccountIp, k.pair),
      account: tally(this.perAccount, k.account),
    });
  }

  async check(ip: string, email: string): Promise<number> {
    return this.wait(ip, email);
  }

  /** begin() in one synchronous step (nothing can run between the check and the count). */
  beginNow(ip: string, email: string): number {
    const wait = this.wait(ip, email);
    if (wait > 0) return wait;
    const k = signInKeys(ip, email);
    this.perIp.hit(k.ip);
    this.perAccountIp.hit(k.pair);
    this.perAccount.hit(k.account);
    return 0;
  }

  /** beginCostly() in one synchronous step. */
  beginCostlyNow(ip: string, email: string): number {
    const wait = this.wait(ip, email);
    if (wait === 0) this.perIp.hit(ip);
    return wait;
  }

  /** Takes back what beginNow (costly: beginCostlyNow) counted, for an attempt refused elsewhere. */
  undo(ip: string, email: string, costly: boolean): void {
    const k = signInKeys(ip, email);
    this.perIp.unhit(k.ip);
    if (costly) return;
    this.perAccountIp.unhit(k.pair);
    this.perAccount.unhit(k.account);
  }

  async begin(ip: string, email: string): Promise<number> {
    return this.beginNow(ip, email);
  }

  async beginCostly(ip: string, email: string): Promise<number> {
    return this.beginCostlyNow(ip, email);
  }

  async succeeded(ip: string, email: string): Promise<void> {
    const k = signInKeys(ip, email);
    this.perIp.unhit(k.ip);
    this.perAccount.unhit(k.account);
    // The right password from this IP clears its earlier typos on this account.
    this.perAccountIp.reset(k.pair);
  }
}
