// Opens the store: SQLite under DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
// Both go through Kysely so every query is written once.
import { mkdirSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  FileMigrationProvider,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely';
import type { Database } from './schema.ts';
import { GroupCommit } from './group-commit.ts';
import { TurnReads } from './turn-reads.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for the start banner (never includes a password). */
  location: string;
  /** Resolves when the store answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * A query for the directive hot path: built and compiled once with Kysely (so it is still written
   * once for both dialects), then run on the driver directly with each call's parameters.
   * Mark each variable parameter with param('name') when building it.
   */
  prepare<Row>(query: { compile(): CompiledQuery }, options?: PrepareOptions): PreparedQuery<Row>;
}

export interface PrepareOptions {
  /**
   * For a hot write whose callers await it: on SQLite the calls made within one event-loop turn
   * commit in one transaction (group-commit.ts). No effect on PostgreSQL.
   */
  groupCommit?: boolean;
}

export interface PreparedResult<Row> {
  rows: Row[];
  /** Rows changed by an insert, update or delete. */
  changes: number;
}

export type PreparedQuery<Row> = (values: Readonly<Record<string, unknown>>) => Promise<PreparedResult<Row>>;

const PARAM = '\u0000param:';

/** A named placeholder for Store#prepare; never a value a caller could send (it starts with NUL). */
export function param(name: string): string {
  return PARAM + name;
}

/** Turns a compiled query's parameters into a binder from named values. */
function binder(compiled: CompiledQuery): (values: Readonly<Record<string, unknown>>) => unknown[] {
  const slots = compiled.parameters.map((p): { name: string } | { value: unknown } =>
    typeof p === 'string' && p.startsWith(PARAM) ? { name: p.slice(PARAM.length) } : { value: p },
  );
  return (values) =>
    slots.map((slot) => {
      if ('value' in slot) return slot.value;
      const v = values[slot.name];
      if (v === undefined) throw new Error(`prepared query: no value for ${slot.name}`);
      return v;
    });
}

export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** PostgreSQL schema to use (tests give each run its own). Created if missing. */
  schema?: string;
  /** SQLite file name inside dataDir. */
  sqliteFile?: string;
  /**
   * How long close() waits for work under way (a transaction, a query) before cutting it off, which
   * rolls it back: on SQLite by closing the file, on PostgreSQL by ending the connections still out.
   * Default 5 s: a stop should not hang on a stuck caller or a lock.
   */
  closeWaitMs?: number;
}

/** Whether `work` settled (either way) within ms. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}

/** Resolves once the work holding Kysely's one SQLite connection has let it go, or after ms. */
async function connectionFree(db: Kysely<Database>, ms: number): Promise<void> {
  await settlesWithin(
    db.connection().execute(async () => undefined),
    ms,
  );
}

