// Group commit (src/store/group-commit.ts): the hot state writes of one event-loop turn share one
// SQLite transaction, and every caller still learns its own outcome only once it is committed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { freshApp, freshEnv } from '../support/env.ts';
import { openStore, param, type Store } from '../../src/store/db.ts';
import type { App } from '../../src/app.ts';

/** A scratch table whose check constraint lets one write of a batch fail. */
async function scratch(store: Store) {
  await sql`create table if not exists scratch (id text primary key, n integer not null check (n >= 0))`.execute(
    store.db,
  );
  await sql`delete from scratch`.execute(store.db);
  for (let i = 0; i < 20; i++)
    await sql`insert into scratch (id, n) values (${`r${i}`}, 0)`.execute(store.db);
  const setN = store.prepare(
    { compile: () => sql`update scratch set n = ${param('n')} where id = ${param('id')}`.compile(store.db) },
    { groupCommit: true },
  );
  const read = async () =>
    (await sql<{ id: string; n: number }>`select id, n from scratch order by id`.execute(store.db)).rows;
  return { setN, read };
}

describe('group commit on SQLite', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ app, cleanup } = await freshApp('sqlite'));
  });
  after(() => cleanup());

  it('commits the writes of one turn in one transaction: the WAL grows by one commit, not twenty', async () => {
    const { setN, read } = await scratch(app.store);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(app.store.db);
    const wal = `${app.store.location}-wal`;
    assert.equal(statSync(wal).size, 0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => setN({ n: i + 1, id: `r${i}` })));
    assert.deepEqual(
      results.map((r) => r.changes),
      Array.from({ length: 20 }, () => 1),
    );
    // Twenty rows on one page: one frame when they share a commit, twenty when each commits alone.
    const pageSize = Number(
      (await sql<{ page_size: number }>`pragma page_size`.execute(app.store.db)).rows[0]!.page_size,
    );
    const frames = (statSync(wal).size - 32) / (24 + pageSize);
    assert.ok(frames <= 2, `${frames} WAL frames for one turn's writes`);
    assert.deepEqual(
      (await read()).map((r) => r.n).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('a write that fails fails alone: the others of its turn are committed', async () => {
    const { setN, read } = await scratch(app.store);
    const outcomes = await Promise.allSettled([
      setN({ n: 5, id: 'r0' }),
      setN({ n: -1, id: 'r1' }),
      setN({ n: 7, id: 'r2' }),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const rows = await read();
    assert.deepEqual(
      rows.filter((r) => ['r0', 'r1', 'r2'].includes(r.id)).map((r) => r.n),
      [5, 0, 7],
    );
  });

  it('queues behind a transaction that holds the connection instead of joining it', async () => {
    const { setN, read } = await scratch(app.store);
    let grouped: Promise<unknown> | undefined;
    await assert.rejects(
      app.store.db.transaction().execute(async (trx) => {
        await sql`update scratch set n = 9 where id = 'r3'`.execute(trx);
        grouped = setN({ n: 4, id: 'r4' });
        await sleep(20); // the grouped write's turn ends while the transaction is open
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await grouped, { rows: [], changes: 1 });
    const rows = await read();
    assert.equal(rows.find((r) => r.id === 'r3')!.n, 0, 'the transaction rolled back');
    assert.equal(rows.find((r) => r.id === 'r4')!.n, 4, 'the grouped write was not part of it');
  });

  it('closing the store commits the writes still waiting for their turn', async () => {
    const env = await freshEnv('sqlite');
    try {
      const store = await openStore({ dataDir: env.dataDir });
      const { setN } = await scratch(store);
      const pending = setN({ n: 3, id: 'r5' });
      await store.close();
      assert.equal((await pending).changes, 1);
      const again = await openStore({ dataDir: env.dataDir });
      try {
        const rows = await sql<{ n: number }>`select n from scratch where id = 'r5'`.execute(again.db);
        assert.equal(rows.rows[0]!.n, 3);
      } finally {
        await again.close();
      }
    } finally {
      await env.cleanup();
    }
  });
});
