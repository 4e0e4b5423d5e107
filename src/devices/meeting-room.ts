// The meeting-room device (a conferencing codec): the meeting it is in and, optionally, the room's
// calendar. A PIN travels in the join command to the device but is never kept in state: state is
// shown in the web app and stored in the database, and a meeting PIN is a secret.
import type { DeviceCommand } from '../cloud/device-model.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';
import type { StateSchema } from './state-schema.ts';

export const MEETING_PROTOCOLS = ['SIP', 'SIPS', 'H323'] as const;
export type MeetingProtocol = (typeof MEETING_PROTOCOLS)[number];

/** How to reach a meeting, as Alexa's JoinMeeting describes it (minus the PIN). */
export interface MeetingTarget {
  provider: string;
  protocol: MeetingProtocol;
  endpoint: string;
  meetingId: string | null;
}

export interface CurrentMeeting extends MeetingTarget {
  /** Whether a PIN was given when joining (the PIN itself is not stored). */
  pinProvided: boolean;
  /** The calendar event joined, for JoinScheduledMeeting. */
  calendarEventId: string | null;
}

export interface CalendarEvent {
  id: string;
  subject: string;
  organizer: string;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  meeting: MeetingTarget;
}

export interface MeetingRoomState {
  meeting: CurrentMeeting | null;
  /** null: no calendar is configured, so the room does not support JoinScheduledMeeting. */
  calendar: CalendarEvent[] | null;
}

/** A scheduled meeting can be joined this long before it starts. */
export const EARLY_JOIN_MS = 10 * 60_000;
export const MAX_CALENDAR_EVENTS = 100;
const MAX_FIELD = 256;

const field = { type: 'string', minLength: 1, maxLength: MAX_FIELD } as const;
// What instant() stores: Date#toISOString's form, nothing looser.
const isoInstant = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
} as const;
const targetProps = {
  provider: field,
  protocol: { type: 'string', enum: [...MEETING_PROTOCOLS] },
  endpoint: field,
  meetingId: { ...field, nullable: true },
} as const;

/** A meeting room's state as a device may report it; no PIN or any other extra field gets in. */
export const MEETING_ROOM_STATE_SCHEMA: StateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['meeting', 'calendar'],
  properties: {
    meeting: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['provider', 'protocol', 'endpoint', 'meetingId', 'pinProvided', 'calendarEventId'],
      properties: {
        ...targetProps,
        pinProvided: { type: 'boolean' },
        calendarEventId: { ...field, nullable: true },
      },
    },
    calendar: {
      type: 'array',
      nullable: true,
      maxItems: MAX_CALENDAR_EVENTS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'subject', 'organizer', 'start', 'end', 'meeting'],
        properties: {
          id: field,
          subject: field,
          organizer: field,
          start: isoInstant,
          end: isoInstant,
          meeting: {
            type: 'object',
            additionalProperties: false,
            required: ['provider', 'protocol', 'endpoint', 'meetingId'],
            properties: targetProps,
          },
        },
      },
    },
  },
};

export function defaultMeetingRoomState(): MeetingRoomState {
  return { meeting: null, calendar: null };
}

function text(value: unknown, what: string, deviceId: string, optional: true): string | null;
function text(value: unknown, what: string, deviceId: string, optional?: false): string;
function text(value: unknown, what: string, deviceId: string, optional = false): string | null {
  if (optional && (value === undefined || value === null)) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_FIELD)
    throw new DeviceValueError(
      deviceId,
      `${what} must be a non-empty string of at most ${MAX_FIELD} characters`,
    );
  return value.trim();
}

function protocol(value: unknown, deviceId: string): MeetingProtocol {
  if (typeof value !== 'string' || !(MEETING_PROTOCOLS as readonly string[]).includes(value))
    throw new DeviceValueError(deviceId, `protocol must be one of ${MEETING_PROTOCOLS.join(', ')}`);
  return value as MeetingProtocol;
}

function target(value: unknown, deviceId: string): MeetingTarget {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    provider: text(v.provider, 'provider', deviceId),
    protocol: protocol(v.protocol, deviceId),
    endpoint: text(v.endpoint, 'endpoint', deviceId),
    meetingId: text(v.meetingId, 'meetingId', deviceId, true),
  };
}

function instant(value: unknown, what: string, deviceId: string): string {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new DeviceValueError(deviceId, `${what} must be an ISO 8601 date-time`);
  return new Date(t).toISOString();
}

function calendarEvent(value: unknown, deviceId: string): CalendarEvent {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const start = instant(v.start, 'start', deviceId);
  const end = instant(v.end, 'end', deviceId);
  if (Date.parse(end) <= Date.parse(start))
    throw new DeviceValueError(deviceId, 'an event must end after it starts');
  return {
    id: text(v.id, 'id', deviceId),
    subject: text(v.subject, 'subject', deviceId),
    organizer: text(v.organizer, 'organizer', deviceId),
    start,
    end,
    meeting: target(v.meeting, deviceId),
  };
}

/** The event a scheduled join at `at` means: the one named, or the one under way (or about to start). */
export function scheduledEvent(
  calendar: readonly CalendarEvent[],
  at: number,
  calendarEventId?: string | null,
): CalendarEvent | null {
  if (calendarEventId) return calendar.find((e) => e.id === calendarEventId) ?? null;
  const current = calendar
    .filter((e) => Date.parse(e.start) - EARLY_JOIN_MS <= at && at < Date.parse(e.end))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return current[0] ?? null;
}

/** Applies a command to a meeting room's state; throws DeviceValueError for a value it does not take. */
export function applyMeetingRoomCommand(
  deviceId: string,
  current: MeetingRoomState,
  command: DeviceCommand,
): MeetingRoomState {
  switch (command.name) {
    case 'joinMeeting': {
      const t = target(command.params, deviceId);
      const pin = text(command.params.pin, 'pin', deviceId, true);
      // Joining while in a meeting leaves the old one, as a room codec does.
      return { ...current, meeting: { ...t, pinProvided: pin !== null, calendarEventId: null } };
    }
    case 'endMeeting':
      return { ...current, meeting: null };
    case 'joinScheduledMeeting': {
      if (current.calendar === null)
        throw new DeviceValueError(
          deviceId,
          'this room has no calendar, so it cannot join a scheduled meeting',
        );
      const at = command.params.at;
      if (typeof at !== 'number' || !Number.isFinite(at))
        throw new DeviceValueError(deviceId, 'joinScheduledMeeting needs the time (at, epoch ms)');
      const id = text(command.params.calendarEventId, 'calendarEventId', deviceId, true);
      const event = scheduledEvent(current.calendar, at, id);
      if (!event) throw new DeviceValueError(deviceId, 'no meeting is scheduled in this room now');
      return { ...current, meeting: { ...event.meeting, pinProvided: false, calendarEventId: event.id } };
    }
    case 'setCalendar': {
      const events = command.params.events;
      if (events === null) return { ...current, calendar: null };
      if (!Array.isArray(events) || events.length > MAX_CALENDAR_EVENTS)
        throw new DeviceValueError(
          deviceId,
          `events must be null (no calendar) or a list of at most ${MAX_CALENDAR_EVENTS} events`,
        );
      const calendar = events.map((e) => calendarEvent(e, deviceId));
      if (new Set(calendar.map((e) => e.id)).size !== calendar.length)
        throw new DeviceValueError(deviceId, 'calendar event ids must be unique');
      return { ...current, calendar };
    }
    default:
      throw new DeviceValueError(deviceId, `a meeting room does not understand ${command.name}`);
  }
}
