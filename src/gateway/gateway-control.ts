// DeviceControl over MQTT. Publishes each command with a correlation id and waits for the device's
// ack (bounded by DEVICE_TIMEOUT_MS, well under Alexa's 8 s); keeps the store truthful from the
// devices' retained state and status topics (device-side changes, last wills).
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { DeviceControl } from '../cloud/device-control.ts';
import type { Device, DeviceCommand, DeviceState } from '../cloud/device-model.ts';
import type { Devices } from '../cloud/devices.ts';
import { DeviceFaultError, DeviceUnreachableError, DeviceValueError } from '../cloud/device-errors.ts';
import type { Logger } from '../log.ts';
import { deviceTypeSpec } from '../devices/types.ts';
import {
  encodeCommand,
  parseAck,
  parseState,
  parseStatus,
  ProtocolError,
  type AckMessage,
  type Status,
  type Topics,
} from './protocol.ts';

interface Pending {
  device: Pick<Device, 'id' | 'userId' | 'type'>;
  resolve(acked: Acked): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Commands waiting for their ack, by command id. A taken entry leaves an empty slot behind: a
 * long-lived Map's replaced hash tables stay in the old generation until the next full collection,
 * still pointing at what they held, and an entry that kept its callbacks there kept the whole
 * directive waiting on them alive with it, into the old generation. Emptying the slot halved what a
 * TurnOn through the gateway left there (full collections, 3 to 8 ms each, come that much later).
 */
class PendingCommands {
  private readonly byId = new Map<string, { pending: Pending | undefined }>();

  add(id: string, pending: Pending): void {
    this.byId.set(id, { pending });
  }

  get(id: string): Pending | undefined {
    return this.byId.get(id)?.pending;
  }

  /** Removes the command and returns it; undefined when it was already taken. */
  take(id: string): Pending | undefined {
    const slot = this.byId.get(id);
    if (!slot) return undefined;
    this.byId.delete(id);
    const { pending } = slot;
    slot.pending = undefined;
    return pending;
  }

  *entries(): IterableIterator<[string, Pending]> {
    for (const [id, slot] of this.byId) if (slot.pending) yield [id, slot.pending];
  }
}

/** An ack, and for a successful one the store write queued the moment it arrived. */
interface Acked {
  ack: AckMessage;
  at: number;
  saved?: Promise<void>;
}

export interface GatewayControlOptions {
  client: MqttClient;
  topics: Topics;
  devices: Devices;
  timeoutMs: number;
  logger: Logger;
}

export class GatewayDeviceControl implements DeviceControl {
  private readonly pending = new PendingCommands();
  /**
   * What the broker last told this process about each device (retained status, last wills). Only
   * devices in the registry may keep an entry: one for a device that is gone (its last will or a
   * late status arriving after its removal) is dropped by the store check its status change already
   * makes (onStatus), so the map cannot grow with removed or made-up ids.
   */
  private readonly status = new Map<string, Status>();
  /** The last state this process stored per device, so an echo of it on the state topic is not a change. */
  private readonly lastState = new Map<string, string>();
  private readonly idPrefix = randomBytes(4).toString('hex');
  private seq = 0;
  /** Store updates run one at a time per device, in arrival order. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly client: MqttClient;
  private readonly topics: Topics;
  private readonly log: Logger;

  constructor(private readonly opts: GatewayControlOptions) {
    this.client = opts.client;
    this.topics = opts.topics;
    this.log = opts.logger;
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  /** Subscribes to every device's ack, state and status; resolves once the broker granted them. */
  async subscribe(): Promise<void> {
    const granted = await this.client.subscribeAsync(
      (['ack', 'state', 'status'] as const).map((c) => this.topics.all(c)),
      { qos: 1 },
    );
    const refused = granted.filter((g) => g.qos === 128);
    if (refused.length)
      throw new Error(
        `broker refused the gateway's subscriptions: ${refused.map((g) => g.topic).join(', ')}`,
      );
  }

