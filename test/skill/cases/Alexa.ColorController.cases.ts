import type { SkillCase } from '../case.ts';

const NS = 'Alexa.ColorController';

export const cases: SkillCase[] = [
  {
    name: 'SetColor sets hue, saturation and brightness and turns the light on',
    directive: [
      NS,
      'SetColor',
      { payload: { color: { hue: 350.5, saturation: 0.7138, brightness: 0.6524 } } },
    ],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'color', value: { hue: 350.5, saturation: 0.7138, brightness: 0.6524 } },
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
      ],
    },
    command: { name: 'setColor', params: { hue: 350.5, saturation: 0.7138, brightness: 0.6524 } },
  },
  {
    name: 'a hue past 360 is VALUE_OUT_OF_RANGE',
    directive: [NS, 'SetColor', { payload: { color: { hue: 400, saturation: 1, brightness: 1 } } }],
    expect: {
      name: 'ErrorResponse',
      error: { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: 0, maximumValue: 360 } },
    },
  },
  {
    name: 'a color without saturation is INVALID_DIRECTIVE',
    directive: [NS, 'SetColor', { payload: { color: { hue: 10, brightness: 1 } } }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a color that is not an object is INVALID_DIRECTIVE',
    directive: [NS, 'SetColor', { payload: { color: 'red' } }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
