import type { SkillCase } from '../case.ts';
import { PARTITION_SCOPE, eventAround, liveTv, roomSeed } from '../../video/fixtures.ts';

const NS = 'Alexa.MeetingClientController';
const meeting = {
  provider: 'Amazon Chime',
  protocol: 'SIP',
  endpoint: 'meet.example.com',
  id: '1234567',
  pin: '7654321',
};
const d = (name: string, payload: Record<string, unknown> = {}, endpointId = 'room') =>
  [NS, name, { endpointId, scope: PARTITION_SCOPE, payload }] as [string, string, object];
const calendar = [
  eventAround(),
  { ...eventAround(Date.now() + 3 * 3600_000, 'evt-later'), subject: 'Later' },
];

export const cases: SkillCase[] = [
  {
    name: 'JoinMeeting joins the meeting given (the PIN reaches the device only)',
    directive: d('JoinMeeting', { meeting }),
    devices: [roomSeed()],
    expect: {
      name: 'Response',
      properties: [{ namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' } }],
    },
    command: {
      name: 'joinMeeting',
      params: {
        provider: 'Amazon Chime',
        protocol: 'SIP',
        endpoint: 'meet.example.com',
        meetingId: '1234567',
        pin: '7654321',
      },
    },
  },
  {
    name: 'JoinMeeting over H323 without id or PIN',
    directive: d('JoinMeeting', { meeting: { provider: 'Zoom', protocol: 'H323', endpoint: '192.0.2.10' } }),
    devices: [roomSeed()],
    expect: { name: 'Response' },
    command: {
      name: 'joinMeeting',
      params: { provider: 'Zoom', protocol: 'H323', endpoint: '192.0.2.10', meetingId: null },
    },
  },
  {
    name: "a partition scope without userId (as in Amazon's Calendar example) is accepted",
    directive: [
      NS,
      'JoinMeeting',
      {
        endpointId: 'room',
        scope: { type: 'BearerTokenWithPartition', token: 'token-of-user-a', partition: 'room101' },
        payload: { meeting: { ...meeting, protocol: 'SIPS' } },
      },
    ],
    devices: [roomSeed()],
    expect: { name: 'Response' },
  },
  {
    name: 'a plain BearerToken scope works too',
    directive: [NS, 'EndMeeting', { endpointId: 'room' }],
    devices: [roomSeed()],
    expect: { name: 'Response' },
    command: { name: 'endMeeting', params: {} },
  },
  {
    name: 'a partition scope without a partition is INVALID_DIRECTIVE',
    directive: [
      NS,
      'EndMeeting',
      { endpointId: 'room', scope: { type: 'BearerTokenWithPartition', token: 'token-of-user-a' } },
    ],
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'an unknown protocol is INVALID_VALUE and nothing is executed',
    directive: d('JoinMeeting', { meeting: { ...meeting, protocol: 'WEBRTC' } }),
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'JoinMeeting without a meeting is INVALID_DIRECTIVE',
    directive: d('JoinMeeting', {}),
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'JoinMeeting without an endpoint is INVALID_DIRECTIVE',
    directive: d('JoinMeeting', { meeting: { provider: 'Zoom', protocol: 'SIP' } }),
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'EndMeeting ends the meeting',
    directive: d('EndMeeting'),
    devices: [
      roomSeed({
        meeting: {
          provider: 'Zoom',
          protocol: 'SIP',
          endpoint: 'e',
          meetingId: null,
          pinProvided: false,
          calendarEventId: null,
        },
      }),
    ],
    expect: { name: 'Response' },
    command: { name: 'endMeeting', params: {} },
  },
  {
    name: 'JoinScheduledMeeting joins the meeting under way in the room calendar',
    directive: d('JoinScheduledMeeting'),
    devices: [roomSeed({ calendar })],
    expect: { name: 'Response' },
  },
  {
    name: 'JoinScheduledMeeting by calendar event id',
    directive: d('JoinScheduledMeeting', { calendarEventId: 'evt-later' }),
    devices: [roomSeed({ calendar })],
    expect: { name: 'Response' },
  },
  {
    name: 'JoinScheduledMeeting when nothing is scheduled now is INVALID_VALUE',
    directive: d('JoinScheduledMeeting'),
    devices: [roomSeed({ calendar: calendar.slice(1) })],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_VALUE' } },
    command: null,
  },
  {
    name: 'JoinScheduledMeeting in a room without a calendar is INVALID_DIRECTIVE',
    directive: d('JoinScheduledMeeting'),
    devices: [roomSeed()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a TV does not take meetings directives',
    directive: d('JoinMeeting', { meeting }, 'tv'),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a room the gateway knows is offline is ENDPOINT_UNREACHABLE',
    directive: d('JoinMeeting', { meeting }),
    devices: [{ ...roomSeed(), online: false }],
    tracksConnectivity: true,
    expect: { name: 'ErrorResponse', error: { type: 'ENDPOINT_UNREACHABLE' } },
  },
];
