import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyMeetingRoomCommand,
  defaultMeetingRoomState,
  scheduledEvent,
  type MeetingRoomState,
} from './meeting-room.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';

const apply = (state: MeetingRoomState, name: string, params: Record<string, unknown> = {}) =>
  applyMeetingRoomCommand('room-1', state, { name, params });
const rejects = (fn: () => unknown) => assert.throws(fn, DeviceValueError);

const standup = {
  id: 'evt-standup',
  subject: 'Stand-up',
  organizer: 'Jane Doe',
  start: '2026-11-27T09:00:00Z',
  end: '2026-11-27T09:15:00Z',
  meeting: { provider: 'Chime', protocol: 'SIP', endpoint: 'meet.example.com', meetingId: '1234567' },
};
const review = {
  id: 'evt-review',
  subject: 'Review',
  organizer: 'Ken Ito',
  start: '2026-11-27T10:00:00Z',
  end: '2026-11-27T11:00:00Z',
  meeting: { provider: 'Zoom', protocol: 'H323', endpoint: '192.0.2.10', meetingId: null },
};

describe('meeting-room reducer', () => {
  it('starts in no meeting, without a calendar', () => {
    assert.deepEqual(defaultMeetingRoomState(), { meeting: null, calendar: null });
  });

  it('joins a meeting and keeps no PIN in its state', () => {
    const s = apply(defaultMeetingRoomState(), 'joinMeeting', {
      provider: 'Chime',
      protocol: 'SIPS',
      endpoint: 'meet.example.com',
      meetingId: '1234567',
      pin: '7654321',
    });
    assert.deepEqual(s.meeting, {
      provider: 'Chime',
      protocol: 'SIPS',
      endpoint: 'meet.example.com',
      meetingId: '1234567',
      pinProvided: true,
      calendarEventId: null,
    });
    assert.ok(!JSON.stringify(s).includes('7654321'));
  });

  it('refuses an unknown protocol and missing fields', () => {
    const base = { provider: 'Chime', protocol: 'SIP', endpoint: 'meet.example.com' };
    rejects(() => apply(defaultMeetingRoomState(), 'joinMeeting', { ...base, protocol: 'WEBRTC' }));
    rejects(() => apply(defaultMeetingRoomState(), 'joinMeeting', { ...base, endpoint: '' }));
    rejects(() => apply(defaultMeetingRoomState(), 'joinMeeting', { ...base, provider: 'x'.repeat(300) }));
    assert.equal(apply(defaultMeetingRoomState(), 'joinMeeting', base).meeting?.meetingId, null);
  });

  it('ends the meeting, also when there is none', () => {
    const inMeeting = apply(defaultMeetingRoomState(), 'joinMeeting', {
      provider: 'Chime',
      protocol: 'SIP',
      endpoint: 'e',
    });
    assert.equal(apply(inMeeting, 'endMeeting').meeting, null);
    assert.equal(apply(defaultMeetingRoomState(), 'endMeeting').meeting, null);
  });

  it('joins the scheduled meeting under way, or about to start, only with a calendar', () => {
    rejects(() =>
      apply(defaultMeetingRoomState(), 'joinScheduledMeeting', { at: Date.parse(standup.start) }),
    );
    const s = apply(defaultMeetingRoomState(), 'setCalendar', { events: [review, standup] });
    const joined = apply(s, 'joinScheduledMeeting', { at: Date.parse('2026-11-27T09:55:00Z') });
    assert.equal(joined.meeting?.calendarEventId, 'evt-review', 'five minutes early is allowed');
    assert.equal(joined.meeting?.protocol, 'H323');
    rejects(() => apply(s, 'joinScheduledMeeting', { at: Date.parse('2026-11-27T09:30:00Z') }));
    const byId = apply(s, 'joinScheduledMeeting', { at: 0, calendarEventId: 'evt-standup' });
    assert.equal(byId.meeting?.endpoint, 'meet.example.com');
    rejects(() => apply(s, 'joinScheduledMeeting', {}));
  });

  it('validates calendars and can remove one', () => {
    rejects(() => apply(defaultMeetingRoomState(), 'setCalendar', { events: [standup, standup] }));
    rejects(() =>
      apply(defaultMeetingRoomState(), 'setCalendar', { events: [{ ...standup, end: standup.start }] }),
    );
    rejects(() =>
      apply(defaultMeetingRoomState(), 'setCalendar', { events: [{ ...standup, start: 'soon' }] }),
    );
    rejects(() => apply(defaultMeetingRoomState(), 'setCalendar', { events: 'all' }));
    const s = apply(defaultMeetingRoomState(), 'setCalendar', { events: [standup] });
    assert.equal(s.calendar?.length, 1);
    assert.equal(apply(s, 'setCalendar', { events: null }).calendar, null);
    assert.equal(apply(defaultMeetingRoomState(), 'setCalendar', { events: [] }).calendar?.length, 0);
  });

  it('picks the earliest of overlapping events', () => {
    const overlap = { ...review, id: 'evt-overlap', start: '2026-11-27T09:05:00Z' };
    assert.equal(
      scheduledEvent([overlap, { ...standup }] as never, Date.parse('2026-11-27T09:06:00Z'))?.id,
      'evt-standup',
    );
  });

  it('refuses commands it does not understand', () => {
    rejects(() => apply(defaultMeetingRoomState(), 'setPower', { powerState: 'ON' }));
  });
});
