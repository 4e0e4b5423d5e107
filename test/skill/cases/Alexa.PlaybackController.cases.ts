import type { SkillCase } from '../case.ts';
import { liveTv, playingTv, roomSeed } from '../../video/fixtures.ts';

const NS = 'Alexa.PlaybackController';
const state = (s: string) => ({
  namespace: 'Alexa.PlaybackStateReporter',
  name: 'playbackState',
  value: { state: s },
});
const op = (name: string, endpointId = 'tv') => [NS, name, { endpointId }] as [string, string, object];
const paused = () => playingTv('mv-paper-moons', 30_000, { playback: { state: 'PAUSED' } });

export const cases: SkillCase[] = [
  {
    name: 'Play resumes and reports PLAYING',
    directive: op('Play'),
    devices: [paused()],
    expect: { name: 'Response', properties: [state('PLAYING')] },
    command: { name: 'playback', params: { operation: 'Play' } },
  },
  {
    name: 'Pause reports PAUSED',
    directive: op('Pause'),
    devices: [playingTv()],
    expect: { name: 'Response', properties: [state('PAUSED')] },
    command: { name: 'playback', params: { operation: 'Pause' } },
  },
  {
    name: 'Stop reports STOPPED',
    directive: op('Stop'),
    devices: [playingTv()],
    expect: { name: 'Response', properties: [state('STOPPED')] },
    command: { name: 'playback', params: { operation: 'Stop' } },
  },
  {
    name: 'StartOver plays from the beginning',
    directive: op('StartOver'),
    devices: [paused()],
    expect: { name: 'Response', properties: [state('PLAYING')] },
    command: { name: 'playback', params: { operation: 'StartOver' } },
  },
  {
    name: 'Next goes to the next episode and keeps playing',
    directive: op('Next'),
    devices: [playingTv('tv-harbor-lights-s01e03')],
    expect: { name: 'Response', properties: [state('PLAYING')] },
    command: { name: 'playback', params: { operation: 'Next' } },
  },
  {
    name: 'Previous on live TV goes one channel down',
    directive: op('Previous'),
    devices: [liveTv('7')],
    expect: {
      name: 'Response',
      properties: [
        state('PLAYING'),
        {
          namespace: 'Alexa.ChannelController',
          name: 'channel',
          value: { number: '4', callSign: 'KHBR', affiliateCallSign: 'HBN' },
        },
      ],
    },
    command: { name: 'playback', params: { operation: 'Previous' } },
  },
  {
    name: 'Rewind plays from 10 s earlier',
    directive: op('Rewind'),
    devices: [paused()],
    expect: { name: 'Response', properties: [state('PLAYING')] },
    command: { name: 'playback', params: { operation: 'Rewind' } },
  },
  {
    name: 'FastForward plays from 10 s later',
    directive: op('FastForward'),
    devices: [playingTv()],
    expect: { name: 'Response', properties: [state('PLAYING')] },
    command: { name: 'playback', params: { operation: 'FastForward' } },
  },
  {
    name: 'an operation not in supportedOperations is INVALID_DIRECTIVE',
    directive: op('Shuffle'),
    devices: [playingTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a meeting room does not take playback directives',
    directive: op('Play', 'room'),
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
