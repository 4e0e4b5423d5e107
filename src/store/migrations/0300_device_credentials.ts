import type { Kysely } from 'kysely';

// Kysely migrations take Kysely<any> by design: a migration describes the schema, it does not use it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** One MQTT credential per device: username = device id, password = a secret stored only as its sha256. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('device_credentials')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('device_credentials').ifExists().execute();
}
