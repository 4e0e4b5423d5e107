// A virtual device: a real MQTT client with its own credentials that speaks the gateway protocol
// and applies commands with its type's reducer from the device-type table, so any type in that
// table works without code here. Faults (slow, flaky, offline) make the unhappy paths reproducible.
import type { MqttClient } from 'mqtt';
import type { DeviceCommand, DeviceState, DeviceType } from '../../cloud/device-model.ts';
import { DeviceValueError } from '../../cloud/device-errors.ts';
import { deviceTypeSpec } from '../types.ts';
import { parseCommand, ProtocolError, type AckMessage, type Topics } from '../../gateway/protocol.ts';
import { connectClient, endClient, within, type BrokerLink } from '../../gateway/link.ts';
import type { Logger } from '../../log.ts';

export interface Faults {
  /** Extra delay before acknowledging, in ms. */
  slowMs?: number;
  /** Probability (0..1) of silently dropping a command. */
  flaky?: number;
  /** Never acknowledge anything (a device that hangs). */
  mute?: boolean;
}

export interface VirtualDeviceOptions {
  id: string;
  type: DeviceType;
  state: DeviceState;
  secret: string;
  link: BrokerLink;
  topics: Topics;
  logger: Logger;
  faults?: Faults;
  random?: () => number;
}

/** How many recent command ids a device remembers, to answer a QoS 1 redelivery without applying it twice. */
const SEEN = 64;

export class VirtualDevice {
  readonly id: string;
  readonly type: DeviceType;
  state: DeviceState;
  faults: Faults;
  private client: MqttClient | undefined;
  private readonly seen = new Map<string, AckMessage>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: VirtualDeviceOptions) {
    this.id = opts.id;
    this.type = opts.type;
    this.state = opts.state;
    this.faults = opts.faults ?? {};
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects (and keeps reconnecting); resolves on the first successful connection. */
  start(): Promise<void> {
    const { topics } = this.opts;
    const client = connectClient(this.opts.link, {
      clientId: this.id,
      username: this.id,
      password: this.opts.secret,
      clean: true, // a command queued while the device was away is stale: never deliver it later
      keepalive: 30,
      reconnectPeriod: 1000,
      will: { topic: topics.of(this.id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (_topic, payload) => this.onCommand(payload));
    // mqtt.js keeps reconnecting; a refused reconnect (the device was removed) must not crash the process.
    client.on('error', (err) =>
      this.opts.logger.debug({ deviceId: this.id, err: err.message }, 'virtual device connection error'),
    );
    client.on('connect', () => {
      void this.announce(client).catch((err: unknown) =>
        this.opts.logger.warn({ deviceId: this.id, err }, 'virtual device could not announce itself'),
      );
    });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        client.off('connect', onConnect);
        reject(err);
      };
      const onConnect = () => {
        client.off('error', onError);
        resolve();
      };
      client.once('connect', onConnect);
      client.once('error', onError);
    });
  }

  private async announce(client: MqttClient): Promise<void> {
    const { topics } = this.opts;
    await client.subscribeAsync(topics.of(this.id, 'cmd'), { qos: 1 });
    await client.publishAsync(topics.of(this.id, 'state'), JSON.stringify({ state: this.state }), {
      qos: 1,
      retain: true,
    });
    await client.publishAsync(topics.of(this.id, 'status'), 'online', { qos: 1, retain: true });
  }

  private onCommand(payload: Buffer): void {
    let cmd;
    try {
      cmd = parseCommand(payload);
    } catch (err) {
      if (err instanceof ProtocolError)
        this.opts.logger.warn({ deviceId: this.id, problem: err.message }, 'bad command');
      return;
    }
    const random = this.opts.random ?? Math.random;
    if (this.faults.mute || (this.faults.flaky && random() < this.faults.flaky)) return;
    if (cmd.expiresAt !== undefined && Date.now() > cmd.expiresAt) return;
    const repeat = this.seen.get(cmd.id);
    const ack = repeat ?? this.apply(cmd.id, { name: cmd.name, params: cmd.params });
    const send = () => this.reply(ack, repeat === undefined && ack.ok);
    if (this.faults.slowMs) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        send();
      }, this.faults.slowMs);
      this.timers.add(t);
    } else send();
  }

  private apply(id: string, command: DeviceCommand): AckMessage {
    let ack: AckMessage;
    try {
      this.state = deviceTypeSpec(this.type).apply(this.id, this.state, command);
      ack = { id, ok: true, state: this.state };
    } catch (err) {
      if (err instanceof DeviceValueError) {
        ack = {
          id,
          ok: false,
          error: {
            code: err.validRange ? 'VALUE_OUT_OF_RANGE' : 'INVALID_VALUE',
            message: err.message,
            ...(err.validRange ? { validRange: err.validRange } : {}),
          },
        };
      } else {
        ack = { id, ok: false, error: { code: 'INTERNAL_ERROR', message: 'the device failed' } };
        this.opts.logger.error({ deviceId: this.id, err }, 'virtual device failed to apply a command');
      }
    }
    this.seen.set(id, ack);
    if (this.seen.size > SEEN) this.seen.delete(this.seen.keys().next().value as string);
    return ack;
  }

  private reply(ack: AckMessage, changed: boolean): void {
    const client = this.client;
    if (!client) return;
    const { topics } = this.opts;
    // ack first, then the retained state: the gateway stores the ack and recognises the echo.
    client.publish(topics.of(this.id, 'ack'), JSON.stringify(ack), { qos: 1 });
    if (changed)
      client.publish(topics.of(this.id, 'state'), JSON.stringify({ state: this.state }), {
        qos: 1,
        retain: true,
      });
  }

  /** Someone used the device itself (a wall switch, a remote): apply locally and report the new state. */
  async press(command: DeviceCommand): Promise<DeviceState> {
    this.state = deviceTypeSpec(this.type).apply(this.id, this.state, command);
    await this.client?.publishAsync(
      this.opts.topics.of(this.id, 'state'),
      JSON.stringify({ state: this.state }),
      {
        qos: 1,
        retain: true,
      },
    );
    return this.state;
  }

  /** A clean shutdown: say offline (a clean DISCONNECT sends no last will), then disconnect. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected) {
      // Bounded: a broker that has already dropped us never acknowledges (then the will says offline).
      await within(
        client
          .publishAsync(this.opts.topics.of(this.id, 'status'), 'offline', { qos: 1, retain: true })
          .catch(() => undefined),
        1000,
      );
    }
    await endClient(client, !client.connected);
  }

  /** Loses power: the connection drops without DISCONNECT, so the broker publishes the last will. */
  crash(): void {
    for (const t of this.timers) clearTimeout(t);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    client.end(true);
  }
}
