// Turn reads (src/store/turn-reads.ts): the hot reads of one event-loop turn share one SQLite read
// transaction, which ends with the turn or before anything else uses the connection. Another
// process is played by a second connection to the same file, as the CLI would open it.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { freshEnv, type TestEnv } from '../support/env.ts';
import { openStore, param, type Store } from '../../src/store/db.ts';

describe('turn reads on SQLite', () => {
  let env: TestEnv;
  let store: Store;
  let other: SQLite.Database;
  let readN: (id: string) => Promise<number | undefined>;
  let setN: (id: string, n: number) => Promise<unknown>;
  let groupSetN: (id: string, n: number) => Promise<unknown>;
  const otherN = (id: string) =>
    (other.prepare('select n from scratch where id = ?').get(id) as { n: number } | undefined)?.n;

  before(async () => {
    env = await freshEnv('sqlite');
    store = await openStore({ dataDir: env.dataDir });
    await sql`create table scratch (id text primary key, n integer not null)`.execute(store.db);
    const read = store.prepare<{ n: number }>({
      compile: () => sql`select n from scratch where id = ${param('id')}`.compile(store.db),
    });
    readN = async (id) => (await read({ id })).rows[0]?.n;
    const write = {
      compile: () => sql`update scratch set n = ${param('n')} where id = ${param('id')}`.compile(store.db),
    };
    const plain = store.prepare(write);
    const grouped = store.prepare(write, { groupCommit: true });
    setN = (id, n) => plain({ id, n });
    groupSetN = (id, n) => grouped({ id, n });
    other = new SQLite(store.location);
    other.pragma('busy_timeout = 2000');
  });
  after(async () => {
    other.close();
    await store.close();
    await env.cleanup();
  });
  beforeEach(async () => {
    await nextTurn();
    await sql`delete from scratch`.execute(store.db);
    await sql`insert into scratch (id, n) values ('a', 0), ('b', 0)`.execute(store.db);
  });

  it('the reads of one turn see one snapshot; the next turn sees what another process wrote', async () => {
    const first = readN('a');
    other.prepare("update scratch set n = 1 where id = 'a'").run();
    const second = readN('a');
    assert.deepEqual(await Promise.all([first, second]), [0, 0], 'one turn, one snapshot');
    await nextTurn();
    assert.equal(await readN('a'), 1, 'the next turn reads anew');
  });

  it('ends at the end of the turn: another process can then checkpoint the whole log', async () => {
    await setN('a', 5);
    await readN('a');
    await nextTurn();
    const [result] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    assert.equal(result?.busy, 0, 'no read transaction of ours is left holding the log');
  });

  it('a Kysely write after a read in the same turn commits at once, not with the turn', async () => {
    await readN('a');
    await sql`update scratch set n = 2 where id = 'a'`.execute(store.db);
    assert.equal(otherN('a'), 2, 'another process sees it as soon as the write resolved');
  });

  it('a Kysely transaction after a read in the same turn starts, commits, and is seen at once', async () => {
    await readN('a');
    await store.db.transaction().execute(async (trx) => {
      await sql`update scratch set n = 3 where id = 'a'`.execute(trx);
      await sql`update scratch set n = 4 where id = 'b'`.execute(trx);
    });
    assert.deepEqual([otherN('a'), otherN('b')], [3, 4]);
  });

  it('a read while a Kysely transaction holds the connection waits for it and sees its commit', async () => {
    let read: Promise<number | undefined> | undefined;
    await store.db.transaction().execute(async (trx) => {
      await sql`update scratch set n = 6 where id = 'a'`.execute(trx);
      read = readN('a');
    });
    assert.equal(await read, 6);
  });

  it('hot writes, alone or grouped, after a read in the same turn are committed when they resolve', async () => {
    await readN('a');
    await setN('a', 7);
    assert.equal(otherN('a'), 7, 'a plain hot write');
    await readN('b');
    await groupSetN('b', 8);
    assert.equal(otherN('b'), 8, 'a grouped hot write');
  });

  it('closing the store mid-turn ends the read transaction cleanly', async () => {
    const second = await openStore({ dataDir: env.dataDir });
    const read = second.prepare<{ n: number }>({
      compile: () => sql`select n from scratch where id = ${param('id')}`.compile(second.db),
    });
    const pending = read({ id: 'a' });
    await second.close();
    assert.equal((await pending).rows[0]?.n, 0);
    const [result] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    assert.equal(result?.busy, 0);
  });
});
