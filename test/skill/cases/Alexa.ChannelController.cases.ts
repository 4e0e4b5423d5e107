import type { SkillCase } from '../case.ts';
import { liveTv, roomSeed, tvSeed } from '../../video/fixtures.ts';

const NS = 'Alexa.ChannelController';
const tv = { endpointId: 'tv' };
const change = (channel: Record<string, unknown>, channelMetadata?: Record<string, unknown>) =>
  [NS, 'ChangeChannel', { ...tv, payload: { channel, ...(channelMetadata ? { channelMetadata } : {}) } }] as [
    string,
    string,
    object,
  ];

export const cases: SkillCase[] = [
  {
    name: 'ChangeChannel by number tunes the channel, turns the TV on and reports channel',
    directive: change({ number: '7' }),
    devices: [tvSeed()],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: NS,
          name: 'channel',
          value: { number: '7', callSign: 'KSKY', affiliateCallSign: 'SKB' },
        },
        { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
        { namespace: 'Alexa.PlaybackStateReporter', name: 'playbackState', value: { state: 'PLAYING' } },
        { namespace: 'Alexa.InputController', name: 'input', value: 'TV' },
      ],
    },
    command: { name: 'setChannel', params: { number: '7' } },
  },
  {
    name: 'ChangeChannel by call sign',
    directive: change({ callSign: 'KEDU' }),
    devices: [liveTv('2')],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: NS,
          name: 'channel',
          value: { number: '13.1', callSign: 'KEDU', affiliateCallSign: 'PEN' },
        },
      ],
    },
    command: { name: 'setChannel', params: { number: '13.1' } },
  },
  {
    name: 'ChangeChannel by affiliate call sign',
    directive: change({ affiliateCallSign: 'HBN' }),
    devices: [liveTv('2')],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: NS,
          name: 'channel',
          value: { number: '4', callSign: 'KHBR', affiliateCallSign: 'HBN' },
        },
      ],
    },
    command: { name: 'setChannel', params: { number: '4' } },
  },
  {
    name: 'ChangeChannel by name (channelMetadata); a channel without affiliate reports none',
    directive: change({}, { name: 'stadium sports' }),
    devices: [liveTv('2')],
    expect: {
      name: 'Response',
      properties: [{ namespace: NS, name: 'channel', value: { number: '206', callSign: 'SPRT' } }],
    },
    command: { name: 'setChannel', params: { number: '206' } },
  },
  {
    name: 'a channel outside the line-up is INVALID_VALUE and nothing is executed',
    directive: change({ number: '12345' }),
    devices: [liveTv('2')],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'a channel the plan does not include is Alexa.Video NOT_SUBSCRIBED',
    directive: change({ number: '501' }),
    devices: [liveTv('2')],
    expect: { namespace: 'Alexa.Video', name: 'ErrorResponse', error: { type: 'NOT_SUBSCRIBED' } },
    command: null,
  },
  {
    name: 'ChangeChannel without a channel object is INVALID_DIRECTIVE',
    directive: [NS, 'ChangeChannel', { ...tv, payload: {} }],
    devices: [liveTv('2')],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'ChangeChannel naming nothing is INVALID_DIRECTIVE',
    directive: change({ uri: 'entity://provider/channel/1' }),
    devices: [liveTv('2')],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'SkipChannels moves up through subscribed channels',
    directive: [NS, 'SkipChannels', { ...tv, payload: { channelCount: 2 } }],
    devices: [liveTv('2')],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: NS,
          name: 'channel',
          value: { number: '7', callSign: 'KSKY', affiliateCallSign: 'SKB' },
        },
      ],
    },
    command: { name: 'skipChannels', params: { count: 2 } },
  },
  {
    name: 'SkipChannels down from the first channel wraps to the last',
    directive: [NS, 'SkipChannels', { ...tv, payload: { channelCount: -1 } }],
    devices: [liveTv('2')],
    expect: {
      name: 'Response',
      properties: [{ namespace: NS, name: 'channel', value: { number: '999', callSign: 'PPV1' } }],
    },
  },
  {
    name: 'SkipChannels beyond ±100 is VALUE_OUT_OF_RANGE with the range',
    directive: [NS, 'SkipChannels', { ...tv, payload: { channelCount: 500 } }],
    devices: [liveTv('2')],
    expect: {
      name: 'ErrorResponse',
      error: { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: -100, maximumValue: 100 } },
    },
  },
  {
    name: 'SkipChannels with a fractional count is INVALID_DIRECTIVE',
    directive: [NS, 'SkipChannels', { ...tv, payload: { channelCount: 1.5 } }],
    devices: [liveTv('2')],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a meeting room does not take ChangeChannel',
    directive: [NS, 'ChangeChannel', { endpointId: 'room', payload: { channel: { number: '7' } } }],
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'the TV of another user is NO_SUCH_ENDPOINT',
    directive: change({ number: '7' }),
    devices: [{ ...tvSeed(), userId: 'user-b' }],
    expect: { name: 'ErrorResponse', error: { type: 'NO_SUCH_ENDPOINT' } },
    command: null,
  },
  {
    name: 'a TV the gateway knows is offline is ENDPOINT_UNREACHABLE',
    directive: change({ number: '7' }),
    devices: [{ ...tvSeed(), online: false }],
    tracksConnectivity: true,
    expect: { name: 'ErrorResponse', error: { type: 'ENDPOINT_UNREACHABLE' } },
  },
];
