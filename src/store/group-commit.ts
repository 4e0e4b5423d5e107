// Group commit for SQLite writes on the hot path. Each write transaction in WAL mode costs about
// eight system calls (six lock calls, two WAL writes), several microseconds each on a virtual
// machine, whatever it changes. The writes asked for within one turn of the event loop (a burst of
// TurnOns, a routine switching 30 lights, device acknowledgements arriving together) commit in one
// transaction at the end of that turn. Each caller still resolves only after its write is committed.
import type SQLite from 'better-sqlite3';
import type { TurnReads } from './turn-reads.ts';

interface Waiting {
  params: unknown[];
  resolve(changes: number): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private waiting: Waiting[] = [];

  /**
   * @param statement the prepared write, made on first use (its table may not exist yet)
   * @param alone runs one write on its own; used while another transaction holds the connection
   *   (a Kysely transaction, which the write must queue behind, not join)
   */
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly turnReads: TurnReads,
    private readonly statement: () => SQLite.Statement,
    private readonly alone: (params: unknown[]) => Promise<number>,
  ) {}

  /** Resolves with the rows changed, once the transaction holding this write has committed. */
  run(params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ params, resolve, reject }) === 1) setImmediate(this.flush);
    });
  }

  /** Commits what is waiting now (also called before the store closes). */
  readonly flush = (): void => {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.turnReads.end();
    if (this.sqlite.inTransaction) {
      for (const w of batch) this.alone(w.params).then(w.resolve, w.reject);
      return;
    }
    const statement = this.statement();
    let changes: number[];
    try {
      changes = this.sqlite.transaction(() => batch.map((w) => statement.run(w.params).changes))();
    } catch {
      // One write failed and rolled the others back: each runs alone, so each gets its own outcome.
      for (const w of batch) {
        try {
          w.resolve(statement.run(w.params).changes);
        } catch (err) {
          w.reject(err);
        }
      }
      return;
    }
    batch.forEach((w, i) => w.resolve(changes[i]!));
  };
}
