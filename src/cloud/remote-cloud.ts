// The device cloud over the resource API, for the skill in Lambda. Answers map back to the same
// errors the in-process cloud throws (NoSuchDeviceError, DeviceUnreachableError, DeviceValueError,
// DeviceFaultError), so the skill core maps them identically in both hosting shapes. Anything that is
// not a signed answer of the API is a RemoteCloudError: the skill answers INTERNAL_ERROR, never an
// auth error.
import type { Device, DeviceCommand } from './device-model.ts';
import {
  CloudUnavailableError,
  DeviceFaultError,
  DeviceUnreachableError,
  DeviceValueError,
  NoSuchDeviceError,
} from './device-errors.ts';
import { ApiClient, describeOutcome, type ApiOutcome } from './api/client.ts';
import { verdictFromReason, type ApiDevice, type ApiDeviceList, type ApiErrorBody } from './api/contract.ts';
import type { InvalidReason } from '../auth/verdict.ts';

export class RemoteCloudError extends CloudUnavailableError {
  constructor(readonly outcome: string) {
    super(`device cloud unavailable: ${outcome}`);
    this.name = 'RemoteCloudError';
  }
}

/**
 * The API's own verdict on the token, heard on a device call (the token expired or was revoked
 * after the skill verified it). As authoritative as the verifier's; the skill maps it like one.
 */
export class RemoteTokenRejected extends Error {
  constructor(
    readonly verdict: { kind: 'expired'; expiredAt: number } | { kind: 'invalid'; reason: InvalidReason },
  ) {
    super(`resource API rejected the token: ${verdict.kind === 'invalid' ? verdict.reason : 'expired'}`);
    this.name = 'RemoteTokenRejected';
  }
}

/** On whose behalf a call is made, and by when it must be answered (epoch ms; Alexa's budget). */
export interface CallFor {
  token: string;
  userId: string;
  deadlineAt?: number;
}

export interface RemoteCloudOptions {
  /** Deadline for reads (list, get). */
  readTimeoutMs: number;
  /** Deadline for a command: longer than the server's DEVICE_TIMEOUT_MS so its 504 arrives first. */
  commandTimeoutMs: number;
}

function toDevice(userId: string, d: ApiDevice): Device {
  return { ...d, userId };
}

function signedError(outcome: ApiOutcome): ApiErrorBody | undefined {
  if (outcome.kind !== 'answer' || !outcome.signed) return undefined;
  const body = outcome.body as Partial<ApiErrorBody>;
  return typeof body.error === 'string' ? (body as ApiErrorBody) : undefined;
}

export class RemoteDeviceCloud {
  constructor(
    private readonly client: ApiClient,
    private readonly options: RemoteCloudOptions,
  ) {}

  private timeout(limit: number, who: CallFor): number {
    if (who.deadlineAt === undefined) return limit;
    const left = who.deadlineAt - Date.now();
    if (left <= 0) throw new RemoteCloudError("no time left in Alexa's budget");
    return Math.min(limit, left);
  }

  private fail(outcome: ApiOutcome): never {
    const err = signedError(outcome);
    if (outcome.kind === 'answer' && outcome.status === 401 && err?.error === 'invalid_token') {
      const verdict = verdictFromReason(err.reason);
      if (verdict) throw new RemoteTokenRejected(verdict);
    }
    throw new RemoteCloudError(describeOutcome(outcome));
  }

  async list(who: CallFor): Promise<Device[]> {
    const outcome = await this.client.call('GET', '/devices', {
      token: who.token,
      timeoutMs: this.timeout(this.options.readTimeoutMs, who),
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      const body = outcome.body as Partial<ApiDeviceList>;
      if (Array.isArray(body.devices)) return body.devices.map((d) => toDevice(who.userId, d));
    }
    return this.fail(outcome);
  }

  /** The device, or null when the API says it is not this user's (404). */
  async get(who: CallFor, deviceId: string): Promise<Device | null> {
    const outcome = await this.client.call('GET', `/devices/${encodeURIComponent(deviceId)}`, {
      token: who.token,
      timeoutMs: this.timeout(this.options.readTimeoutMs, who),
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      return toDevice(who.userId, outcome.body as ApiDevice);
    }
    if (signedError(outcome)?.error === 'not_found') return null;
    return this.fail(outcome);
  }

  async execute(who: CallFor, deviceId: string, command: DeviceCommand): Promise<Device> {
    const outcome = await this.client.call('POST', `/devices/${encodeURIComponent(deviceId)}/commands`, {
      token: who.token,
      body: { name: command.name, params: command.params },
      timeoutMs: this.timeout(this.options.commandTimeoutMs, who),
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      return toDevice(who.userId, outcome.body as ApiDevice);
    }
    const err = signedError(outcome);
    if (err?.error === 'not_found') throw new NoSuchDeviceError(deviceId);
    if (err?.error === 'device_unreachable') {
      throw new DeviceUnreachableError(deviceId, err.reason === 'offline' ? 'offline' : 'timeout');
    }
    if (err?.error === 'invalid_value')
      throw new DeviceValueError(deviceId, err.error_description, err.validRange);
    // The device answered and failed: INTERNAL_ERROR for Alexa, logged as the device's fault. (A Lambda
    // built before this code existed falls through to RemoteCloudError: INTERNAL_ERROR all the same.)
    if (err?.error === 'device_fault') {
      const why = err.reason === 'invalid_state' ? 'invalid_state' : 'device_error';
      throw new DeviceFaultError(deviceId, why, err.error_description);
    }
    return this.fail(outcome);
  }
}
