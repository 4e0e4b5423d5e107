import type { SkillCase } from '../case.ts';
import { liveTv, playingTv } from '../../video/fixtures.ts';

const NS = 'Alexa.SeekController';
const seek = (deltaPositionMilliseconds: unknown) =>
  [NS, 'AdjustSeekPosition', { endpointId: 'tv', payload: { deltaPositionMilliseconds } }] as [
    string,
    string,
    object,
  ];

// The positionMilliseconds in the payload is checked in test/video/seek.test.ts.
export const cases: SkillCase[] = [
  {
    name: 'AdjustSeekPosition answers with an Alexa.SeekController StateReport',
    directive: seek(60_000),
    devices: [playingTv('mv-paper-moons', 30_000)],
    expect: { namespace: NS, name: 'StateReport' },
    command: { name: 'seek', params: { deltaMs: 60_000 } },
  },
  {
    name: 'seeking back past the start is allowed (the position stops at 0)',
    directive: seek(-600_000),
    devices: [playingTv('mv-paper-moons', 30_000)],
    expect: { namespace: NS, name: 'StateReport' },
    command: { name: 'seek', params: { deltaMs: -600_000 } },
  },
  {
    name: 'live TV cannot be seeked: Alexa.Video ACTION_NOT_PERMITTED_FOR_CONTENT',
    directive: seek(30_000),
    devices: [liveTv()],
    expect: {
      namespace: 'Alexa.Video',
      name: 'ErrorResponse',
      error: { type: 'ACTION_NOT_PERMITTED_FOR_CONTENT' },
    },
    command: null,
  },
  {
    name: 'a fractional delta is INVALID_DIRECTIVE',
    directive: seek(1.5),
    devices: [playingTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a delta beyond a day is VALUE_OUT_OF_RANGE',
    directive: seek(90_000_000),
    devices: [playingTv()],
    expect: {
      name: 'ErrorResponse',
      error: {
        type: 'VALUE_OUT_OF_RANGE',
        validRange: { minimumValue: -86_400_000, maximumValue: 86_400_000 },
      },
    },
    command: null,
  },
];
