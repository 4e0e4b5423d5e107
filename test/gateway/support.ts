// Gateway test bootstrap: an app with the gateway on a fresh store, against the embedded broker or
// the shared Mosquitto on 127.0.0.1:1883 (each run on its own topic prefix, cleaned up afterwards).
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { App } from '../../src/app.ts';
import type { Logger } from '../../src/log.ts';
import type { Dialect } from '../../src/store/db.ts';
import type { Gateway } from '../../src/gateway/gateway.ts';
import type { Device } from '../../src/cloud/device-model.ts';
import { freshApp } from '../support/env.ts';

export type BrokerKind = 'embedded' | 'mosquitto';
export const BROKERS: BrokerKind[] = (process.env.TEST_BROKERS ?? 'embedded,mosquitto').split(
  ',',
) as BrokerKind[];
export const MOSQUITTO_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface GatewayTestApp {
  app: App;
  gateway: Gateway;
  prefix: string;
  userId: string;
  /** Adds a device and waits until its virtual device is online in the store (when virtual devices run). */
  addDevice(type?: 'light', name?: string): Promise<Device>;
  /** Resolves once `check` holds, re-checked on every device-changed event. */
  until(check: () => Promise<boolean>): Promise<void>;
  cleanup(): Promise<void>;
}

export async function gatewayApp(
  broker: BrokerKind,
  opts: { dialect?: Dialect; env?: Record<string, string>; logger?: Logger } = {},
): Promise<GatewayTestApp> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const { app, env, until } = await freshApp(opts.dialect ?? 'sqlite', {
    gateway: true,
    env: {
      MQTT_TOPIC_PREFIX: prefix,
      DEVICE_TIMEOUT_MS: '3000',
      ...(broker === 'mosquitto' ? { MQTT_URL: MOSQUITTO_URL } : {}),
      ...opts.env,
    },
    logger: opts.logger,
  });
  const gateway = app.gateway!;
  const user = await app.accounts.create(`gw-${prefix}@example.com`, 'a-long-password');
  const ids: string[] = [];
  return {
    app,
    gateway,
    prefix,
    userId: user.id,
    until,
    async addDevice(type = 'light', name = 'Test Light') {
      const d = await app.devices.add(user.id, type, name);
      ids.push(d.id);
      if (app.config.virtualDevices)
        await until(async () => (await app.devices.getById(d.id))?.online === true);
      return (await app.devices.getById(d.id))!;
    },
    async cleanup() {
      await app.close();
      if (broker === 'mosquitto') await clearRetained(prefix, ids);
      await env.cleanup();
    },
  };
}

/** Leaves nothing of this run on the shared broker. */
export async function clearRetained(prefix: string, deviceIds: string[]): Promise<void> {
  const c = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: `cleanup-${prefix}` });
  for (const id of deviceIds)
    for (const ch of ['state', 'status'])
      await c.publishAsync(`${prefix}/${id}/${ch}`, '', { qos: 1, retain: true });
  await c.endAsync();
}

/** A device the test drives by hand, on the given broker with its own credentials. */
export interface HandDevice {
  client: MqttClient;
  topic(ch: 'ack' | 'state' | 'status'): string;
  /** Publishes a (retained) state report, as a device does after a change made on it. */
  publishState(state: unknown): Promise<void>;
}

/**
 * Connects a hand-driven device, subscribes it to its commands and waits until it shows online.
 * `will`: it sets a retained `offline` last will, as real devices do (docs/devices.md).
 */
export async function handDevice(
  t: GatewayTestApp,
  broker: BrokerKind,
  device: Device,
  opts: { will?: boolean } = {},
): Promise<HandDevice> {
  const url = broker === 'mosquitto' ? MOSQUITTO_URL : t.gateway.broker!.url!;
  const client = await mqtt.connectAsync(url, {
    clientId: device.id,
    ...(broker === 'embedded'
      ? { username: device.id, password: await t.gateway.credentials.issue(device.id) }
      : {}),
    ...(opts.will
      ? {
          will: {
            topic: t.gateway.topics.of(device.id, 'status'),
            payload: Buffer.from('offline'),
            qos: 1 as const,
            retain: true,
          },
        }
      : {}),
    reconnectPeriod: 0,
  });
  await client.subscribeAsync(t.gateway.topics.of(device.id, 'cmd'), { qos: 1 });
  await client.publishAsync(t.gateway.topics.of(device.id, 'status'), 'online', { qos: 1, retain: true });
  await t.until(async () => (await t.app.devices.getById(device.id))?.online === true);
  const topic = (ch: 'ack' | 'state' | 'status') => t.gateway.topics.of(device.id, ch);
  return {
    client,
    topic,
    async publishState(state) {
      await client.publishAsync(topic('state'), JSON.stringify({ state }), { qos: 1, retain: true });
    },
  };
}
