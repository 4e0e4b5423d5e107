import type { SkillCase } from '../case.ts';

export const cases: SkillCase[] = [
  {
    name: 'ReportState answers a StateReport with every property of the light',
    directive: ['Alexa', 'ReportState'],
    devices: [{ id: 'lamp', state: { powerState: 'ON', brightness: 70, colorTemperatureInKelvin: 4000 } }],
    expect: {
      name: 'StateReport',
      properties: [
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
        { namespace: 'Alexa.BrightnessController', name: 'brightness', value: 70 },
        {
          namespace: 'Alexa.ColorController',
          name: 'color',
          value: { hue: 0, saturation: 0, brightness: 1 },
        },
        { namespace: 'Alexa.ColorTemperatureController', name: 'colorTemperatureInKelvin', value: 4000 },
        { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' } },
      ],
    },
    command: null,
  },
  {
    name: 'ReportState on a device the gateway knows is offline: StateReport with connectivity UNREACHABLE',
    directive: ['Alexa', 'ReportState'],
    devices: [{ id: 'lamp', online: false }],
    tracksConnectivity: true,
    expect: {
      name: 'StateReport',
      properties: [
        { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'UNREACHABLE' } },
      ],
    },
  },
  {
    name: "ReportState for another user's endpoint is NO_SUCH_ENDPOINT",
    directive: ['Alexa', 'ReportState', { endpointId: 'their-lamp' }],
    expect: { name: 'ErrorResponse', error: { type: 'NO_SUCH_ENDPOINT' } },
  },
  {
    name: 'ReportState without a scope is INVALID_DIRECTIVE',
    directive: ['Alexa', 'ReportState', { token: null }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
  },
  {
    name: 'an unknown namespace is INVALID_DIRECTIVE',
    directive: ['Alexa.ThermostatController', 'SetTargetTemperature'],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
  },
];
