// The meeting room as Alexa drives it: the device ends up in the meeting asked for, a scheduled join
// follows the room's calendar at the skill's clock, and the PIN reaches the device but not its state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playDirective } from '../video/support.ts';
import { PARTITION_SCOPE, eventAround, roomSeed, MINUTE } from '../video/fixtures.ts';
import type { MeetingRoomState } from '../../src/devices/meeting-room.ts';

const NS = 'Alexa.MeetingClientController';
const T = Date.parse('2026-11-27T10:00:00Z');
const calendar = [
  eventAround(T, 'evt-review'),
  {
    ...eventAround(T + 120 * MINUTE, 'evt-planning'),
    meeting: { provider: 'Zoom', protocol: 'H323' as const, endpoint: '192.0.2.10', meetingId: null },
  },
];

describe('meeting room', () => {
  it('JoinMeeting puts the room in the meeting; the PIN goes to the device, not into its state', async () => {
    const played = await playDirective(NS, 'JoinMeeting', {
      endpointId: 'room',
      scope: PARTITION_SCOPE,
      payload: {
        meeting: {
          provider: 'Amazon Chime',
          protocol: 'SIPS',
          endpoint: 'meet.example.com',
          id: '1234567',
          pin: '7654321',
        },
      },
      devices: [roomSeed()],
    });
    assert.equal(played.answer.event.header.name, 'Response');
    assert.equal(played.answer.event.endpoint?.endpointId, 'room');
    const state = played.device('room') as unknown as MeetingRoomState;
    assert.deepEqual(state.meeting, {
      provider: 'Amazon Chime',
      protocol: 'SIPS',
      endpoint: 'meet.example.com',
      meetingId: '1234567',
      pinProvided: true,
      calendarEventId: null,
    });
    assert.equal(played.cloud.commands[0]?.command.params.pin, '7654321');
    assert.ok(!JSON.stringify(state).includes('7654321'));
    assert.ok(!JSON.stringify(played.answer).includes('7654321'), 'the answer does not echo the PIN');
  });

  it('EndMeeting leaves the meeting', async () => {
    const played = await playDirective(NS, 'EndMeeting', {
      endpointId: 'room',
      scope: PARTITION_SCOPE,
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
    });
    assert.equal(played.answer.event.header.name, 'Response');
    assert.equal((played.device('room') as unknown as MeetingRoomState).meeting, null);
  });

  it('JoinScheduledMeeting joins what the calendar has at the skill clock', async () => {
    for (const [at, expected] of [
      [T, 'evt-review'],
      [T + 115 * MINUTE, 'evt-planning'],
    ] as const) {
      const played = await playDirective(NS, 'JoinScheduledMeeting', {
        endpointId: 'room',
        scope: PARTITION_SCOPE,
        devices: [roomSeed({ calendar })],
        now: () => at,
      });
      assert.equal(played.answer.event.header.name, 'Response');
      const state = played.device('room') as unknown as MeetingRoomState;
      assert.equal(state.meeting?.calendarEventId, expected);
      assert.deepEqual(played.cloud.commands[0]?.command, { name: 'joinScheduledMeeting', params: { at } });
    }
  });

  it('JoinScheduledMeeting between meetings is INVALID_VALUE and leaves the room as it was', async () => {
    const played = await playDirective(NS, 'JoinScheduledMeeting', {
      endpointId: 'room',
      scope: PARTITION_SCOPE,
      devices: [roomSeed({ calendar })],
      now: () => T + 80 * MINUTE,
    });
    assert.equal(played.answer.event.payload.type, 'INVALID_VALUE');
    assert.equal((played.device('room') as unknown as MeetingRoomState).meeting, null);
    assert.deepEqual(played.cloud.commands, []);
  });
});
