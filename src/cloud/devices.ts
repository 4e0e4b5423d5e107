// The device registry: which devices an account has, their names and their last known state.
import { randomBytes } from 'node:crypto';
import { param, type PreparedQuery, type Store } from '../store/db.ts';
import type { DevicesTable } from '../store/schema.ts';
import type { Bus } from './bus.ts';
import { isDeviceType, type Device, type DeviceState, type DeviceType } from './device-model.ts';
import { deviceTypeSpec } from '../devices/types.ts';
import { DeviceInputError } from './device-errors.ts';

/** Alexa accepts at most 300 endpoints per Discover response. */
export const MAX_DEVICES_PER_USER = 300;
export const MAX_NAME_LENGTH = 128;

export { DeviceInputError } from './device-errors.ts';

function validName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new DeviceInputError('a device needs a name');
  if (trimmed.length > MAX_NAME_LENGTH)
    throw new DeviceInputError(`a device name has at most ${MAX_NAME_LENGTH} characters`);
  return trimmed;
}

export class Devices {
  // Every directive reads its device and most write its state: those two queries are prepared once.
  private readonly getQuery: PreparedQuery<DevicesTable>;
  private readonly saveStateQuery: PreparedQuery<never>;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
  ) {
    this.getQuery = store.prepare(
      store.db
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', param('deviceId'))
        .where('user_id', '=', param('userId')),
    );
    // Group commit: the state writes of one event-loop turn share one SQLite transaction.
    this.saveStateQuery = store.prepare(
      store.db
        .updateTable('devices')
        .set({ state: param('state'), updated_at: param('at') as unknown as number })
        .where('id', '=', param('deviceId')),
      { groupCommit: true },
    );
  }

  async add(userId: string, type: string, name: string): Promise<Device> {
    if (!isDeviceType(type))
      throw new DeviceInputError(`unknown device type "${type}" (light, tv or meeting-room)`);
    const cleanName = validName(name);
    const now = Date.now();
    const device: Device = {
      id: `${type}-${randomBytes(6).toString('hex')}`,
      userId,
      type,
      name: cleanName,
      state: deviceTypeSpec(type).defaultState(),
      online: false,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.db.transaction().execute(async (trx) => {
      // A no-op write to the account's row first, so adds for one account count one at a time: a row
      // lock on PostgreSQL, the write lock on SQLite (busy_timeout waits), across instances too.
      // Otherwise two adds at once both counted 299 and the account ended with 301.
      await trx
        .updateTable('users')
        .set((eb) => ({ status: eb.ref('status') }))
        .where('id', '=', userId)
        .execute();
      const count = await trx
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_DEVICES_PER_USER) {
        throw new DeviceInputError(
          `an account has at most ${MAX_DEVICES_PER_USER} devices (Alexa's discovery limit)`,
        );
      }
      await trx
        .insertInto('devices')
        .values({
          id: device.id,
          user_id: userId,
          type,
          name: cleanName,
          state: JSON.stringify(device.state),
          online: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    this.bus.emit('device-changed', { userId, deviceId: device.id, change: 'added' });
    return device;
  }

  async list(userId: string): Promise<Device[]> {
    const rows = await this.store.db
      .selectFrom('devices')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toDevice);
  }

  /** The device if it belongs to this user, otherwise null (another user's device is as good as absent). */
  async get(userId: string, deviceId: string): Promise<Device | null> {
    const { rows } = await this.getQuery({ deviceId, userId });
    return rows[0] ? toDevice(rows[0]) : null;
  }

  /** Any device by id, for the gateway (which authenticates devices, not users). */
  async getById(deviceId: string): Promise<Device | null> {
    const row = await this.store.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirst();
    return row ? toDevice(row) : null;
  }

  /** Which of these ids are still in the registry (the gateway forgetting vanished devices). */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    // Chunked: SQLite and PostgreSQL both cap the number of bound parameters in one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.store.db
        .selectFrom('devices')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(r.id);
    }
    return found;
  }

  async listAll(): Promise<Device[]> {
    const rows = await this.store.db.selectFrom('devices').selectAll().orderBy('created_at').execute();
    return rows.map(toDevice);
  }

  async rename(userId: string, deviceId: string, name: string): Promise<Device | null> {
    const cleanName = validName(name);
    const res = await this.store.db
      .updateTable('devices')
      .set({ name: cleanName })
      .where('id', '=', deviceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return null;
    this.bus.emit('device-changed', { userId, deviceId, change: 'renamed' });
    return this.get(userId, deviceId);
  }

  async remove(userId: string, deviceId: string): Promise<boolean> {
    const res = await this.store.db
      .deleteFrom('devices')
      .where('id', '=', deviceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const removed = Number(res.numDeletedRows) > 0;
    if (removed) this.bus.emit('device-changed', { userId, deviceId, change: 'removed' });
    return removed;
  }

  async saveState(device: Pick<Device, 'id' | 'userId'>, state: DeviceState, at = Date.now()): Promise<void> {
    await this.saveStateQuery({ state: JSON.stringify(state), at, deviceId: device.id });
    this.bus.emit('device-changed', { userId: device.userId, deviceId: device.id, change: 'state' });
  }

  async setOnline(device: Pick<Device, 'id' | 'userId'>, online: boolean): Promise<void> {
    await this.store.db
      .updateTable('devices')
      .set({ online: online ? 1 : 0 })
      .where('id', '=', device.id)
      .execute();
    this.bus.emit('device-changed', { userId: device.userId, deviceId: device.id, change: 'online' });
  }
}

function toDevice(row: DevicesTable): Device {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as DeviceType,
    name: row.name,
    state: JSON.parse(row.state) as DeviceState,
    online: row.online === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
