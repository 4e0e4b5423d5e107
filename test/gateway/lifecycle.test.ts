import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import mqtt from 'mqtt';
import { freePort, freshEnv } from '../support/env.ts';
import { deviceTypes } from '../../src/devices/types.ts';
import type { DeviceType } from '../../src/cloud/device-model.ts';
import { BROKERS, gatewayApp } from './support.ts';

describe('gateway lifecycle', () => {
  it('every type in the device-type table gets a virtual device that comes online with its state', async () => {
    const t = await gatewayApp('embedded');
    try {
      const types = Object.keys(deviceTypes) as DeviceType[];
      assert.ok(types.includes('light'));
      for (const type of types) {
        const d = await t.app.devices.add(t.userId, type, `A ${type}`);
        await t.until(async () => (await t.app.devices.getById(d.id))?.online === true);
        const vd = t.gateway.fleet!.get(d.id)!;
        assert.equal(vd.type, type);
        assert.deepEqual(vd.state, deviceTypes[type]!.defaultState());
      }
    } finally {
      await t.cleanup();
    }
  });

  for (const broker of BROKERS) {
    it(`devices added and removed while the server runs get and lose their virtual device (${broker})`, async () => {
      const t = await gatewayApp(broker);
      try {
        const light = await t.addDevice(); // waits for the virtual device to come online
        assert.ok(t.gateway.fleet!.get(light.id)?.connected);
        await t.app.devices.remove(t.userId, light.id);
        await t.gateway.fleet!.settled(); // the removal was queued on the fleet when it was emitted
        assert.equal(t.gateway.fleet!.get(light.id), undefined);
        assert.equal(await t.gateway.credentials.verify(light.id, 'anything'), false);
      } finally {
        await t.cleanup();
      }
    });
  }

  it('deleting an account disconnects its devices and drops their credentials', async () => {
    const port = await freePort();
    const t = await gatewayApp('embedded', { env: { MQTT_PORT: String(port), VIRTUAL_DEVICES: 'off' } });
    try {
      const light = await t.addDevice();
      const secret = await t.gateway.credentials.issue(light.id);
      const device = await mqtt.connectAsync(t.gateway.broker!.url!, {
        clientId: light.id,
        username: light.id,
        password: secret,
        reconnectPeriod: 0,
      });
      const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
      await t.app.accounts.delete(t.userId);
      await closed;
      assert.equal(await t.gateway.credentials.verify(light.id, secret), false);
      await device.endAsync(true);
    } finally {
      await t.cleanup();
    }
  });

  it('a restart loses no acknowledged state and starts with truthful connectivity (PostgreSQL)', async () => {
    const env = await freshEnv('postgres', {}, { MQTT_TOPIC_PREFIX: `t${Date.now().toString(36)}` });
    const open = () =>
      createApp(env.config, {
        logger: createLogger('silent'),
        gateway: true,
        ...(env.schema ? { schema: env.schema } : {}),
      });
    try {
      let app = await open();
      const user = await app.accounts.create('restart@example.com', 'a-long-password');
      const light = await app.devices.add(user.id, 'light', 'Hall');
      const online = () =>
        new Promise<void>((resolve) => {
          // A check still in flight when the device came online must not read after the app closes.
          let done = false;
          const check = async () => {
            if (done) return;
            const device = await app.devices.getById(light.id);
            if (!done && device?.online) {
              done = true;
              off();
              resolve();
            }
          };
          // A check whose read was already under way when another one saw the device online can
          // fail once the app closes: that failure no longer matters.
          const run = () =>
            void check().catch((err: unknown) => {
              if (!done) throw err;
            });
          const off = app.bus.on('device-changed', run);
          run();
        });
      await online();
      await app.deviceControl.execute((await app.devices.getById(light.id))!, {
        name: 'setColorTemperature',
        params: { colorTemperatureInKelvin: 5000 },
      });
      await app.close();

      const admin = await createApp(env.config, {
        logger: createLogger('silent'),
        ...(env.schema ? { schema: env.schema } : {}),
      });
      const down = (await admin.devices.getById(light.id))!;
      assert.equal(down.online, false, 'the server is down: its devices are offline');
      assert.equal(down.state.colorTemperatureInKelvin, 5000);
      await admin.close();

      app = await open();
      await online();
      const vd = app.gateway!.fleet!.get(light.id)!;
      assert.equal(vd.state.colorTemperatureInKelvin, 5000, 'the device resumes from the stored state');
      await app.close();
    } finally {
      await env.cleanup();
    }
  });
});
