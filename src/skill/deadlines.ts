// Time bounds for many concurrent waits without a timer each. Token verification is bounded on
// every directive whose verdict is not cached; a setTimeout/clearTimeout pair per directive was a
// measurable share of a directive's CPU under load (inserting and removing the timer, and the
// native ref count behind it). Here one interval timer runs while anything is waiting; it sweeps
// the waits in order of their deadline, which is also the order they started, since every wait of
// one Deadlines has the same bound.
export class Deadlines {
  /** Insertion order is deadline order: one bound for all. */
  private readonly waiting = new Set<Wait>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly tickMs: number;

  /**
   * @param ms the bound; a wait that outlives it is rejected within ms + a tenth of ms (at most 100 ms later)
   * @param expired the error a wait that timed out is rejected with
   */
  constructor(
    private readonly ms: number,
    private readonly expired: (ms: number) => Error,
  ) {
    this.tickMs = Math.max(1, Math.min(100, Math.ceil(ms / 10)));
  }

  /** Settles as `pending` does, or rejects with the expired error once the bound has passed. */
  within<T>(pending: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const wait: Wait = { deadline: performance.now() + this.ms, reject };
      this.waiting.add(wait);
      // Kept ref'd on purpose: a directive waiting on a hung verifier must still get its answer, even
      // when nothing else keeps the event loop alive (e.g. a Lambda handler awaiting this promise).
      this.timer ??= setInterval(this.sweep, this.tickMs);
      pending.then(
        (v) => {
          this.waiting.delete(wait);
          resolve(v);
        },
        (e: unknown) => {
          this.waiting.delete(wait);
          reject(e);
        },
      );
    });
  }

  private readonly sweep = (): void => {
    const now = performance.now();
    for (const wait of this.waiting) {
      if (wait.deadline > now) break;
      this.waiting.delete(wait);
      wait.reject(this.expired(this.ms));
    }
    if (this.waiting.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  };
}

interface Wait {
  deadline: number;
  reject(err: Error): void;
}
