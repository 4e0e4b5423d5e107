// Closing the store (as `mylights serve` does when it stops) lets a transaction that is under way
// finish and commit, on both dialects; a transaction that never finishes holds the close only for
// closeWaitMs, and what it wrote is rolled back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, freshEnv, type TestEnv } from '../support/env.ts';
import { openStore, type Store } from '../../src/store/db.ts';

const open = (env: TestEnv, closeWaitMs?: number): Promise<Store> =>
  openStore({
    ...(env.config.databaseUrl ? { databaseUrl: env.config.databaseUrl } : { dataDir: env.dataDir }),
    ...(env.schema ? { schema: env.schema } : {}),
    ...(closeWaitMs ? { closeWaitMs } : {}),
  });

/**
 * A transaction that writes, then waits for `gate` before writing again. Resolves once it has begun,
 * with its outcome wrapped (an async function returning the promise itself would wait for it).
 */
async function transactionUnderWay(store: Store, gate: Promise<void>): Promise<{ done: Promise<void> }> {
  let begun!: () => void;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const done = store.db.transaction().execute(async (trx) => {
    await sql`insert into closing (id, n) values ('a', 1)`.execute(trx);
    begun();
    await gate;
    await sql`update closing set n = 2 where id = 'a'`.execute(trx);
  });
  // A transaction that fails before it has begun fails here, not by hanging the test.
  await Promise.race([started, done]);
  return { done };
}

async function storedN(env: TestEnv): Promise<number | undefined> {
  const again = await open(env);
  try {
    return (await sql<{ n: number }>`select n from closing where id = 'a'`.execute(again.db)).rows[0]?.n;
  } finally {
    await again.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`closing the store (${dialect})`, () => {
    it('waits for a transaction under way, which then commits', async () => {
      const env = await freshEnv(dialect);
      try {
        const store = await open(env);
        await sql`create table closing (id text primary key, n integer not null)`.execute(store.db);
        let release!: () => void;
        const { done } = await transactionUnderWay(
          store,
          new Promise<void>((resolve) => (release = resolve)),
        );
        let closed = false;
        const closing = store.close().then(() => (closed = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(closed, false, 'close waits while the transaction is under way');
        release();
        await done;
        await closing;
        assert.equal(await storedN(env), 2, 'the whole transaction was committed');
      } finally {
        await env.cleanup();
      }
    });

    it('closing twice, or twice at once, is harmless', async () => {
      const env = await freshEnv(dialect);
      try {
        const store = await open(env);
        await Promise.all([store.close(), store.close()]);
        await store.close();
      } finally {
        await env.cleanup();
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`closing the store (${dialect}) with a transaction that never finishes`, () => {
    it('closes after closeWaitMs, and the transaction is rolled back', async () => {
      const env = await freshEnv(dialect);
      try {
        const store = await open(env, 200);
        await sql`create table closing (id text primary key, n integer not null)`.execute(store.db);
        const { done } = await transactionUnderWay(store, new Promise<void>(() => undefined));
        void done.catch(() => undefined);
        const started = performance.now();
        await store.close();
        const waited = performance.now() - started;
        assert.ok(waited >= 150 && waited < 3000, `closed after ${Math.round(waited)} ms`);
        assert.equal(await storedN(env), undefined, 'nothing of it was kept');
      } finally {
        await env.cleanup();
      }
    });
  });
}
