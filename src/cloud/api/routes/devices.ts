import type { App } from '../../../app.ts';
import { DirectDeviceControl } from '../../device-control.ts';
import type { Device } from '../../device-model.ts';
import type { ApiDevice, ApiDeviceList } from '../contract.ts';
import { DEVICE_SCOPE } from '../contract.ts';
import { apiError, type ApiRoute } from '../route.ts';
import { deviceIdParams, deviceListSchema, deviceSchema } from '../schemas.ts';

/**
 * `online` is the cloud's knowledge: without a gateway (commands applied to stored state) a device
 * can never be unreachable, so it is reported online.
 */
export function toApiDevice(d: Device, app: App): ApiDevice {
  return {
    id: d.id,
    type: d.type,
    name: d.name,
    online: app.deviceControl instanceof DirectDeviceControl ? true : d.online,
    state: d.state,
    updatedAt: d.updatedAt,
    createdAt: d.createdAt,
  };
}

/** The caller's endpoints: what Discover needs (id, type → capabilities, name) and their state. */
export const listDevices: ApiRoute = {
  method: 'GET',
  path: '/devices',
  operationId: 'listDevices',
  summary: "The caller's devices (at most 300, Alexa's discovery limit)",
  scope: DEVICE_SCOPE,
  success: { status: 200, description: "The caller's devices.", schema: deviceListSchema },
  async handler({ app, caller }): Promise<ApiDeviceList> {
    return { devices: (await app.devices.list(caller.userId)).map((d) => toApiDevice(d, app)) };
  },
};

export const getDevice: ApiRoute = {
  method: 'GET',
  path: '/devices/:id',
  operationId: 'getDevice',
  summary: "One of the caller's devices with its last known state",
  scope: DEVICE_SCOPE,
  params: deviceIdParams,
  errors: [404],
  success: { status: 200, description: 'The device.', schema: deviceSchema },
  async handler({ app, caller, params }): Promise<ApiDevice> {
    const device = await app.devices.get(caller.userId, params.id!);
    if (!device) throw apiError(404, 'not_found', `no device ${params.id} for this user`);
    return toApiDevice(device, app);
  },
};
