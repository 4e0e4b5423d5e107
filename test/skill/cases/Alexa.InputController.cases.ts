import type { SkillCase } from '../case.ts';
import { liveTv } from '../../video/fixtures.ts';

const NS = 'Alexa.InputController';
const select = (input: unknown) =>
  [NS, 'SelectInput', { endpointId: 'tv', payload: { input } }] as [string, string, object];

export const cases: SkillCase[] = [
  {
    name: 'SelectInput "HDMI1" selects HDMI 1 and reports input',
    directive: select('HDMI1'),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'input', value: 'HDMI 1' }] },
    command: { name: 'selectInput', params: { input: 'HDMI 1' } },
  },
  {
    name: 'SelectInput ignores case and spacing',
    directive: select('hdmi 3'),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'input', value: 'HDMI 3' }] },
    command: { name: 'selectInput', params: { input: 'HDMI 3' } },
  },
  {
    name: 'SelectInput turns the TV on',
    directive: select('TV'),
    devices: [liveTv('2', { powerState: 'OFF', input: 'HDMI 2' })],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'input', value: 'TV' },
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
      ],
    },
  },
  {
    name: 'an input the TV lacks is INVALID_VALUE and nothing is executed',
    directive: select('HDMI 9'),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'SelectInput without an input is INVALID_DIRECTIVE',
    directive: select(undefined),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
