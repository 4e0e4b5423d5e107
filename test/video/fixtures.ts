// Seeds for video and meetings tests: a TV or a meeting room in a given state, built from the real
// defaults so a case only says what differs.
import { defaultTvState, type TvState } from '../../src/devices/tv.ts';
import {
  defaultMeetingRoomState,
  type CalendarEvent,
  type MeetingRoomState,
} from '../../src/devices/meeting-room.ts';
import { contentById } from '../../src/devices/catalogue.ts';
import type { DeviceSeed } from '../skill/support.ts';

type Overrides = { [K in keyof TvState]?: TvState[K] extends object ? Partial<TvState[K]> : TvState[K] };

export function tvState(overrides: Overrides = {}): TvState {
  const base = defaultTvState();
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) {
    const current = (base as unknown as Record<string, unknown>)[k];
    out[k] =
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof current === 'object' &&
      current !== null
        ? { ...current, ...v }
        : v;
  }
  return out as unknown as TvState;
}

export function tvSeed(overrides: Overrides = {}, id = 'tv'): DeviceSeed {
  return { id, type: 'tv', name: 'Living Room TV', state: { ...tvState(overrides) } };
}

/** A TV that is on and watching live TV on channel `number`. */
export function liveTv(number = '2', overrides: Overrides = {}): DeviceSeed {
  const channels: Record<string, TvState['channel']> = {
    '2': { number: '2', callSign: 'KLMN', affiliateCallSign: 'LBC', name: 'Lumen News' },
    '7': { number: '7', callSign: 'KSKY', affiliateCallSign: 'SKB', name: 'Skyline Broadcasting' },
    '999': { number: '999', callSign: 'PPV1', affiliateCallSign: null, name: 'Pay Per View' },
  };
  return tvSeed({
    powerState: 'ON',
    channel: channels[number],
    playback: { state: 'PLAYING', contentId: null, positionMs: 0 },
    ...overrides,
  });
}

/** A TV that is on and playing `contentId` at `positionMs`. */
export function playingTv(
  contentId = 'mv-paper-moons',
  positionMs = 30_000,
  overrides: Overrides = {},
): DeviceSeed {
  if (!contentById(contentId)) throw new Error(`no content ${contentId}`);
  return tvSeed({
    powerState: 'ON',
    playback: { state: 'PLAYING', contentId, positionMs },
    screen: { view: 'player' },
    ...overrides,
  });
}

export const MINUTE = 60_000;

/** A calendar event around `at` (default now): started 5 minutes ago, ends in 55. */
export function eventAround(at = Date.now(), id = 'evt-now'): CalendarEvent {
  return {
    id,
    subject: 'Quarterly review',
    organizer: 'Jane Doe',
    start: new Date(at - 5 * MINUTE).toISOString(),
    end: new Date(at + 55 * MINUTE).toISOString(),
    meeting: { provider: 'Chime', protocol: 'SIP', endpoint: 'meet.example.com', meetingId: '1234567' },
  };
}

export function roomSeed(state: Partial<MeetingRoomState> = {}, id = 'room'): DeviceSeed {
  return { id, type: 'meeting-room', name: 'Board Room', state: { ...defaultMeetingRoomState(), ...state } };
}

/** The scope Alexa for Business sends with meetings directives. */
export const PARTITION_SCOPE = {
  type: 'BearerTokenWithPartition',
  token: 'token-of-user-a',
  partition: 'room101',
  userId: 'amzn1.user.example',
};
