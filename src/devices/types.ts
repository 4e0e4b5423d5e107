// One table of device types: default state and command reducer. Adding a type is adding a file and a line.
import type { DeviceCommand, DeviceState, DeviceType } from '../cloud/device-model.ts';
import { applyLightCommand, defaultLightState, type LightState } from './light.ts';
import { applyTvCommand, defaultTvState, type TvState } from './tv.ts';
import { applyMeetingRoomCommand, defaultMeetingRoomState, type MeetingRoomState } from './meeting-room.ts';

export interface DeviceTypeSpec {
  defaultState(): DeviceState;
  apply(deviceId: string, state: DeviceState, command: DeviceCommand): DeviceState;
}

export const deviceTypes: Partial<Record<DeviceType, DeviceTypeSpec>> = {
  light: {
    defaultState: () => ({ ...defaultLightState() }),
    apply: (id, state, command) => ({ ...applyLightCommand(id, state as unknown as LightState, command) }),
  },
  tv: {
    defaultState: () => ({ ...defaultTvState() }),
    apply: (id, state, command) => ({ ...applyTvCommand(id, state as unknown as TvState, command) }),
  },
  'meeting-room': {
    defaultState: () => ({ ...defaultMeetingRoomState() }),
    apply: (id, state, command) => ({
      ...applyMeetingRoomCommand(id, state as unknown as MeetingRoomState, command),
    }),
  },
};

export function deviceTypeSpec(type: DeviceType): DeviceTypeSpec {
  const spec = deviceTypes[type];
  if (!spec) throw new Error(`device type ${type} is not available yet`);
  return spec;
}
