// How a command reaches a device. The gateway implementation goes over MQTT; the direct one applies
// the command to stored state (used when no gateway runs, e.g. in unit tests of the skill).
import type { Device, DeviceCommand } from './device-model.ts';
import type { Devices } from './devices.ts';
import { deviceTypeSpec } from '../devices/types.ts';

export interface DeviceControl {
  /** Sends the command and resolves with the device as it is afterwards (state acknowledged by the device). */
  execute(device: Device, command: DeviceCommand): Promise<Device>;
}

export class DirectDeviceControl implements DeviceControl {
  constructor(private readonly devices: Devices) {}

  async execute(device: Device, command: DeviceCommand): Promise<Device> {
    const state = deviceTypeSpec(device.type).apply(device.id, device.state, command);
    const at = Date.now();
    await this.devices.saveState(device, state, at);
    return { ...device, state, updatedAt: at };
  }
}
