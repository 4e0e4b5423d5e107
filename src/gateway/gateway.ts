// Starts the device gateway for an app: the embedded broker (unless MQTT_URL names one), the
// gateway's own MQTT client with GatewayDeviceControl, and the in-process virtual devices.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Bus } from '../cloud/bus.ts';
import type { Devices } from '../cloud/devices.ts';
import type { Store } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { EmbeddedBroker, GATEWAY_USERNAME } from './broker.ts';
import { DeviceCredentials } from './credentials.ts';
import { GatewayDeviceControl } from './gateway-control.ts';
import { connectClient, describeLink, endClient, whenConnected, type BrokerLink } from './link.ts';
import { Topics, type Status } from './protocol.ts';
import { VirtualFleet } from '../devices/virtual/fleet.ts';

export interface Gateway {
  control: GatewayDeviceControl;
  topics: Topics;
  credentials: DeviceCredentials;
  /** The embedded broker, when this process runs one. */
  broker: EmbeddedBroker | undefined;
  /** How clients in this process reach the broker. */
  link: BrokerLink;
  /** In-process virtual devices (VIRTUAL_DEVICES=on). */
  fleet: VirtualFleet | undefined;
  /** Connectivity as the broker last reported it; undefined when unknown (then the store's `online` stands). */
  deviceStatus(deviceId: string): Status | undefined;
  /** One line for the start banner: where devices connect. */
  describe(): string;
  close(): Promise<void>;
}

export interface GatewayDeps {
  config: Config;
  store: Store;
  bus: Bus;
  devices: Devices;
  logger: Logger;
}

/** How often the virtual devices re-read the registry for changes made by other processes. */
export const FLEET_RESYNC_MS = 5000;

export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { config, devices, bus } = deps;
  const log = deps.logger.child({ component: 'gateway' });
  const topics = new Topics(config.mqttTopicPrefix);
  const credentials = new DeviceCredentials(deps.store);
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const c of cleanups.reverse())
      await c().catch((err: unknown) => log.error({ err }, 'gateway shutdown step failed'));
  };
  try {
    let broker: EmbeddedBroker | undefined;
    let link: BrokerLink;
    if (config.mqttUrl) {
      link = { kind: 'url', url: config.mqttUrl };
    } else {
      // Nothing can be connected to a broker that has not started yet: whatever the store says is stale.
      await markOffline(devices, () => true);
      broker = await EmbeddedBroker.start({
        topics,
        credentials,
        deviceExists: async (id) => (await devices.getById(id)) !== null,
        logger: log,
        host: config.host,
        port: config.mqttPort,
      });
      const b = broker;
      cleanups.push(async () => {
        await b.close();
        await markOffline(devices, () => true);
      });
      link = { kind: 'in-process', broker };
    }

    const client = connectClient(link, {
      clientId: `mylights-gateway-${randomBytes(6).toString('hex')}`,
      clean: true,
      reconnectPeriod: 1000,
      ...(broker ? { username: GATEWAY_USERNAME, password: broker.gatewaySecret } : {}),
    });
    client.on('error', (err) => log.warn({ err: err.message }, 'gateway MQTT client error'));
    client.on('offline', () =>
      log.warn('gateway lost the MQTT broker; commands fail as unreachable until it is back'),
    );
    cleanups.push(() => endClient(client));
    await whenConnected(client);
    const control = new GatewayDeviceControl({
      client,
      topics,
      devices,
      timeoutMs: config.deviceTimeoutMs,
      logger: log,
    });
    cleanups.push(async () => {
      control.abortAll();
      await control.drain();
    });
    await control.subscribe();

    const offRemoved = bus.on('device-changed', (e) => {
      if (e.change !== 'removed') return;
      control.forget(e.deviceId);
      broker?.disconnectDevice(e.deviceId);
      void credentials
        .revoke(e.deviceId)
        .catch((err: unknown) => log.error({ err }, 'could not revoke a credential'));
      // Clear the retained messages, so a removed device leaves nothing behind on the broker.
      for (const c of ['state', 'status'] as const)
        client.publish(topics.of(e.deviceId, c), '', { qos: 1, retain: true });
    });
    const offAccount = bus.on('account-changed', (e) => {
      if (e.change !== 'deleted') return;
      // The account's devices went with it, without one 'removed' event each.
      void credentials
        .prune()
        .then(() => broker?.disconnectVanished())
        .then(() => control.forgetVanished((ids) => devices.existingIds(ids)))
        .catch((err: unknown) => log.error({ err }, 'could not clean up after a deleted account'));
    });
    cleanups.push(async () => {
      offRemoved();
      offAccount();
    });
    await credentials.prune();

    let fleet: VirtualFleet | undefined;
    if (config.virtualDevices) {
      const f = new VirtualFleet({
        devices,
        credentials,
        bus,
        link,
        topics,
        logger: log,
        resyncMs: FLEET_RESYNC_MS,
      });
      fleet = f;
      cleanups.push(async () => {
        await f.stop();
        // Our own devices are off now, whatever the broker still has to deliver.
        const ours = new Set(f.ids());
        await markOffline(devices, (id) => ours.has(id));
      });
      await f.start();
    }

    return {
      control,
      topics,
      credentials,
      broker,
      link,
      fleet,
      deviceStatus: (id) => control.deviceStatus(id),
      describe() {
        const where = broker
          ? broker.url
            ? `embedded MQTT broker on ${broker.url} (per-device credentials)`
            : 'embedded MQTT broker, in-process only (MQTT_PORT=0)'
          : `MQTT broker ${describeLink(link)}`;
        const virt = fleet ? 'virtual devices on' : 'virtual devices off (run `mylights devices simulate`)';
        return `devices: ${where}, topics ${topics.prefix}/<deviceId>/{cmd,ack,state,status}; ${virt}`;
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function markOffline(devices: Devices, which: (id: string) => boolean): Promise<void> {
  for (const d of await devices.listAll()) if (d.online && which(d.id)) await devices.setOnline(d, false);
}
