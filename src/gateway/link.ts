// How an MQTT client in this process reaches the broker: through an in-process stream to the
// embedded broker, or over the network to MQTT_URL / the embedded broker's TCP port.
import type { Socket } from 'node:net';
import mqtt, { MqttClient, type IClientOptions } from 'mqtt';
import type { EmbeddedBroker } from './broker.ts';

export type BrokerLink = { kind: 'in-process'; broker: EmbeddedBroker } | { kind: 'url'; url: string };

/** Describes the link for banners and logs (never with a password). */
export function describeLink(link: BrokerLink): string {
  if (link.kind === 'in-process') return 'embedded broker (in-process)';
  const u = new URL(link.url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Opens a client; mqtt.js reconnects on its own with the same builder. */
export function connectClient(link: BrokerLink, options: IClientOptions): MqttClient {
  if (link.kind === 'in-process') {
    const broker = link.broker;
    return new MqttClient(() => broker.connectInProcess(), { protocolVersion: 4, ...options });
  }
  // Credentials in the URL (an operator's broker account) win over none, never over explicit ones.
  const u = new URL(link.url);
  const fromUrl: IClientOptions = {};
  if (u.username && options.username === undefined) fromUrl.username = decodeURIComponent(u.username);
  if (u.password && options.password === undefined) fromUrl.password = decodeURIComponent(u.password);
  const client = mqtt.connect(link.url, { protocolVersion: 4, ...fromUrl, ...options });
  // Small request/reply packets: Nagle's algorithm against the peer's delayed ACK costs ~40 ms each way.
  const noDelay = () => (client.stream as Partial<Socket> | undefined)?.setNoDelay?.(true);
  noDelay();
  client.on('connect', noDelay);
  return client;
}

/** Resolves once the client is connected, rejects on the first error (e.g. refused credentials). */
export function whenConnected(client: MqttClient, timeoutMs = 5000): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no MQTT connection within ${timeoutMs} ms`)), timeoutMs);
    const onConnect = () => done();
    const onError = (err: Error) => done(err);
    function done(err?: Error) {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    }
    client.on('connect', onConnect);
    client.on('error', onError);
  });
}

/** Disconnects cleanly when the broker answers within `graceMs`, otherwise drops the connection. */
export async function endClient(client: MqttClient, force = false, graceMs = 1000): Promise<void> {
  if (!force) {
    const clean = new Promise<boolean>((resolve) => client.end(false, {}, () => resolve(true)));
    if (await within(clean, graceMs)) return;
  }
  await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
}

/** Resolves with the promise's value, or undefined when it takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
