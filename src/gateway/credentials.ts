// Per-device MQTT credentials. The secret is 256 random bits shown once to whoever runs the device
// and stored only as sha256 (a fast hash is enough for a secret with that much entropy; passwords
// chosen by people get Argon2id instead, see accounts.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/db.ts';

export interface DeviceCredentialsTable {
  device_id: string;
  secret_hash: string;
  created_at: number;
}

type CredentialsDb = { device_credentials: DeviceCredentialsTable };

export function hashSecret(secret: string | Buffer): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of a presented secret against a stored hash. */
export function secretMatches(presented: string | Buffer, storedHash: Buffer): boolean {
  const h = hashSecret(presented);
  return h.length === storedHash.length && timingSafeEqual(h, storedHash);
}

export class DeviceCredentials {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db.withTables<CredentialsDb>();
  }

  /** Issues a fresh secret for a device, replacing any previous one (which stops working at once). */
  async issue(deviceId: string): Promise<string> {
    const secret = newSecret();
    const row = {
      device_id: deviceId,
      secret_hash: hashSecret(secret).toString('base64url'),
      created_at: Date.now(),
    };
    await this.db
      .insertInto('device_credentials')
      .values(row)
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet({ secret_hash: row.secret_hash, created_at: row.created_at }),
      )
      .execute();
    return secret;
  }

  /** True when the secret is the device's current one. Unknown devices and wrong secrets look the same. */
  async verify(deviceId: string, secret: string | Buffer): Promise<boolean> {
    const row = await this.db
      .selectFrom('device_credentials')
      .select('secret_hash')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    // Compare against a dummy when the device is unknown, so timing does not reveal which ids exist.
    const stored = row ? Buffer.from(row.secret_hash, 'base64url') : DUMMY;
    return secretMatches(secret, stored) && row !== undefined;
  }

  /** Drops the credentials of devices that no longer exist (removed with their account, or by another process). */
  async prune(): Promise<void> {
    await this.db
      .deleteFrom('device_credentials')
      .where('device_id', 'not in', (eb) => eb.selectFrom('devices').select('id'))
      .execute();
  }

  async revoke(deviceId: string): Promise<void> {
    await this.db.deleteFrom('device_credentials').where('device_id', '=', deviceId).execute();
  }
}

const DUMMY = hashSecret('no such device');
