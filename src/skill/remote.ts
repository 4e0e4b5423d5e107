// The Lambda shape's adapters for the skill's ports: the verifier and the device cloud are HTTP
// calls to the resource API. One SkillCloud per directive, bound to the directive's token and to
// Alexa's time budget; the verdict cache lives across the warm container's invocations.
import type { Device, DeviceCommand } from '../cloud/device-model.ts';
import { RemoteDeviceCloud, RemoteTokenRejected, type CallFor } from '../cloud/remote-cloud.ts';
import type { SkillCloud } from './ports.ts';
import { VerdictRejection } from './funnel.ts';

async function asVerdict<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    // The API's signed 401 is a verdict on the token, like the verifier's.
    if (err instanceof RemoteTokenRejected) throw new VerdictRejection(err.verdict);
    throw err;
  }
}

/** The device cloud for one directive, on behalf of the token's holder. */
export function remoteCloudFor(cloud: RemoteDeviceCloud, token: string, deadlineAt: number): SkillCloud {
  const who = (userId: string): CallFor => ({ token, userId, deadlineAt });
  return {
    listDevices: (userId): Promise<Device[]> => asVerdict(cloud.list(who(userId))),
    getDevice: (userId, endpointId): Promise<Device | null> => asVerdict(cloud.get(who(userId), endpointId)),
    execute: (userId, device, command: DeviceCommand): Promise<Device> =>
      asVerdict(cloud.execute(who(userId), device.id, command)),
    // The API reports `online` as the cloud knows it (always online when no gateway tracks devices).
    tracksConnectivity: true,
  };
}
