import {
  DeviceFaultError,
  DeviceUnreachableError,
  DeviceValueError,
  NoSuchDeviceError,
} from '../../device-errors.ts';
import type { ApiCommand, ApiDevice } from '../contract.ts';
import { DEVICE_SCOPE } from '../contract.ts';
import { apiError, type ApiRoute } from '../route.ts';
import { commandSchema, deviceIdParams, deviceSchema } from '../schemas.ts';
import { toApiDevice } from './devices.ts';

/** Sends a command to the device and answers with the device as it acknowledged it. */
export const postCommand: ApiRoute = {
  method: 'POST',
  path: '/devices/:id/commands',
  operationId: 'sendCommand',
  summary: "Send a command to one of the caller's devices; answers with the acknowledged state",
  scope: DEVICE_SCOPE,
  params: deviceIdParams,
  body: commandSchema,
  errors: [404, 422, 502, 504],
  success: { status: 200, description: 'The device as it is after the command.', schema: deviceSchema },
  async handler({ app, caller, params, body }): Promise<ApiDevice> {
    const command = body as ApiCommand;
    const device = await app.devices.get(caller.userId, params.id!);
    if (!device) throw apiError(404, 'not_found', `no device ${params.id} for this user`);
    try {
      return toApiDevice(
        await app.deviceControl.execute(device, { name: command.name, params: command.params ?? {} }),
        app,
      );
    } catch (err) {
      if (err instanceof NoSuchDeviceError) throw apiError(404, 'not_found', err.message);
      if (err instanceof DeviceValueError) {
        throw apiError(
          422,
          'invalid_value',
          err.message,
          err.validRange ? { validRange: err.validRange } : {},
        );
      }
      if (err instanceof DeviceUnreachableError) {
        throw apiError(err.why === 'timeout' ? 504 : 502, 'device_unreachable', err.message, {
          reason: err.why,
        });
      }
      // The device answered and failed: a bad gateway in HTTP's words, not a fault of the API (decision 0705).
      if (err instanceof DeviceFaultError)
        throw apiError(502, 'device_fault', err.message, { reason: err.why });
      throw err;
    }
  },
};
