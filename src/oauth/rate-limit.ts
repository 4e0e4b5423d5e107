// In-memory fixed-window counters for sign-in attempts and token requests. Per instance: behind a
// load balancer each instance counts on its own, which still bounds guessing by the instance count.

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

/**
 * Failed sign-ins, checked before any password hashing. An IP is refused after 20 failures in 15
 * minutes (any accounts), or after 5 failures on one account. An account under attack from many IPs
 * (50 failures in 15 minutes) is refused only to IPs that have themselves failed on it: another IP's
 * failures never lock out a correct login.
 */
export class SignInLimits {
  private readonly perIp: Counter;
  private readonly perAccountIp: Counter;
  private readonly perAccount: Counter;

  constructor(now: () => number = Date.now) {
    this.perIp = new Counter({ max: 20, windowMs: FIFTEEN_MINUTES }, now);
    this.perAccountIp = new Counter({ max: 5, windowMs: FIFTEEN_MINUTES }, now);
    this.perAccount = new Counter({ max: 50, windowMs: FIFTEEN_MINUTES }, now);
  }

  /** Seconds to wait when this attempt must be refused, otherwise 0. */
  check(ip: string, email: string): number {
    const account = email.trim().toLowerCase();
    const pair = `${account}\n${ip}`;
    if (this.perIp.exceeded(ip)) return this.perIp.retryAfter(ip);
    if (this.perAccountIp.exceeded(pair)) return this.perAccountIp.retryAfter(pair);
    if (this.perAccount.exceeded(account) && this.perAccountIp.count(pair) > 0)
      return this.perAccount.retryAfter(account);
    return 0;
  }

  failed(ip: string, email: string): void {
    const account = email.trim().toLowerCase();
    this.perIp.hit(ip);
    this.perAccountIp.hit(`${account}\n${ip}`);
    this.perAccount.hit(account);
  }

  /** An attempt that costs a password hash without a password to check (a sign-up). */
  costly(ip: string): void {
    this.perIp.hit(ip);
  }

  succeeded(ip: string, email: string): void {
    this.perAccountIp.reset(`${email.trim().toLowerCase()}\n${ip}`);
  }
}
