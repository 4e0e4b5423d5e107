import type { SkillCase } from '../case.ts';
import { liveTv } from '../../video/fixtures.ts';

const NS = 'Alexa.RemoteVideoPlayer';
type Entity = { type: string; value: string };
const search = (name: string, entities: unknown) =>
  [
    NS,
    name,
    {
      endpointId: 'tv',
      payload: {
        entities,
        timeWindow: { start: '2026-11-01T00:00:00+00:00', end: '2026-12-01T00:00:00+00:00' },
      },
    },
  ] as [string, string, object];
const play = (...entities: Entity[]) => search('SearchAndPlay', entities);
const show = (...entities: Entity[]) => search('SearchAndDisplayResults', entities);
const playing = {
  namespace: 'Alexa.PlaybackStateReporter',
  name: 'playbackState',
  value: { state: 'PLAYING' },
};
const videoError = (type: string) => ({ namespace: 'Alexa.Video', name: 'ErrorResponse', error: { type } });

export const cases: SkillCase[] = [
  {
    name: 'SearchAndPlay a movie by title plays it',
    directive: play({ type: 'Video', value: 'the lighthouse keeper' }),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [playing] },
    command: { name: 'playContent', params: { contentId: 'mv-lighthouse-keeper' } },
  },
  {
    name: 'SearchAndPlay a series with season and episode plays that episode',
    directive: play(
      { type: 'Video', value: 'Harbor Lights' },
      { type: 'Season', value: '2' },
      { type: 'Episode', value: '1' },
    ),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [playing] },
    command: { name: 'playContent', params: { contentId: 'tv-harbor-lights-s02e01' } },
  },
  {
    name: 'SearchAndPlay a genre plays the newest match',
    directive: play({ type: 'Genre', value: 'Comedy' }),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [playing] },
    command: { name: 'playContent', params: { contentId: 'tv-office-hours-s01e01' } },
  },
  {
    name: 'SearchAndPlay by actor and media type',
    directive: play(
      { type: 'Actor', value: 'Ada Quill' },
      { type: 'MediaType', value: 'Movie' },
      { type: 'Genre', value: 'Drama' },
    ),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [playing] },
    command: { name: 'playContent', params: { contentId: 'mv-lighthouse-keeper' } },
  },
  {
    name: 'SearchAndPlay a channel tunes it',
    directive: play({ type: 'Channel', value: 'Skyline Broadcasting' }),
    devices: [liveTv()],
    expect: {
      name: 'Response',
      properties: [
        {
          namespace: 'Alexa.ChannelController',
          name: 'channel',
          value: { number: '7', callSign: 'KSKY', affiliateCallSign: 'SKB' },
        },
      ],
    },
    command: { name: 'setChannel', params: { number: '7' } },
  },
  {
    name: 'SearchAndPlay with no result is Alexa.Video CONTENT_NOT_FOUND',
    directive: play({ type: 'Video', value: 'Nothing Like This' }),
    devices: [liveTv()],
    expect: videoError('CONTENT_NOT_FOUND'),
    command: null,
  },
  {
    name: 'SearchAndPlay with only entities we do not catalogue is CONTENT_NOT_FOUND',
    directive: play({ type: 'SportsTeam', value: 'Harbor City FC' }),
    devices: [liveTv()],
    expect: videoError('CONTENT_NOT_FOUND'),
    command: null,
  },
  {
    name: 'SearchAndPlay an episode that does not exist is CONTENT_NOT_FOUND',
    directive: play({ type: 'Video', value: 'Harbor Lights' }, { type: 'Season', value: '9' }),
    devices: [liveTv()],
    expect: videoError('CONTENT_NOT_FOUND'),
    command: null,
  },
  {
    name: 'SearchAndPlay a title shared by a movie and a series is TITLE_DISAMBIGUATION_REQUIRED',
    directive: play({ type: 'Video', value: 'Northern Star' }),
    devices: [liveTv()],
    expect: videoError('TITLE_DISAMBIGUATION_REQUIRED'),
    command: null,
  },
  {
    name: 'SearchAndPlay content outside the plan is NOT_SUBSCRIBED',
    directive: play({ type: 'Video', value: 'Crown of Ash' }),
    devices: [liveTv()],
    expect: videoError('NOT_SUBSCRIBED'),
    command: null,
  },
  {
    name: 'SearchAndDisplayResults shows every match, newest first',
    directive: show({ type: 'Actor', value: 'Jun Okada' }),
    devices: [liveTv()],
    expect: { name: 'Response' },
    command: {
      name: 'showResults',
      params: {
        query: 'Jun Okada',
        workIds: [
          'mv-midnight-circuit-2',
          'tv-northern-star',
          'mv-midnight-circuit',
          'tv-office-hours',
          'mv-paper-moons',
        ],
      },
    },
  },
  {
    name: 'SearchAndDisplayResults of an ambiguous title lists both (the screen disambiguates)',
    directive: show({ type: 'Video', value: 'Northern Star' }),
    devices: [liveTv()],
    expect: { name: 'Response' },
    command: {
      name: 'showResults',
      params: { query: 'Northern Star', workIds: ['tv-northern-star', 'mv-northern-star-2008'] },
    },
  },
  {
    name: 'SearchAndDisplayResults with no result is CONTENT_NOT_FOUND',
    directive: show({ type: 'Genre', value: 'Opera' }),
    devices: [liveTv()],
    expect: videoError('CONTENT_NOT_FOUND'),
    command: null,
  },
  {
    name: 'a search without entities is INVALID_DIRECTIVE',
    directive: search('SearchAndPlay', []),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'an entity without a value is INVALID_DIRECTIVE',
    directive: search('SearchAndDisplayResults', [{ type: 'Video' }]),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
