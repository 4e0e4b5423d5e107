import type { SkillCase } from '../case.ts';

const NS = 'Alexa.PowerController';

export const cases: SkillCase[] = [
  {
    name: 'TurnOn switches the light on and reports powerState ON',
    directive: [NS, 'TurnOn'],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'powerState', value: 'ON' }] },
    command: { name: 'setPower', params: { powerState: 'ON' } },
  },
  {
    name: 'TurnOff switches the light off',
    directive: [NS, 'TurnOff'],
    devices: [{ id: 'lamp', state: { powerState: 'ON' } }],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'powerState', value: 'OFF' },
        { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' } },
      ],
    },
    command: { name: 'setPower', params: { powerState: 'OFF' } },
  },
  {
    name: "another user's endpoint is NO_SUCH_ENDPOINT and nothing is executed",
    directive: [NS, 'TurnOn', { endpointId: 'their-lamp' }],
    expect: { name: 'ErrorResponse', error: { type: 'NO_SUCH_ENDPOINT' } },
    command: null,
  },
  {
    name: 'an unknown endpoint is NO_SUCH_ENDPOINT',
    directive: [NS, 'TurnOn', { endpointId: 'gone' }],
    expect: { name: 'ErrorResponse', error: { type: 'NO_SUCH_ENDPOINT' } },
    command: null,
  },
  {
    name: 'a device the gateway knows is offline is ENDPOINT_UNREACHABLE',
    directive: [NS, 'TurnOn'],
    devices: [{ id: 'lamp', online: false }],
    tracksConnectivity: true,
    expect: { name: 'ErrorResponse', error: { type: 'ENDPOINT_UNREACHABLE' } },
  },
  {
    name: 'without connectivity tracking an "offline" flag does not block control',
    directive: [NS, 'TurnOn'],
    devices: [{ id: 'lamp', online: false }],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'powerState', value: 'ON' }] },
    command: { name: 'setPower', params: { powerState: 'ON' } },
  },
  {
    name: 'a missing scope is INVALID_DIRECTIVE and nothing is executed',
    directive: [NS, 'TurnOn', { token: null }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'an unknown scope type is INVALID_DIRECTIVE',
    directive: [NS, 'TurnOn', { scope: { type: 'Cookie', token: 'x' } }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
  },
  {
    name: 'a BearerTokenWithPartition scope is accepted',
    directive: [
      NS,
      'TurnOn',
      {
        scope: { type: 'BearerTokenWithPartition', token: 'token-of-user-a', partition: 'p1', userId: 'u1' },
      },
    ],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'powerState', value: 'ON' }] },
  },
  {
    name: 'a garbage token is INVALID_AUTHORIZATION_CREDENTIAL',
    directive: [NS, 'TurnOn', { token: 'garbage!!' }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_AUTHORIZATION_CREDENTIAL' } },
    command: null,
  },
  {
    name: 'an unknown directive name in a known namespace is INVALID_DIRECTIVE',
    directive: [NS, 'Toggle'],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
  },
  {
    name: 'a device without a power state does not take TurnOn',
    directive: [NS, 'TurnOn', { endpointId: 'room' }],
    devices: [{ id: 'room', type: 'meeting-room', state: {} }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
