// One table of device types: default state and command reducer. Adding a type is adding a file and a line.
import type { DeviceCommand, DeviceState, DeviceType } from '../cloud/device-model.ts';
import { applyLightCommand, defaultLightState, LIGHT_STATE_SCHEMA, type LightState } from './light.ts';
import { applyTvCommand, defaultTvState, TV_STATE_SCHEMA, type TvState } from './tv.ts';
import {
  applyMeetingRoomCommand,
  defaultMeetingRoomState,
  MEETING_ROOM_STATE_SCHEMA,
  type MeetingRoomState,
} from './meeting-room.ts';
import { stateValidator } from './state-validator.ts';

export interface DeviceTypeSpec {
  defaultState(): DeviceState;
  apply(deviceId: string, state: DeviceState, command: DeviceCommand): DeviceState;
  /** Why `state` is not a whole, valid state of this type (a path and a rule, never a value), or null. */
  validState(state: unknown): string | null;
}

export const deviceTypes: Partial<Record<DeviceType, DeviceTypeSpec>> = {
  light: {
    defaultState: () => ({ ...defaultLightState() }),
    apply: (id, state, command) => ({ ...applyLightCommand(id, state as unknown as LightState, command) }),
    validState: stateValidator(LIGHT_STATE_SCHEMA),
  },
  tv: {
    defaultState: () => ({ ...defaultTvState() }),
    apply: (id, state, command) => ({ ...applyTvCommand(id, state as unknown as TvState, command) }),
    validState: stateValidator(TV_STATE_SCHEMA),
  },
  'meeting-room': {
    defaultState: () => ({ ...defaultMeetingRoomState() }),
    apply: (id, state, command) => ({
      ...applyMeetingRoomCommand(id, state as unknown as MeetingRoomState, command),
    }),
    validState: stateValidator(MEETING_ROOM_STATE_SCHEMA),
  },
};

export function deviceTypeSpec(type: DeviceType): DeviceTypeSpec {
  const spec = deviceTypes[type];
  if (!spec) throw new Error(`device type ${type} is not available yet`);
  return spec;
}
