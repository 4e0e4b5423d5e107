// Test doubles for the skill's ports (allowed: they stand in for ports, not for a database or
// broker) and an envelope builder. The device state changes through the real device reducers.
import { randomUUID } from 'node:crypto';
import type { TokenVerifier, Verdict } from '../../src/auth/verdict.ts';
import type { Device, DeviceCommand, DeviceType } from '../../src/cloud/device-model.ts';
import { DeviceUnreachableError, NoSuchDeviceError } from '../../src/cloud/device-errors.ts';
import { deviceTypeSpec } from '../../src/devices/types.ts';
import type { SkillCloud } from '../../src/skill/ports.ts';

export const USER = 'user-a';
export const OTHER_USER = 'user-b';
export const GOOD_TOKEN = 'token-of-user-a';
export const OTHER_TOKEN = 'token-of-user-b';
export const HOUR = 3600_000;

export function validVerdict(
  userId = USER,
  grantId = `grant-${userId}`,
  expiresAt = Date.now() + HOUR,
): Verdict {
  return { kind: 'valid', userId, clientId: 'alexa', scopes: ['devices'], grantId, expiresAt };
}

export type Script = Verdict | 'throw' | 'hang' | ((token: string) => Promise<Verdict>);

/** A verifier that answers from a script per token; unknown tokens are "invalid: unknown". */
export class ScriptedVerifier implements TokenVerifier {
  readonly calls: string[] = [];
  constructor(readonly script: Map<string, Script> = new Map()) {
    if (!script.has(GOOD_TOKEN)) script.set(GOOD_TOKEN, validVerdict());
    if (!script.has(OTHER_TOKEN)) script.set(OTHER_TOKEN, validVerdict(OTHER_USER));
  }
  set(token: string, s: Script): this {
    this.script.set(token, s);
    return this;
  }
  async verify(token: string): Promise<Verdict> {
    this.calls.push(token);
    const s = this.script.get(token) ?? { kind: 'invalid', reason: 'unknown' };
    if (s === 'throw') throw new Error('verifier exploded');
    if (s === 'hang') return new Promise<Verdict>(() => {});
    if (typeof s === 'function') return s(token);
    return s;
  }
}

export interface DeviceSeed {
  id: string;
  type?: DeviceType;
  userId?: string;
  name?: string;
  state?: Record<string, unknown>;
  online?: boolean;
}

/** An in-memory SkillCloud: commands go through the real device reducers. */
export class MemoryCloud implements SkillCloud {
  readonly devices = new Map<string, Device>();
  readonly commands: Array<{ userId: string; endpointId: string; command: DeviceCommand }> = [];
  tracksConnectivity = false;

  constructor(seeds: DeviceSeed[] = []) {
    for (const s of seeds) this.add(s);
  }

  add(s: DeviceSeed): Device {
    const type = s.type ?? 'light';
    const spec = type === 'light' ? deviceTypeSpec(type) : undefined;
    const device: Device = {
      id: s.id,
      userId: s.userId ?? USER,
      type,
      name: s.name ?? `Device ${s.id}`,
      state: { ...(spec?.defaultState() ?? {}), ...(s.state ?? {}) },
      online: s.online ?? true,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    };
    this.devices.set(device.id, device);
    return device;
  }

  async listDevices(userId: string): Promise<Device[]> {
    return [...this.devices.values()].filter((d) => d.userId === userId);
  }

  async getDevice(userId: string, endpointId: string): Promise<Device | null> {
    const d = this.devices.get(endpointId);
    return d && d.userId === userId ? d : null;
  }

  async execute(userId: string, device: Device, command: DeviceCommand): Promise<Device> {
    const endpointId = device.id;
    const d = await this.getDevice(userId, endpointId);
    if (!d) throw new NoSuchDeviceError(endpointId);
    this.commands.push({ userId, endpointId, command });
    if (this.tracksConnectivity && !d.online) throw new DeviceUnreachableError(endpointId, 'offline');
    const state = deviceTypeSpec(d.type).apply(d.id, d.state, command);
    const after = { ...d, state, updatedAt: Date.now() };
    this.devices.set(d.id, after);
    return after;
  }
}

export interface EnvelopeOptions {
  endpointId?: string;
  token?: string | null;
  scope?: unknown;
  payload?: Record<string, unknown>;
  correlationToken?: string | null;
}

/** A directive envelope as Alexa sends it, with the token where this directive kind carries it. */
export function envelope(
  namespace: string,
  name: string,
  o: EnvelopeOptions = {},
): { directive: Record<string, unknown> } {
  const token = o.token === undefined ? GOOD_TOKEN : o.token;
  const scope = o.scope !== undefined ? o.scope : token === null ? undefined : { type: 'BearerToken', token };
  const payload: Record<string, unknown> = { ...(o.payload ?? {}) };
  const header: Record<string, unknown> = { namespace, name, messageId: randomUUID(), payloadVersion: '3' };
  const isDiscover = namespace === 'Alexa.Discovery';
  const isGrant = namespace === 'Alexa.Authorization';
  if (o.correlationToken !== null && !isDiscover && !isGrant)
    header.correlationToken = o.correlationToken ?? `corr-${randomUUID()}`;
  const directive: Record<string, unknown> = { header, payload };
  if (isDiscover) {
    if (scope !== undefined) payload.scope = scope;
  } else if (isGrant) {
    payload.grant ??= { type: 'OAuth2.AuthorizationCode', code: 'auth-code' };
    if (scope !== undefined) payload.grantee = scope;
  } else {
    directive.endpoint = {
      endpointId: o.endpointId ?? 'lamp',
      ...(scope !== undefined ? { scope } : {}),
      cookie: {},
    };
  }
  return { directive };
}