  /** online/offline as last reported by the broker; undefined when it has said nothing about the device. */
  deviceStatus(deviceId: string): Status | undefined {
    return this.status.get(deviceId);
  }

  /** True while this process holds anything about the device (its connectivity or last stored state). */
  knows(deviceId: string): boolean {
    return this.status.has(deviceId) || this.lastState.has(deviceId);
  }

  async execute(device: Device, command: DeviceCommand): Promise<Device> {
    const known = this.status.get(device.id);
    if (known === 'offline' || (known === undefined && !device.online) || !this.client.connected) {
      throw new DeviceUnreachableError(device.id, 'offline');
    }
    const id = `${this.idPrefix}-${(this.seq++).toString(36)}`;
    const expiresAt = Date.now() + this.opts.timeoutMs;
    const { ack, at, saved } = await new Promise<Acked>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.take(id);
        reject(new DeviceUnreachableError(device.id, 'timeout'));
      }, this.opts.timeoutMs);
      this.pending.add(id, { device, resolve, reject, timer });
      // QoS 1: the broker has it even if this connection drops right after; the device drops duplicates by id.
      this.client.publish(
        this.topics.of(device.id, 'cmd'),
        encodeCommand(id, command, expiresAt),
        { qos: 1 },
        (err) => {
          if (err) this.settle(id, undefined, new DeviceUnreachableError(device.id, 'offline'));
        },
      );
    });
    if (!ack.ok) {
      // A device fault is not the user's value: it surfaces as an internal error, not VALUE_OUT_OF_RANGE.
      if (ack.error.code === 'INTERNAL_ERROR')
        throw new DeviceFaultError(
          device.id,
          'device_error',
          `device ${device.id} reported a failure: ${ack.error.message}`,
        );
      throw new DeviceValueError(device.id, ack.error.message, ack.error.validRange);
    }
    await saved;
    return { ...device, state: ack.state, online: true, updatedAt: at };
  }

  private settle(id: string, ack: AckMessage | undefined, err?: Error): void {
    const p = this.pending.take(id);
    if (!p) return;
    clearTimeout(p.timer);
    if (ack?.ok) {
      const invalid = deviceTypeSpec(p.device.type).validState(ack.state);
      if (invalid) {
        this.log.warn(
          { deviceId: p.device.id, reason: invalid },
          'device acknowledged with an invalid state; not stored',
        );
        // A device fault: the skill answers INTERNAL_ERROR, as for a device that reports its own
        // INTERNAL_ERROR. The device did answer, so ENDPOINT_UNREACHABLE would be untrue, and the
        // command may have taken effect; the answer is never about the user's token.
        p.reject(
          new DeviceFaultError(
            p.device.id,
            'invalid_state',
            `device ${p.device.id} reported a failure: it acknowledged with an invalid state (${invalid})`,
          ),
        );
        return;
      }
    }
    if (ack) {
      const at = Date.now();
      // Queued now, not when execute() resumes: messages after the ack in the same read (a press on
      // the device) are handled before that, and this write must not overtake them.
      const saved = ack.ok ? this.serial(p.device.id, () => this.store(p.device, ack.state, at)) : undefined;
      p.resolve(saved ? { ack, at, saved } : { ack, at });
    } else p.reject(err ?? new Error('command failed'));
  }

  private onMessage(topic: string, payload: Buffer): void {
    const t = this.topics.parse(topic);
    if (!t) return;
    try {
      switch (t.channel) {
        case 'ack': {
          const ack = parseAck(payload);
          const p = this.pending.get(ack.id);
          // Another gateway instance's command, or one we gave up on: not ours to settle.
          if (p && p.device.id === t.deviceId) this.settle(ack.id, ack);
          return;
        }
        case 'state':
          if (payload.length === 0) return; // a cleared retained message
          this.enqueue(t.deviceId, () => this.onState(t.deviceId, parseState(payload).state));
          return;
        case 'status':
          if (payload.length === 0) return;
          this.onStatus(t.deviceId, parseStatus(payload));
          return;
        default:
          return;
      }
    } catch (err) {
      if (err instanceof ProtocolError)
        this.log.warn(
          { deviceId: t.deviceId, channel: t.channel, problem: err.message },
          'malformed device message ignored',
        );
      else throw err;
    }
  }

  private onStatus(deviceId: string, status: Status): void {
    const before = this.status.get(deviceId);
    this.status.set(deviceId, status);
    if (status === 'offline') {
      // Commands still waiting on this device will not be answered: fail them now, not at the timeout.
      for (const [id, p] of this.pending.entries())
        if (p.device.id === deviceId)
          this.settle(id, undefined, new DeviceUnreachableError(deviceId, 'offline'));
    }
    // Every new entry is a change, so every entry is checked against the registry here: the one
    // store read a status change always cost, and none for state messages (the hot path).
    if (before === status) return;
    this.enqueue(deviceId, async () => {
      const device = await this.opts.devices.getById(deviceId);
      if (!device) {
        // Removed (its last will, or a late status, came after the removal forgot it) or never ours.
        this.forget(deviceId);
        this.log.debug({ deviceId, status }, 'status of a device not in the registry; forgotten');
        return;
      }
      if (device.online === (status === 'online')) return;
      await this.opts.devices.setOnline(device, status === 'online');
      this.log.info({ deviceId, status }, 'device connectivity changed');
    });
  }

  private async onState(deviceId: string, state: DeviceState): Promise<void> {
    const json = JSON.stringify(state);
    if (this.lastState.get(deviceId) === json) return;
    const device = await this.opts.devices.getById(deviceId);
    if (!device) return;
    // Checked against the device's registered type, not what the message claims to be.
    const invalid = deviceTypeSpec(device.type).validState(state);
    if (invalid) {
      this.log.warn({ deviceId, reason: invalid }, 'device reported an invalid state; ignored');
      return;
    }
    if (JSON.stringify(device.state) === json) {
      this.lastState.set(deviceId, json);
      return;
    }
    await this.store(device, state, Date.now());
    this.log.info({ deviceId }, 'device reported a state change');
  }

  private async store(device: Pick<Device, 'id' | 'userId'>, state: DeviceState, at: number): Promise<void> {
    await this.opts.devices.saveState(device, state, at);
    // Only once it is stored: after a failed write the device's next report of this state must be saved.
    this.lastState.set(device.id, JSON.stringify(state));
  }

  /** Runs `task` after every earlier update of this device; rejects with the task's own error. */
  private serial(deviceId: string, task: () => Promise<void>): Promise<void> {
    const prev = this.queues.get(deviceId) ?? Promise.resolve();
    const run = prev.then(task);
    const settled = run.catch(() => undefined);
    this.queues.set(deviceId, settled);
    void settled.then(() => {
      if (this.queues.get(deviceId) === settled) this.queues.delete(deviceId);
    });
    return run;
  }

  private enqueue(deviceId: string, task: () => Promise<void>): void {
    this.serial(deviceId, task).catch((err: unknown) =>
      this.log.error({ deviceId, err }, 'could not record a device update'),
    );
  }

  /** Waits for queued store updates (so close() loses nothing the broker delivered). */
  async drain(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  /** Forgets a removed device. */
  forget(deviceId: string): void {
    this.status.delete(deviceId);
    this.lastState.delete(deviceId);
  }

  /**
   * Forgets every device the registry no longer has, in one query: an account was deleted and its
   * devices went with it, without one 'removed' event each (a device already offline then would
   * send nothing more that could clear it).
   */
  async forgetVanished(existing: (ids: string[]) => Promise<Set<string>>): Promise<void> {
    const known = [...new Set([...this.status.keys(), ...this.lastState.keys()])];
    if (known.length === 0) return;
    const still = await existing(known);
    for (const id of known) if (!still.has(id)) this.forget(id);
  }

  /** Fails every waiting command (the gateway is stopping). */
  abortAll(): void {
    for (const [id, p] of this.pending.entries())
      this.settle(id, undefined, new DeviceUnreachableError(p.device.id, 'offline'));
  }
}
