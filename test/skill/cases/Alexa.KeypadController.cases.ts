import type { SkillCase } from '../case.ts';
import { liveTv, tvSeed } from '../../video/fixtures.ts';

const NS = 'Alexa.KeypadController';
const key = (keystroke: unknown) =>
  [NS, 'SendKeystroke', { endpointId: 'tv', payload: { keystroke } }] as [string, string, object];
const results = () =>
  tvSeed({
    powerState: 'ON',
    screen: { view: 'results', query: 'comedy', results: ['tv-office-hours', 'mv-paper-moons'], focus: 0 },
  });

export const cases: SkillCase[] = [
  {
    name: 'SendKeystroke RIGHT moves the focus on a results screen',
    directive: key('RIGHT'),
    devices: [results()],
    expect: { name: 'Response' },
    command: { name: 'keystroke', params: { key: 'RIGHT' } },
  },
  {
    name: 'SendKeystroke SELECT plays the focused title',
    directive: key('SELECT'),
    devices: [results()],
    expect: {
      name: 'Response',
      properties: [
        { namespace: 'Alexa.PlaybackStateReporter', name: 'playbackState', value: { state: 'PLAYING' } },
      ],
    },
    command: { name: 'keystroke', params: { key: 'SELECT' } },
  },
  {
    name: 'a keystroke Alexa does not define is INVALID_VALUE',
    directive: key('HOME'),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'SendKeystroke without a keystroke is INVALID_DIRECTIVE',
    directive: key(undefined),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
