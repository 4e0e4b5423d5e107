// The skill's ports: everything the core needs from the outside world, as interfaces. The all-in-one
// server implements them in-process (in-process.ts); the Lambda shape implements them over HTTP to
// the resource API. Handlers see only these.
import type { Device, DeviceCommand } from '../cloud/device-model.ts';
import type { TokenVerifier } from '../auth/verdict.ts';

export type { Device, DeviceCommand, TokenVerifier };

/**
 * The device cloud as the skill sees it, always on behalf of one user.
 * Errors (from src/cloud/device-errors.ts): NoSuchDeviceError → NO_SUCH_ENDPOINT,
 * DeviceUnreachableError → ENDPOINT_UNREACHABLE, DeviceValueError → VALUE_OUT_OF_RANGE (with its
 * validRange) or INVALID_VALUE. Anything else thrown is INTERNAL_ERROR.
 */
export interface SkillCloud {
  /** The user's devices, in a stable order. */
  listDevices(userId: string): Promise<Device[]>;
  /** The device if this user owns it; null otherwise (another user's device is as good as absent). */
  getDevice(userId: string, endpointId: string): Promise<Device | null>;
  /**
   * Carries out the command on a device getDevice() returned for this user in the same directive
   * (passing it saves the adapter a second read on the hot path), and resolves with the device as it
   * is afterwards.
   */
  execute(userId: string, device: Device, command: DeviceCommand): Promise<Device>;
  /**
   * True when `device.online` is real knowledge (devices reach the cloud through a gateway that
   * tracks their connection); false when commands apply to stored state directly and a device can
   * never be unreachable. Decides whether ReportState may report EndpointHealth UNREACHABLE.
   */
  readonly tracksConnectivity: boolean;
}

/** The user a valid verdict names. */
export interface SkillUser {
  userId: string;
  clientId: string;
  scopes: string[];
  grantId: string;
}

/** Milliseconds since the epoch; a port so tests can pin time. */
export type Clock = () => number;
