// A removed device leaves nothing in the gateway's connectivity map: not when its last will (or a
// late online/offline) arrives after the removal, not when its account is deleted while it was
// offline. The devices are raw MQTT clients with a last will, so what reaches the broker, and when,
// is the test's choice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { GATEWAY_USERNAME } from '../../src/gateway/broker.ts';
import { freePort } from '../support/env.ts';
import {
  BROKERS,
  MOSQUITTO_URL,
  gatewayApp,
  handDevice,
  type BrokerKind,
  type GatewayTestApp,
} from './support.ts';

/** A client that sees every status message the gateway sees (with the gateway's own credential on the embedded broker). */
async function observer(t: GatewayTestApp, broker: BrokerKind): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker === 'mosquitto' ? MOSQUITTO_URL : t.gateway.broker!.url!, {
    clientId: `observer-${randomBytes(4).toString('hex')}`,
    ...(broker === 'embedded'
      ? { username: GATEWAY_USERNAME, password: t.gateway.broker!.gatewaySecret }
      : {}),
    reconnectPeriod: 0,
  });
  await client.subscribeAsync(t.gateway.topics.all('status'), { qos: 1 });
  return client;
}

function statusSeen(obs: MqttClient, topic: string, payload: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (tp: string, p: Buffer) => {
      if (tp !== topic || p.toString() !== payload) return;
      obs.off('message', on);
      resolve();
    };
    obs.on('message', on);
  });
}

/** The device loses power: the connection drops without DISCONNECT, so the broker publishes its will. */
function losePower(client: MqttClient): void {
  client.options.reconnectPeriod = 0;
  client.stream.destroy();
}

async function waitFor(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const broker of BROKERS) {
  describe(`connectivity of removed devices (${broker} broker)`, () => {
    it('a last will or late status after removal re-creates no entry; a device added later still tracks connectivity', async () => {
      const t = await gatewayApp(broker, {
        env: { MQTT_PORT: String(await freePort()), VIRTUAL_DEVICES: 'off' },
      });
      const obs = await observer(t, broker);
      try {
        const control = t.gateway.control;
        const gone = await t.addDevice('light', 'Removed');
        const goneDevice = await handDevice(t, broker, gone, { will: true });
        assert.equal(control.deviceStatus(gone.id), 'online');
        const goneStatus = t.gateway.topics.of(gone.id, 'status');

        const will = statusSeen(obs, goneStatus, 'offline');
        await t.app.devices.remove(t.userId, gone.id);
        assert.equal(control.knows(gone.id), false, 'removal forgets the device');
        // The embedded broker disconnects a removed device itself; an external one does not, so there
        // the device drops off on its own.
        if (broker === 'mosquitto') losePower(goneDevice.client);
        await will;
        if (broker === 'mosquitto') {
          // Late messages from a device that is gone (the external broker enforces nothing of ours).
          await obs.publishAsync(goneStatus, 'online', { qos: 1 });
          await obs.publishAsync(goneStatus, 'offline', { qos: 1 });
        }

        // A device added later: its status reaches the gateway after everything above.
        const later = await t.addDevice('light', 'Later');
        const laterDevice = await handDevice(t, broker, later, { will: true });
        await control.drain();
        assert.equal(control.knows(gone.id), false, 'the removed device is not back in the map');
        assert.equal(control.deviceStatus(gone.id), undefined);
        assert.equal(control.deviceStatus(later.id), 'online');

        losePower(laterDevice.client);
        await t.until(async () => (await t.app.devices.getById(later.id))?.online === false);
        assert.equal(control.deviceStatus(later.id), 'offline', 'the later device still tracks connectivity');
        assert.equal(control.knows(gone.id), false);
      } finally {
        await obs.endAsync();
        await t.cleanup();
      }
    });

    it('deleting an account forgets its devices, the one already offline included', async () => {
      const t = await gatewayApp(broker, {
        env: { MQTT_PORT: String(await freePort()), VIRTUAL_DEVICES: 'off' },
      });
      const obs = await observer(t, broker);
      try {
        const control = t.gateway.control;
        const asleep = await t.addDevice('light', 'Asleep');
        const awake = await t.addDevice('light', 'Awake');
        const asleepDevice = await handDevice(t, broker, asleep, { will: true });
        const awakeDevice = await handDevice(t, broker, awake, { will: true });
        // A clean goodbye: offline, then DISCONNECT; nothing more will ever come from it.
        await asleepDevice.client.publishAsync(asleepDevice.topic('status'), 'offline', {
          qos: 1,
          retain: true,
        });
        await asleepDevice.client.endAsync();
        await t.until(async () => (await t.app.devices.getById(asleep.id))?.online === false);
        assert.equal(control.deviceStatus(asleep.id), 'offline');

        // Another account's device is none of this.
        const other = await t.app.accounts.create(`other-${t.prefix}@example.com`, 'a-long-password');
        const theirs = await t.app.devices.add(other.id, 'light', 'Theirs');
        const theirsDevice = await handDevice(t, broker, theirs, { will: true });

        const will = statusSeen(obs, awakeDevice.topic('status'), 'offline');
        await t.app.accounts.delete(t.userId);
        await waitFor("the deleted account's devices to be forgotten", () => {
          return !control.knows(asleep.id) && !control.knows(awake.id);
        });
        // The embedded broker closes the deleted account's connections; on an external one the
        // device drops off on its own. Either way its last will comes after the account is gone.
        if (broker === 'mosquitto') losePower(awakeDevice.client);
        await will;
        // Reaches the gateway after the will.
        await theirsDevice.client.publishAsync(theirsDevice.topic('status'), 'offline', {
          qos: 1,
          retain: true,
        });
        await t.until(async () => (await t.app.devices.getById(theirs.id))?.online === false);
        await control.drain();
        assert.equal(control.knows(asleep.id), false);
        assert.equal(control.knows(awake.id), false, 'its last will did not bring it back');
        assert.equal(
          control.deviceStatus(theirs.id),
          'offline',
          "the other account's device is still tracked",
        );
        // Leave nothing retained behind (the cleanup clears only devices added through t.addDevice).
        await theirsDevice.client.publishAsync(theirsDevice.topic('status'), '', { qos: 1, retain: true });
        await theirsDevice.client.endAsync();
      } finally {
        await obs.endAsync();
        await t.cleanup();
      }
    });
  });
}
