// Which devices the light interfaces apply to, and their state as a LightState.
import type { LightState } from '../../devices/light.ts';
import type { Device } from '../ports.ts';

export function isLight(device: Device): boolean {
  return device.type === 'light';
}

export function lightState(device: Device): LightState {
  return device.state as unknown as LightState;
}
