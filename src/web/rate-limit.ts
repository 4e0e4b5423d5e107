// Counts failed sign-ins per key (an IP, an account) in a fixed window, in memory. Checked BEFORE
// the Argon2 work so that a flood of guesses costs us nothing. Failures only: a successful sign-in
// never counts, and a window always ends, so nobody can lock an owner out for good.
export interface LimitCheck {
  allowed: boolean;
  /** Seconds until the key may try again (0 when allowed). */
  retryAfterSec: number;
}

export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  check(key: string): LimitCheck {
    const e = this.live(key);
    if (!e || e.count < this.max) return { allowed: true, retryAfterSec: 0 };
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((e.resetAt - this.clock()) / 1000)) };
  }

  fail(key: string): void {
    const e = this.live(key);
    if (e) e.count += 1;
    else {
      if (this.entries.size >= 100_000) this.prune();
      this.entries.set(key, { count: 1, resetAt: this.clock() + this.windowMs });
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.resetAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private prune(): void {
    const now = this.clock();
    for (const [k, e] of this.entries) if (e.resetAt <= now) this.entries.delete(k);
  }
}
