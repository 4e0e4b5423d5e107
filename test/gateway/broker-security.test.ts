import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { freePort } from '../support/env.ts';
import { gatewayApp } from './support.ts';
import { capturingLogger } from '../support/log-capture.ts';

describe('embedded broker: per-device credentials and topic authorization', () => {
  it('refuses a wrong password, an unknown device and a client id that is not the device id', async () => {
    const port = await freePort();
    const logs = capturingLogger('debug');
    const t = await gatewayApp('embedded', {
      env: { MQTT_PORT: String(port), VIRTUAL_DEVICES: 'off' },
      logger: logs.logger,
    });
    try {
      const light = await t.addDevice();
      const secret = await t.gateway.credentials.issue(light.id);
      const url = t.gateway.broker!.url!;
      assert.equal(url, `mqtt://127.0.0.1:${port}`);
      const attempt = (clientId: string, username: string, password: string) =>
        mqtt.connectAsync(url, { clientId, username, password, reconnectPeriod: 0, connectTimeout: 5000 });

      await assert.rejects(
        attempt(light.id, light.id, 'not-the-secret'),
        /Bad username or password|Not authorized/i,
      );
      await assert.rejects(
        attempt('light-000000000000', 'light-000000000000', secret),
        /Bad username or password/i,
      );
      await assert.rejects(attempt('someone-else', light.id, secret), /Identifier rejected/i);
      await assert.rejects(mqtt.connectAsync(url, { reconnectPeriod: 0 }), /Bad username or password/i);
      const ok = await attempt(light.id, light.id, secret);
      assert.equal(ok.connected, true);
      await ok.endAsync();

      // A re-issued secret replaces the old one at once.
      await t.gateway.credentials.issue(light.id);
      await assert.rejects(attempt(light.id, light.id, secret), /Bad username or password/i);
      assert.ok(!logs.text().includes(secret), 'the secret never reaches a log');
    } finally {
      await t.cleanup();
    }
  });

  it("a device can neither subscribe to nor publish on another device's topics", async () => {
    const port = await freePort();
    const t = await gatewayApp('embedded', { env: { MQTT_PORT: String(port), VIRTUAL_DEVICES: 'off' } });
    try {
      const a = await t.addDevice('light', 'A');
      const b = await t.addDevice('light', 'B');
      const url = t.gateway.broker!.url!;
      const connect = async (id: string) =>
        mqtt.connectAsync(url, {
          clientId: id,
          username: id,
          password: await t.gateway.credentials.issue(id),
          reconnectPeriod: 0,
        });
      const ca = await connect(a.id);
      const cb = await connect(b.id);

      const [own] = await ca.subscribeAsync(`${t.prefix}/${a.id}/cmd`, { qos: 1 });
      assert.equal(own!.qos, 1, 'its own command topic');
      for (const topic of [`${t.prefix}/${b.id}/cmd`, `${t.prefix}/+/cmd`, `${t.prefix}/#`, '#']) {
        // mqtt.js rejects a SUBACK carrying the failure code 0x80.
        await assert.rejects(ca.subscribeAsync(topic, { qos: 1 }), /Subscribe error/, `refused: ${topic}`);
      }

      const bStates: unknown[] = [];
      t.app.bus.on('device-changed', (e) => {
        if (e.deviceId === b.id && e.change === 'state') bStates.push(e);
      });
      // A forges B's state: the broker drops it and closes A's connection.
      const closed = new Promise<void>((resolve) => ca.once('close', () => resolve()));
      ca.publish(`${t.prefix}/${b.id}/state`, JSON.stringify({ state: { ...b.state, powerState: 'ON' } }), {
        qos: 1,
      });
      await closed;
      // B's own report, sent after A's forgery was handled, is the only change the store sees.
      await cb.publishAsync(
        `${t.prefix}/${b.id}/state`,
        JSON.stringify({ state: { ...b.state, brightness: 7 } }),
        {
          qos: 1,
        },
      );
      await t.until(async () => (await t.app.devices.getById(b.id))?.state.brightness === 7);
      assert.equal(bStates.length, 1);
      assert.equal((await t.app.devices.getById(b.id))!.state.powerState, 'OFF', 'the forgery never arrived');
      // A device cannot send commands either, not even to itself.
      const ca2 = await connect(a.id);
      const closed2 = new Promise<void>((resolve) => ca2.once('close', () => resolve()));
      ca2.publish(`${t.prefix}/${a.id}/cmd`, JSON.stringify({ id: 'x1', name: 'setPower', params: {} }), {
        qos: 1,
      });
      await closed2;
      await cb.endAsync();
      await ca.endAsync(true);
      await ca2.endAsync(true);
    } finally {
      await t.cleanup();
    }
  });
});
