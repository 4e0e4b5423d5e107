import type { SkillCase } from '../case.ts';
import { liveTv } from '../../video/fixtures.ts';

const NS = 'Alexa.Launcher';
const launch = (payload: Record<string, unknown>) =>
  [NS, 'LaunchTarget', { endpointId: 'tv', payload }] as [string, string, object];

export const cases: SkillCase[] = [
  {
    name: 'LaunchTarget by identifier opens the app and reports target',
    directive: launch({ identifier: 'mylights.app.streamflix', name: 'StreamFlix' }),
    devices: [liveTv()],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: NS,
          name: 'target',
          value: { identifier: 'mylights.app.streamflix', name: 'StreamFlix' },
        },
      ],
    },
    command: { name: 'launch', params: { identifier: 'mylights.app.streamflix' } },
  },
  {
    name: 'LaunchTarget with an identifier we do not know falls back to the name',
    directive: launch({ identifier: 'amzn1.alexa-ask-target.app.00000', name: 'tubeview' }),
    devices: [liveTv('2', { powerState: 'OFF' })],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'target', value: { identifier: 'mylights.app.tubeview', name: 'TubeView' } },
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
      ],
    },
    command: { name: 'launch', params: { identifier: 'mylights.app.tubeview' } },
  },
  {
    name: 'an app the TV does not have is INVALID_VALUE and nothing is executed',
    directive: launch({ identifier: 'amzn1.alexa-ask-target.app.99999', name: 'Nope TV' }),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'a non-string identifier is INVALID_DIRECTIVE',
    directive: launch({ identifier: 42 }),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
