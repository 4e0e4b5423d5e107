// Makes reads of the devices table wait, on a real store, as a lock held elsewhere would.
import pg from 'pg';
import type { Store } from '../../src/store/db.ts';
import { TEST_DATABASE_URL, type TestEnv } from './env.ts';

/**
 * Holds the devices table so that reading it waits: on PostgreSQL an exclusive table lock taken by
 * another session; on SQLite a transaction under way on the store's one connection, which the hot
 * reads queue behind (db.ts). Resolves once the lock is held, with the function that lets it go.
 */
export async function holdDevicesTable(env: TestEnv, store: Store): Promise<() => Promise<void>> {
  if (env.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query('begin');
    await client.query(`lock table ${env.schema}.devices in access exclusive mode`);
    return async () => {
      await client.query('rollback');
      await client.end();
    };
  }
  let free!: () => void;
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = store.db.transaction().execute(async () => {
    held();
    await new Promise<void>((resolve) => (free = resolve));
  });
  await holding;
  return async () => {
    free();
    // The store may have been closed under it (a stop that would not wait any longer).
    await done.catch(() => undefined);
  };
}
