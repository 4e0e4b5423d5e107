import type { Kysely } from 'kysely';

// Kysely migrations take Kysely<any> by design: a migration describes the schema, it does not use it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Web app sessions of account owners (separate from the OAuth provider's own session). */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('web_sessions')
    // sha256 of the session id; the id itself lives only in the browser's cookie.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_user').on('web_sessions').column('user_id').execute();
  await db.schema.createIndex('web_sessions_expires').on('web_sessions').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('web_sessions').ifExists().execute();
}
