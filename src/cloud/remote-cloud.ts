// The device cloud over the resource API, for the skill in Lambda. Answers map back to the same
// errors the in-process cloud throws (NoSuchDeviceError, DeviceUnreachableError, DeviceValueError),
// so the skill core maps them identically in both hosting shapes. Anything that is not a signed
// answer of the API is a RemoteCloudError: the skill answers INTERNAL_ERROR, never an auth error.
import type { Device, DeviceCommand } from './device-model.ts';
import { DeviceUnreachableError, DeviceValueError, NoSuchDeviceError } from './device-errors.ts';
import { ApiClient, describeOutcome, type ApiOutcome } from './api/client.ts';
import type { ApiDevice, ApiDeviceList, ApiErrorBody } from './api/contract.ts';

export class RemoteCloudError extends Error {
  constructor(readonly outcome: string) {
    super(`device cloud unavailable: ${outcome}`);
    this.name = 'RemoteCloudError';
  }
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

  async list(token: string, userId: string): Promise<Device[]> {
    const outcome = await this.client.call('GET', '/devices', {
      token,
      timeoutMs: this.options.readTimeoutMs,
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      const body = outcome.body as Partial<ApiDeviceList>;
      if (Array.isArray(body.devices)) return body.devices.map((d) => toDevice(userId, d));
    }
    throw new RemoteCloudError(describeOutcome(outcome));
  }

  /** The device, or null when the API says it is not this user's (404). */
  async get(token: string, userId: string, deviceId: string): Promise<Device | null> {
    const outcome = await this.client.call('GET', `/devices/${encodeURIComponent(deviceId)}`, {
      token,
      timeoutMs: this.options.readTimeoutMs,
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      return toDevice(userId, outcome.body as ApiDevice);
    }
    if (signedError(outcome)?.error === 'not_found') return null;
    throw new RemoteCloudError(describeOutcome(outcome));
  }

  async execute(token: string, userId: string, deviceId: string, command: DeviceCommand): Promise<Device> {
    const outcome = await this.client.call('POST', `/devices/${encodeURIComponent(deviceId)}/commands`, {
      token,
      body: { name: command.name, params: command.params },
      timeoutMs: this.options.commandTimeoutMs,
    });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200) {
      return toDevice(userId, outcome.body as ApiDevice);
    }
    const err = signedError(outcome);
    if (err?.error === 'not_found') throw new NoSuchDeviceError(deviceId);
    if (err?.error === 'device_unreachable') {
      throw new DeviceUnreachableError(deviceId, err.reason === 'offline' ? 'offline' : 'timeout');
    }
    if (err?.error === 'invalid_value')
      throw new DeviceValueError(deviceId, err.error_description, err.validRange);
    throw new RemoteCloudError(describeOutcome(outcome));
  }
}
