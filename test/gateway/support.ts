// Gateway test bootstrap: an app with the gateway on a fresh store, against the embedded broker or
// the shared Mosquitto on 127.0.0.1:1883 (each run on its own topic prefix, cleaned up afterwards).
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
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
