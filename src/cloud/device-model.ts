// What a device is, independent of how it is reached. State shapes per type live with the device
// type (src/devices/<type>.ts); here state is an open record so the store stays one table.

export const DEVICE_TYPES = ['light', 'tv', 'meeting-room'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export type DeviceState = Record<string, unknown>;

export interface Device {
  /** Also the Alexa endpointId: letters, digits and - only. */
  id: string;
  userId: string;
  type: DeviceType;
  name: string;
  state: DeviceState;
  online: boolean;
  createdAt: number;
  /** When the state last changed (the timeOfSample of reported properties). */
  updatedAt: number;
}

/** A command for a device, named after the action (e.g. setPower, adjustBrightness), with its parameters. */
export interface DeviceCommand {
  name: string;
  params: Record<string, unknown>;
}

export function isDeviceType(value: string): value is DeviceType {
  return (DEVICE_TYPES as readonly string[]).includes(value);
}
