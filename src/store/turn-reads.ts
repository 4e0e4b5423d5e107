// Hot-path reads on SQLite share one read transaction per event-loop turn. In WAL mode every
// transaction takes a read lock on the -shm file and releases it (two fcntl calls, several
// microseconds each on a virtual machine): under load that was the larger part of an indexed
// lookup. The reads of one turn (the directives whose requests arrived together) now take the lock
// once. The transaction ends at the end of the turn, or before anything else uses the connection:
// a Kysely query or transaction, a hot write, a group commit, closing the store. A read therefore
// sees the database as it was at the first read of its turn, never older.
import type SQLite from 'better-sqlite3';

export class TurnReads {
  private open = false;
  private readonly begin: SQLite.Statement;
  private readonly commit: SQLite.Statement;
  private readonly rollback: SQLite.Statement;

  /** @param prepare the connection's own prepare (not one that ends this transaction) */
  constructor(
    private readonly sqlite: SQLite.Database,
    prepare: (sql: string) => SQLite.Statement,
  ) {
    this.begin = prepare('begin deferred');
    this.commit = prepare('commit');
    this.rollback = prepare('rollback');
  }

  /**
   * Before a hot read: joins this turn's read transaction, opening it if needed. False when another
   * transaction holds the connection (a Kysely transaction): the read must queue behind it instead.
   */
  enter(): boolean {
    if (this.open) return true;
    if (this.sqlite.inTransaction) return false;
    this.begin.run();
    this.open = true;
    setImmediate(this.end);
    return true;
  }

  /** Ends this turn's read transaction, if one is open; anything else that uses the connection calls this first. */
  readonly end = (): void => {
    if (!this.open) return;
    this.open = false;
    if (!this.sqlite.inTransaction) return;
    try {
      this.commit.run();
    } catch {
      // A read-only transaction has nothing to lose: if its commit fails, roll it back.
      this.rollback.run();
    }
  };
}
