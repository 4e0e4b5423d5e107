import type { SkillCase } from '../case.ts';

const NS = 'Alexa.BrightnessController';

export const cases: SkillCase[] = [
  {
    name: 'SetBrightness sets the level and turns the light on',
    directive: [NS, 'SetBrightness', { payload: { brightness: 42 } }],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'brightness', value: 42 },
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
      ],
    },
    command: { name: 'setBrightness', params: { brightness: 42 } },
  },
  {
    name: 'AdjustBrightness moves the level by the delta and clamps at 100',
    directive: [NS, 'AdjustBrightness', { payload: { brightnessDelta: 30 } }],
    devices: [{ id: 'lamp', state: { brightness: 80 } }],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'brightness', value: 100 }] },
    command: { name: 'adjustBrightness', params: { brightnessDelta: 30 } },
  },
  {
    name: 'AdjustBrightness down',
    directive: [NS, 'AdjustBrightness', { payload: { brightnessDelta: -25 } }],
    devices: [{ id: 'lamp', state: { brightness: 50 } }],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'brightness', value: 25 }] },
  },
  {
    name: 'brightness above 100 is VALUE_OUT_OF_RANGE with the valid range',
    directive: [NS, 'SetBrightness', { payload: { brightness: 150 } }],
    expect: {
      name: 'ErrorResponse',
      error: { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: 0, maximumValue: 100 } },
    },
  },
  {
    name: 'a brightness that is not a number is INVALID_DIRECTIVE',
    directive: [NS, 'SetBrightness', { payload: { brightness: 'bright' } }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a missing brightness is INVALID_DIRECTIVE',
    directive: [NS, 'SetBrightness'],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: "another user's light is NO_SUCH_ENDPOINT",
    directive: [NS, 'SetBrightness', { endpointId: 'their-lamp', payload: { brightness: 10 } }],
    expect: { name: 'ErrorResponse', error: { type: 'NO_SUCH_ENDPOINT' } },
    command: null,
  },
];
