// The device protocol over MQTT: topic names and payloads, shared by the gateway, the broker's
// authorization and the virtual devices. Pure (no I/O), so both sides cannot drift apart.
// docs/devices.md is the operator-facing description of the same scheme.
import type { DeviceCommand, DeviceState } from '../cloud/device-model.ts';

export type Channel = 'cmd' | 'ack' | 'state' | 'status';
export const CHANNELS: readonly Channel[] = ['cmd', 'ack', 'state', 'status'];

/** Device ids are Alexa endpoint ids: letters, digits and '-'; never MQTT wildcards or separators. */
const DEVICE_ID = /^[A-Za-z0-9-]{1,128}$/;
const PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/** Largest payload either side accepts; a light's state is a few hundred bytes. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export function isDeviceId(value: string): boolean {
  return DEVICE_ID.test(value);
}

export function validPrefix(prefix: string): string {
  if (!PREFIX.test(prefix))
    throw new Error(`MQTT topic prefix ${JSON.stringify(prefix)} must be 1-64 of A-Z a-z 0-9 _ -`);
  return prefix;
}

export class Topics {
  constructor(readonly prefix: string) {
    validPrefix(prefix);
  }
  of(deviceId: string, channel: Channel): string {
    return `${this.prefix}/${deviceId}/${channel}`;
  }
  /** The gateway's subscription for one channel of every device. */
  all(channel: Channel): string {
    return `${this.prefix}/+/${channel}`;
  }
  /** Splits a concrete topic; null when it is not one of ours. */
  parse(topic: string): { deviceId: string; channel: Channel } | null {
    const parts = topic.split('/');
    if (parts.length !== 3 || parts[0] !== this.prefix) return null;
    const [, deviceId, channel] = parts as [string, string, string];
    if (!isDeviceId(deviceId) || !(CHANNELS as readonly string[]).includes(channel)) return null;
    return { deviceId, channel: channel as Channel };
  }
}

/** cmd: the cloud asks the device to do something; `id` correlates the ack. */
export interface CommandMessage {
  id: string;
  name: string;
  params: Record<string, unknown>;
  /** Epoch ms after which the cloud has given up; a device with a clock should drop the command. */
  expiresAt?: number;
}

export interface DeviceErrorBody {
  /** VALUE_OUT_OF_RANGE (validRange given), INVALID_VALUE, or INTERNAL_ERROR. */
  code: 'VALUE_OUT_OF_RANGE' | 'INVALID_VALUE' | 'INTERNAL_ERROR';
  message: string;
  validRange?: { minimumValue: number; maximumValue: number };
}

/** ack: the device's answer to one command. */
export type AckMessage =
  { id: string; ok: true; state: DeviceState } | { id: string; ok: false; error: DeviceErrorBody };

/** state (retained): the device's whole current state. */
export interface StateMessage {
  state: DeviceState;
}

export type Status = 'online' | 'offline';

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function json(payload: Buffer | string): unknown {
  if (payload.length > MAX_PAYLOAD_BYTES) throw new ProtocolError(`payload over ${MAX_PAYLOAD_BYTES} bytes`);
  try {
    return JSON.parse(payload.toString());
  } catch {
    throw new ProtocolError('payload is not JSON');
  }
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function encodeCommand(id: string, command: DeviceCommand, expiresAt?: number): string {
  const msg: CommandMessage = { id, name: command.name, params: command.params };
  if (expiresAt !== undefined) msg.expiresAt = expiresAt;
  return JSON.stringify(msg);
}

export function parseCommand(payload: Buffer | string): CommandMessage {
  const v = json(payload);
  if (!isRecord(v)) throw new ProtocolError('a command is a JSON object');
  if (typeof v.id !== 'string' || !ID.test(v.id)) throw new ProtocolError('command id missing or malformed');
  if (typeof v.name !== 'string' || v.name.length === 0 || v.name.length > 64)
    throw new ProtocolError('command name missing');
  const params = v.params ?? {};
  if (!isRecord(params)) throw new ProtocolError('command params must be an object');
  const msg: CommandMessage = { id: v.id, name: v.name, params };
  if (typeof v.expiresAt === 'number') msg.expiresAt = v.expiresAt;
  return msg;
}

export function parseAck(payload: Buffer | string): AckMessage {
  const v = json(payload);
  if (!isRecord(v)) throw new ProtocolError('an ack is a JSON object');
  if (typeof v.id !== 'string' || !ID.test(v.id)) throw new ProtocolError('ack id missing or malformed');
  if (v.ok === true) {
    if (!isRecord(v.state)) throw new ProtocolError('a successful ack carries the state object');
    return { id: v.id, ok: true, state: v.state };
  }
  if (v.ok !== false || !isRecord(v.error))
    throw new ProtocolError('an ack has ok:true+state or ok:false+error');
  const e = v.error;
  const code =
    e.code === 'VALUE_OUT_OF_RANGE' || e.code === 'INVALID_VALUE' ? e.code : ('INTERNAL_ERROR' as const);
  const error: DeviceErrorBody = {
    code,
    message: typeof e.message === 'string' ? e.message.slice(0, 512) : 'the device refused the command',
  };
  const r = e.validRange;
  if (isRecord(r) && typeof r.minimumValue === 'number' && typeof r.maximumValue === 'number')
    error.validRange = { minimumValue: r.minimumValue, maximumValue: r.maximumValue };
  return { id: v.id, ok: false, error };
}

export function parseState(payload: Buffer | string): StateMessage {
  const v = json(payload);
  if (!isRecord(v) || !isRecord(v.state)) throw new ProtocolError('a state message is {"state": {...}}');
  return { state: v.state };
}

export function parseStatus(payload: Buffer | string): Status {
  const s = payload.toString();
  if (s !== 'online' && s !== 'offline') throw new ProtocolError('status is "online" or "offline"');
  return s;
}
