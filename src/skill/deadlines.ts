// Time bounds for many concurrent waits without a timer each. Token verification is bounded on
// every directive whose verdict is not cached; a setTimeout/clearTimeout pair per directive was a
// measurable share of a directive's CPU under load (inserting and removing the timer, and the
// native ref count behind it). Here one interval timer runs while anything is waiting; it sweeps
// the waits in order of their deadline, which is also the order they started, since every wait of
// one Deadlines has the same bound.
//
// The waits form a linked list through the Wait objects themselves, not a Set: a long-lived Set's
// hash table lives in the old generation, and V8 allocates every table that replaces it (on each
// grow, shrink or purge of deleted entries, all constant under this add-then-delete churn) directly
// there. Those tables were 40% of what a directive left in the old generation, so a full
// mark-compact (3 to 8 ms, every few seconds under load) came that much sooner. A Wait dies young
// with its directive.
export class Deadlines {
  /** Oldest first: insertion order is deadline order, one bound for all. */
  private head: Wait | undefined;
  private tail: Wait | undefined;
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
      const wait = new Wait(performance.now() + this.ms, reject);
      this.append(wait);
      // Kept ref'd on purpose: a directive waiting on a hung verifier must still get its answer, even
      // when nothing else keeps the event loop alive (e.g. a Lambda handler awaiting this promise).
      this.timer ??= setInterval(this.sweep, this.tickMs);
      pending.then(
        (v) => {
          this.unlink(wait);
          resolve(v);
        },
        (e: unknown) => {
          this.unlink(wait);
          reject(e);
        },
      );
    });
  }

  private append(wait: Wait): void {
    wait.prev = this.tail;
    if (this.tail) this.tail.next = wait;
    else this.head = wait;
    this.tail = wait;
  }

  /** Takes a wait out of the list; a second call (settled after it expired) does nothing. */
  private unlink(wait: Wait): void {
    if (!wait.linked) return;
    wait.linked = false;
    if (wait.prev) wait.prev.next = wait.next;
    else this.head = wait.next;
    if (wait.next) wait.next.prev = wait.prev;
    else this.tail = wait.prev;
    wait.prev = wait.next = undefined;
  }

  private readonly sweep = (): void => {
    const now = performance.now();
    for (let wait = this.head; wait && wait.deadline <= now; wait = this.head) {
      this.unlink(wait);
      wait.reject(this.expired(this.ms));
    }
    if (!this.head) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  };
}

class Wait {
  prev: Wait | undefined = undefined;
  next: Wait | undefined = undefined;
  linked = true;

  constructor(
    readonly deadline: number,
    readonly reject: (err: Error) => void,
  ) {}
}
