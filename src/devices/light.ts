// The light: its state, its defaults and how a command changes it. The virtual light and the
// in-process fallback both apply commands through applyLightCommand, so they cannot disagree.
import type { DeviceCommand } from '../cloud/device-model.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';
import { bounds, type StateSchema } from './state-schema.ts';

export interface LightState {
  powerState: 'ON' | 'OFF';
  /** 0..100 */
  brightness: number;
  color: { hue: number; saturation: number; brightness: number };
  /** 1000..10000 */
  colorTemperatureInKelvin: number;
}

export const LIGHT_LIMITS = {
  brightness: { minimumValue: 0, maximumValue: 100 },
  colorTemperatureInKelvin: { minimumValue: 2200, maximumValue: 7000 },
} as const;

const unit = { type: 'number', minimum: 0, maximum: 1 } as const;

/** A light's state as a device may report it; integers where Alexa's properties are integers. */
export const LIGHT_STATE_SCHEMA: StateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['powerState', 'brightness', 'color', 'colorTemperatureInKelvin'],
  properties: {
    powerState: { type: 'string', enum: ['ON', 'OFF'] },
    brightness: { type: 'integer', ...bounds(LIGHT_LIMITS.brightness) },
    color: {
      type: 'object',
      additionalProperties: false,
      required: ['hue', 'saturation', 'brightness'],
      properties: { hue: { type: 'number', minimum: 0, maximum: 360 }, saturation: unit, brightness: unit },
    },
    colorTemperatureInKelvin: { type: 'integer', ...bounds(LIGHT_LIMITS.colorTemperatureInKelvin) },
  },
};

export function defaultLightState(): LightState {
  return {
    powerState: 'OFF',
    brightness: 100,
    color: { hue: 0, saturation: 0, brightness: 1 },
    colorTemperatureInKelvin: 2700,
  };
}

function num(command: DeviceCommand, key: string, deviceId: string): number {
  const v = command.params[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new DeviceValueError(deviceId, `${command.name} needs a numeric ${key}`);
  return v;
}

/** Brightness and colour temperature are integers in Alexa's properties, so in the state too. */
function int(command: DeviceCommand, key: string, deviceId: string): number {
  const v = num(command, key, deviceId);
  if (!Number.isInteger(v)) throw new DeviceValueError(deviceId, `${command.name} needs an integer ${key}`);
  return v;
}

function inRange(
  deviceId: string,
  what: string,
  value: number,
  range: { minimumValue: number; maximumValue: number },
): number {
  if (value < range.minimumValue || value > range.maximumValue) {
    throw new DeviceValueError(
      deviceId,
      `${what} ${value} is outside ${range.minimumValue}..${range.maximumValue}`,
      range,
    );
  }
  return value;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Applies a command to a light's state; throws DeviceValueError for a value the light does not take. */
export function applyLightCommand(deviceId: string, current: LightState, command: DeviceCommand): LightState {
  const s: LightState = { ...current, color: { ...current.color } };
  switch (command.name) {
    case 'setPower': {
      const v = command.params.powerState;
      if (v !== 'ON' && v !== 'OFF') throw new DeviceValueError(deviceId, 'powerState must be ON or OFF');
      s.powerState = v;
      return s;
    }
    case 'setBrightness':
      s.brightness = inRange(
        deviceId,
        'brightness',
        int(command, 'brightness', deviceId),
        LIGHT_LIMITS.brightness,
      );
      if (s.brightness > 0) s.powerState = 'ON';
      return s;
    case 'adjustBrightness': {
      const delta = inRange(deviceId, 'brightnessDelta', int(command, 'brightnessDelta', deviceId), {
        minimumValue: -100,
        maximumValue: 100,
      });
      s.brightness = clamp(s.brightness + delta, 0, 100);
      return s;
    }
    case 'setColor': {
      const hue = inRange(deviceId, 'hue', num(command, 'hue', deviceId), {
        minimumValue: 0,
        maximumValue: 360,
      });
      const saturation = inRange(deviceId, 'saturation', num(command, 'saturation', deviceId), {
        minimumValue: 0,
        maximumValue: 1,
      });
      const brightness = inRange(deviceId, 'brightness', num(command, 'brightness', deviceId), {
        minimumValue: 0,
        maximumValue: 1,
      });
      s.color = { hue, saturation, brightness };
      s.powerState = 'ON';
      return s;
    }
    case 'setColorTemperature':
      s.colorTemperatureInKelvin = inRange(
        deviceId,
        'colorTemperatureInKelvin',
        int(command, 'colorTemperatureInKelvin', deviceId),
        LIGHT_LIMITS.colorTemperatureInKelvin,
      );
      return s;
    case 'adjustColorTemperature': {
      // Alexa's "warmer"/"cooler" steps; 500 K is the customary step.
      const steps = int(command, 'steps', deviceId);
      s.colorTemperatureInKelvin = clamp(
        s.colorTemperatureInKelvin + steps * 500,
        LIGHT_LIMITS.colorTemperatureInKelvin.minimumValue,
        LIGHT_LIMITS.colorTemperatureInKelvin.maximumValue,
      );
      return s;
    }
    default:
      throw new DeviceValueError(deviceId, `a light does not understand ${command.name}`);
  }
}