// Every file in migrations/ is one migration, applied in name order. Name ranges keep parallel work
// apart: 00xx core, 01xx OAuth, 02xx skill, 03xx gateway/devices, 04xx web, 05xx video/meetings, 06xx events.
const provider = new FileMigrationProvider({
  fs,
  path,
  migrationFolder: join(import.meta.dirname, 'migrations'),
});

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export async function openStore(options: StoreOptions): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 3000,
      // bigint columns hold epoch milliseconds, well inside Number's exact range.
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
      } as pg.CustomTypesConfig,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client that loses its connection must not crash the process; the next query fails instead.
    pool.on('error', () => undefined);
    // Every open connection, for a close that cannot wait any longer (below).
    const clients = new Set<pg.PoolClient>();
    pool.on('connect', (client) => clients.add(client));
    pool.on('remove', (client) => clients.delete(client));
    let closing: Promise<void> | undefined;
    if (schema) await pool.query(`create schema if not exists ${schema}`);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = {
      db,
      dialect: 'postgres',
      location: redactUrl(options.databaseUrl) + (schema ? ` (schema ${schema})` : ''),
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      // Once, as on SQLite. pool.end() waits for every connection that is checked out, and a query
      // stuck behind a lock would hold a stop for as long as the lock lasts: after closeWaitMs the
      // connections still out are ended, their queries fail and the server rolls them back. The
      // pool's own end then waits for a release that may never come (a caller stuck on something
      // else): nothing is left open, so close does not wait for it.
      close: () =>
        (closing ??= (async () => {
          const ended = db.destroy();
          if (await settlesWithin(ended, options.closeWaitMs ?? 5000)) return;
          void ended.catch(() => undefined);
          await Promise.all([...clients].map((client) => (client as pg.Client).end().catch(() => undefined)));
        })()),
      prepare<Row>(query: { compile(): CompiledQuery }): PreparedQuery<Row> {
        const compiled = query.compile();
        const bind = binder(compiled);
        // Unnamed, as Kysely runs it: a named statement would break behind a transaction-pooling
        // PgBouncer, and one with `select *` fails on live connections after a migration adds a column.
        return async (values) => {
          const res = await pool.query(compiled.sql, bind(values));
          return { rows: res.rows as Row[], changes: res.rowCount ?? 0 };
        };
      },
    };
  } else {
    const dir = resolve(options.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, options.sqliteFile ?? 'mylights.db');
    const sqlite = new SQLite(file);
    const turnReads = new TurnReads(sqlite, sqlite.prepare.bind(sqlite));
    // Kysely (and better-sqlite3's pragma) prepare each statement right before running it: the turn's
    // read transaction ends first, so their statements never run inside it.
    cachePreparedStatements(sqlite, turnReads.end);
    // WAL lets the admin CLI write while the server runs; busy_timeout makes them wait, not fail.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const groups: GroupCommit[] = [];
    let closing: Promise<void> | undefined;
    store = {
      db,
      dialect: 'sqlite',
      location: file,
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      // Once: whoever closes second (App.close after a caller's own close) awaits the first close.
      close: () =>
        (closing ??= (async () => {
          // A transaction under way (an account created as the server stops) holds the one
          // connection: closing the file under it would roll it back and fail its caller.
          // PostgreSQL's pool.end() already waits for the clients that are out.
          await connectionFree(db, options.closeWaitMs ?? 5000);
          turnReads.end();
          for (const group of groups) group.flush();
          await db.destroy();
        })()),
      prepare<Row>(query: { compile(): CompiledQuery }, options: PrepareOptions = {}): PreparedQuery<Row> {
        const compiled = query.compile();
        const bind = binder(compiled);
        // Prepared on first use (the table may not exist yet when a module builds its queries).
        let statement: SQLite.Statement | undefined;
        if (options.groupCommit) {
          const group = new GroupCommit(
            sqlite,
            turnReads,
            () => (statement ??= sqlite.prepare(compiled.sql)),
            async (params) =>
              Number((await db.executeQuery(CompiledQuery.raw(compiled.sql, params))).numAffectedRows ?? 0),
          );
          groups.push(group);
          return async (values) => ({ rows: [], changes: await group.run(bind(values)) });
        }
        return async (values) => {
          const params = bind(values);
          statement ??= sqlite.prepare(compiled.sql);
          // A read joins this turn's read transaction; a write ends it and commits on its own.
          const reader = statement.reader;
          if (!reader) turnReads.end();
          // Inside a Kysely transaction (same connection) a statement would join it: queue behind it.
          if (reader ? !turnReads.enter() : sqlite.inTransaction) {
            const res = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, params));
            return { rows: res.rows, changes: Number(res.numAffectedRows ?? 0) };
          }
          if (reader) return { rows: statement.all(params) as Row[], changes: 0 };
          return { rows: [], changes: statement.run(params).changes };
        };
      },
    };
  }
  await migrate(store, options.databaseUrl ? options.schema : undefined);
  return store;
}

/**
 * Kysely prepares every query anew; on the directive path that is a measurable share of the work.
 * The same SQL text always yields an equivalent statement, and better-sqlite3 is synchronous, so a
 * statement is never used by two queries at once: reusing it is safe. Bounded, as SQL texts vary
 * with the number of values in an IN list or an insert. `beforeEach` runs before every prepare, that
 * is right before every statement Kysely runs.
 */
function cachePreparedStatements(sqlite: SQLite.Database, beforeEach: () => void, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    beforeEach();
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= max) cache.clear();
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

export async function migrate(store: Store, schema?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables by name across schemas; naming ours keeps runs apart.
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    const message = error instanceof Error ? error.message : String(error);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    // Before running anything (failed undefined), Kysely reads the catalog of every schema; a schema
    // another process drops at that moment (parallel test runs) fails that read. It is transient:
    // look again. A real error persists and is thrown after the last attempt.
    if (!failed && attempt < 4 && /does not exist/.test(message)) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      continue;
    }
    throw new Error(`database migration ${failed ?? 'unknown'} failed: ${message}`);
  }
}

export const now = (): number => Date.now();
