import type { SkillCase } from '../case.ts';

const NS = 'Alexa.ColorTemperatureController';

export const cases: SkillCase[] = [
  {
    name: 'SetColorTemperature sets the white temperature',
    directive: [NS, 'SetColorTemperature', { payload: { colorTemperatureInKelvin: 5000 } }],
    expect: {
      name: 'Response',
      properties: [{ namespace: NS, name: 'colorTemperatureInKelvin', value: 5000 }],
    },
    command: { name: 'setColorTemperature', params: { colorTemperatureInKelvin: 5000 } },
  },
  {
    name: 'IncreaseColorTemperature makes it cooler by one step',
    directive: [NS, 'IncreaseColorTemperature'],
    devices: [{ id: 'lamp', state: { colorTemperatureInKelvin: 2700 } }],
    expect: {
      name: 'Response',
      properties: [{ namespace: NS, name: 'colorTemperatureInKelvin', value: 3200 }],
    },
    command: { name: 'adjustColorTemperature', params: { steps: 1 } },
  },
  {
    name: 'DecreaseColorTemperature makes it warmer and stops at the warmest',
    directive: [NS, 'DecreaseColorTemperature'],
    devices: [{ id: 'lamp', state: { colorTemperatureInKelvin: 2400 } }],
    expect: {
      name: 'Response',
      properties: [{ namespace: NS, name: 'colorTemperatureInKelvin', value: 2200 }],
    },
    command: { name: 'adjustColorTemperature', params: { steps: -1 } },
  },
  {
    name: 'a temperature the light cannot make is VALUE_OUT_OF_RANGE with its range',
    directive: [NS, 'SetColorTemperature', { payload: { colorTemperatureInKelvin: 9000 } }],
    expect: {
      name: 'ErrorResponse',
      error: { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: 2200, maximumValue: 7000 } },
    },
  },
];
