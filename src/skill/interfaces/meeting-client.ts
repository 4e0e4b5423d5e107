// Alexa.MeetingClientController (interface "1.0"): JoinMeeting, EndMeeting and, where the room has a
// calendar, JoinScheduledMeeting (discovery says so in supportsScheduledMeeting). Directives come with
// a BearerTokenWithPartition scope (the partition is the room), which the skill core's token
// extraction accepts. The PIN goes to the device in the command and nowhere else.
import {
  InvalidDirectiveError,
  InvalidValueError,
  readObject,
  type DiscoveryCapability,
} from '../../alexa/index.ts';
import { MEETING_PROTOCOLS, scheduledEvent, type MeetingRoomState } from '../../devices/meeting-room.ts';
import type { InterfaceModule } from '../interface-module.ts';
import type { Device } from '../ports.ts';
import { commandHandler } from '../control.ts';
import { optionalString, requiredString } from './tv-common.ts';

const NAMESPACE = 'Alexa.MeetingClientController';

function roomOf(device: Device): MeetingRoomState | null {
  return device.type === 'meeting-room' ? (device.state as unknown as MeetingRoomState) : null;
}

export const meetingClientController: InterfaceModule = {
  namespace: NAMESPACE,
  capability(device) {
    const room = roomOf(device);
    if (!room) return null;
    return {
      type: 'AlexaInterface',
      interface: NAMESPACE,
      version: '1.0',
      supportsScheduledMeeting: Array.isArray(room.calendar),
    } satisfies DiscoveryCapability;
  },
  properties: () => [],
  handlers: {
    JoinMeeting: commandHandler((directive) => {
      const meeting = readObject(directive.payload, 'meeting');
      const protocol = requiredString(meeting, 'protocol', 'payload.meeting');
      if (!(MEETING_PROTOCOLS as readonly string[]).includes(protocol))
        throw new InvalidValueError(`protocol ${protocol} is not one of ${MEETING_PROTOCOLS.join(', ')}`);
      const id = optionalString(meeting, 'id', 'payload.meeting');
      const pin = optionalString(meeting, 'pin', 'payload.meeting');
      return {
        name: 'joinMeeting',
        params: {
          provider: requiredString(meeting, 'provider', 'payload.meeting'),
          protocol,
          endpoint: requiredString(meeting, 'endpoint', 'payload.meeting'),
          meetingId: id ?? null,
          ...(pin !== undefined ? { pin } : {}),
        },
      };
    }),
    EndMeeting: commandHandler(() => ({ name: 'endMeeting', params: {} })),
    async JoinScheduledMeeting(directive, ctx) {
      const device = await ctx.endpointDevice(directive);
      const room = roomOf(device);
      if (!room || !Array.isArray(room.calendar))
        throw new InvalidDirectiveError(
          `endpoint ${device.id} has no calendar (supportsScheduledMeeting is false)`,
        );
      const calendarEventId = optionalString(directive.payload, 'calendarEventId');
      const at = ctx.now();
      if (!scheduledEvent(room.calendar, at, calendarEventId))
        throw new InvalidValueError(
          calendarEventId
            ? `no calendar event ${calendarEventId} in this room`
            : 'no meeting is scheduled in this room now',
        );
      const after = await ctx.cloud.execute(ctx.user.userId, device, {
        name: 'joinScheduledMeeting',
        params: { at, ...(calendarEventId ? { calendarEventId } : {}) },
      });
      return ctx.respond(directive, after);
    },
  },
};
