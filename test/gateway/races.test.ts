// Races and faults on the device path, with a hand-driven device (a raw MQTT client) so the order
// and timing of what the device publishes are the test's to choose.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/env.ts';
import { BROKERS, gatewayApp, handDevice, type BrokerKind, type GatewayTestApp } from './support.ts';
import { parseCommand } from '../../src/gateway/protocol.ts';
import { DeviceUnreachableError } from '../../src/cloud/device-errors.ts';
import { sql } from 'kysely';

/** Waits until no update of the device has been stored for a while (everything sent was processed). */
async function settle(t: GatewayTestApp, deviceId: string, quietMs = 300): Promise<void> {
  let last = Date.now();
  const off = t.app.bus.on('device-changed', (e) => {
    if (e.deviceId === deviceId) last = Date.now();
  });
  try {
    while (Date.now() - last < quietMs) await new Promise((r) => setTimeout(r, 50));
  } finally {
    off();
  }
}

async function appFor(broker: BrokerKind, env: Record<string, string> = {}): Promise<GatewayTestApp> {
  const port = await freePort();
  return gatewayApp(broker, { env: { MQTT_PORT: String(port), VIRTUAL_DEVICES: 'off', ...env } });
}

for (const broker of BROKERS) {
  describe(`gateway races (${broker} broker)`, () => {
    it('a change made on the device right after it acknowledged a command is the state the store keeps', async () => {
      const t = await appFor(broker);
      try {
        const light = await t.addDevice();
        const dev = await handDevice(t, broker, light);
        const acked = { ...light.state, brightness: 40, powerState: 'ON' };
        const pressed = { ...acked, powerState: 'OFF' };
        dev.client.on('message', (_topic, payload) => {
          const cmd = parseCommand(payload);
          // The ack, then at once a press of the wall switch: both leave in one write.
          dev.client.publish(dev.topic('ack'), JSON.stringify({ id: cmd.id, ok: true, state: acked }), {
            qos: 1,
          });
          dev.client.publish(dev.topic('state'), JSON.stringify({ state: pressed }), {
            qos: 1,
            retain: true,
          });
        });
        const after = await t.app.deviceControl.execute(light, {
          name: 'setBrightness',
          params: { brightness: 40 },
        });
        assert.equal(after.state.powerState, 'ON', 'the command answers with the acknowledged state');
        // The press came after the ack: once everything the device sent is processed, it must win.
        await settle(t, light.id);
        assert.equal((await t.app.devices.getById(light.id))!.state.powerState, 'OFF', 'the press is stored');
        await dev.client.endAsync();
      } finally {
        await t.cleanup();
      }
    });

    it('a state write that failed is not taken for stored: the device reporting that state again is saved', async () => {
      const t = await appFor(broker);
      try {
        const light = await t.addDevice();
        const dev = await handDevice(t, broker, light);
        const acked = { ...light.state, brightness: 40, powerState: 'ON' };
        dev.client.on('message', (_topic, payload) => {
          const cmd = parseCommand(payload);
          dev.client.publish(dev.topic('ack'), JSON.stringify({ id: cmd.id, ok: true, state: acked }), {
            qos: 1,
          });
        });
        // A real write failure in the store (a blip of the database), for as long as the command runs.
        await sql`create trigger fail_state before update of state on devices
          begin select raise(abort, 'injected write failure'); end`.execute(t.app.store.db);
        await assert.rejects(
          t.app.deviceControl.execute(light, { name: 'setBrightness', params: { brightness: 40 } }),
          /injected write failure/,
        );
        await sql`drop trigger fail_state`.execute(t.app.store.db);
        assert.equal((await t.app.devices.getById(light.id))!.state.powerState, 'OFF', 'nothing was stored');
        // The device reports the state it is in (as it does on every reconnect): the store catches up.
        await dev.client.publishAsync(dev.topic('state'), JSON.stringify({ state: acked }), {
          qos: 1,
          retain: true,
        });
        await settle(t, light.id);
        assert.equal((await t.app.devices.getById(light.id))!.state.powerState, 'ON', 'the report is stored');
        await dev.client.endAsync();
      } finally {
        await t.cleanup();
      }
    });

    it('two commands at once, acknowledged in reverse order, each get their own ack; late, repeated and misplaced acks change nothing', async () => {
      const t = await appFor(broker, { DEVICE_TIMEOUT_MS: '400' });
      try {
        const light = await t.addDevice();
        const other = await t.addDevice('light', 'Other');
        const dev = await handDevice(t, broker, light);
        const acks: string[] = [];
        const ids: string[] = [];
        const ack = (id: string, brightness: number) =>
          JSON.stringify({ id, ok: true, state: { ...light.state, brightness } });
        dev.client.on('message', (_topic, payload) => {
          const cmd = parseCommand(payload);
          ids.push(cmd.id);
          if (ids.length === 2) {
            // The second command is answered first.
            acks.push(ack(ids[1]!, 20), ack(ids[0]!, 10));
            for (const a of acks) dev.client.publish(dev.topic('ack'), a, { qos: 1 });
          }
        });
        const [first, second] = await Promise.all([
          t.app.deviceControl.execute(light, { name: 'setBrightness', params: { brightness: 10 } }),
          t.app.deviceControl.execute(light, { name: 'setBrightness', params: { brightness: 20 } }),
        ]);
        assert.equal(first.state.brightness, 10);
        assert.equal(second.state.brightness, 20);
        await settle(t, light.id);
        const stored = (await t.app.devices.getById(light.id))!.state.brightness;

        // Both acks again (QoS 1 redelivery): nothing waits for them, nothing is stored.
        for (const a of acks) await dev.client.publishAsync(dev.topic('ack'), a, { qos: 1 });
        // A command the device answers only after the gateway gave up: ENDPOINT_UNREACHABLE (timeout),
        // and the late ack changes nothing.
        dev.client.removeAllListeners('message');
        let late = '';
        dev.client.on('message', (_topic, payload) => {
          late = parseCommand(payload).id;
        });
        await assert.rejects(
          t.app.deviceControl.execute(light, { name: 'setBrightness', params: { brightness: 77 } }),
          (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'timeout',
        );
        await dev.client.publishAsync(dev.topic('ack'), ack(late, 77), { qos: 1 });
        await settle(t, light.id);
        assert.equal(
          (await t.app.devices.getById(light.id))!.state.brightness,
          stored,
          'no ack was stored twice or late',
        );

        // A command to the other device, acknowledged by this one with the right id on its own ack
        // topic (it cannot publish on the other's): it does not count.
        const otherDev = await handDevice(t, broker, other);
        otherDev.client.on('message', (_topic, payload) => {
          dev.client.publish(dev.topic('ack'), ack(parseCommand(payload).id, 55), { qos: 1 });
        });
        await assert.rejects(
          t.app.deviceControl.execute(other, { name: 'setBrightness', params: { brightness: 55 } }),
          (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'timeout',
        );
        await settle(t, light.id);
        assert.equal((await t.app.devices.getById(other.id))!.state.brightness, other.state.brightness);
        assert.equal((await t.app.devices.getById(light.id))!.state.brightness, stored);
        await otherDev.client.endAsync();
        await dev.client.endAsync();
      } finally {
        await t.cleanup();
      }
    });
  });
}
