// The 300-device cap (Alexa discovers at most 300 endpoints) holds when two adds for one account
// race: two tabs, or two instances on one store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/app.ts';
import { MAX_DEVICES_PER_USER, DeviceInputError } from '../../src/cloud/devices.ts';
import { createLogger } from '../../src/log.ts';
import { DIALECTS, freshApp } from '../support/env.ts';

for (const dialect of DIALECTS) {
  describe(`device limit (${dialect})`, () => {
    it('two adds racing for the last place add one device, and the other is told why', async () => {
      const { app, env, cleanup } = await freshApp(dialect);
      // PostgreSQL: a second instance on the same database. SQLite: one server's concurrent requests
      // (two SQLite connections in one process would block each other: the driver is synchronous).
      const other =
        dialect === 'postgres'
          ? await createApp(env.config, { logger: createLogger('silent'), schema: env.schema! })
          : app;
      try {
        const user = await app.accounts.create('many@example.com', 'longenough');
        for (let i = 1; i < MAX_DEVICES_PER_USER; i++) await app.devices.add(user.id, 'light', `Lamp ${i}`);
        for (let round = 0; round < 3; round++) {
          const results = await Promise.allSettled([
            app.devices.add(user.id, 'light', 'Last A'),
            other.devices.add(user.id, 'light', 'Last B'),
          ]);
          assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'], `round ${round}`);
          const refused = results.find((r) => r.status === 'rejected');
          assert.ok(refused?.reason instanceof DeviceInputError, String(refused?.reason));
          assert.match(refused.reason.message, /at most 300 devices/);
          const devices = await app.devices.list(user.id);
          assert.equal(devices.length, MAX_DEVICES_PER_USER, `round ${round}`);
          await app.devices.remove(user.id, devices.at(-1)!.id);
        }
      } finally {
        if (other !== app) await other.close();
        await cleanup();
      }
    });
  });
}
