// The TV (with its set-top box): state, defaults and how a command changes it. The virtual TV and
// the in-process fallback both apply commands through applyTvCommand. Refusals a real provider makes
// for business reasons (not subscribed, not recordable, storage full) are decided by tvRefusal, which
// the skill consults before sending a command so it can answer with Alexa.Video's own error types.
import type { DeviceCommand } from '../cloud/device-model.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';
import { bounds, TEXT, type StateSchema } from './state-schema.ts';
import {
  LINEUP,
  channelByNumber,
  contentById,
  normalizeName,
  seriesEpisodes,
  workById,
  type LineupChannel,
} from './catalogue.ts';

export type PlaybackStateValue = 'PLAYING' | 'PAUSED' | 'STOPPED';
export type RecordingStateValue = 'RECORDING' | 'NOT_RECORDING';

export const PLAYBACK_OPERATIONS = [
  'Play',
  'Pause',
  'Stop',
  'StartOver',
  'Previous',
  'Next',
  'Rewind',
  'FastForward',
] as const;
export type PlaybackOperation = (typeof PLAYBACK_OPERATIONS)[number];

/** Alexa.KeypadController's keystrokes. */
export const KEYSTROKES = [
  'UP',
  'DOWN',
  'LEFT',
  'RIGHT',
  'SELECT',
  'PAGE_UP',
  'PAGE_DOWN',
  'PAGE_LEFT',
  'PAGE_RIGHT',
  'INFO',
  'MORE',
] as const;
export type Keystroke = (typeof KEYSTROKES)[number];

export interface TvChannel {
  number: string;
  callSign: string;
  affiliateCallSign: string | null;
  name: string;
}

export interface LaunchTarget {
  identifier: string;
  name: string;
}

export interface TvState {
  powerState: 'ON' | 'OFF';
  channel: TvChannel;
  /** Inputs this TV has, by their Alexa names ("HDMI 1", "TV"). */
  inputs: string[];
  input: string;
  /** 0..100 */
  volume: number;
  muted: boolean;
  /** Discovered as Alexa.Speaker (absolute volume) or Alexa.StepSpeaker (volume steps only, like an IR remote). */
  speaker: 'absolute' | 'step';
  playback: {
    state: PlaybackStateValue;
    /** Library content being played; null while watching live TV. */
    contentId: string | null;
    positionMs: number;
  };
  /** What Alexa.Launcher can open. */
  apps: LaunchTarget[];
  app: LaunchTarget | null;
  recording: {
    state: RecordingStateValue;
    /** The channel being recorded. */
    channelNumber: string | null;
    /** Channel numbers of finished recordings, oldest first. */
    recordings: string[];
    /** How many recordings fit on the DVR. */
    capacity: number;
  };
  screen: {
    view: 'live' | 'player' | 'results' | 'app';
    query: string | null;
    /** Work ids listed on a results screen. */
    results: string[];
    /** Index of the focused result, moved by Alexa.KeypadController. */
    focus: number;
  };
  lastKeystroke: Keystroke | null;
}

export const TV_LIMITS = {
  volume: { minimumValue: 0, maximumValue: 100 },
  volumeDelta: { minimumValue: -100, maximumValue: 100 },
  channelCount: { minimumValue: -100, maximumValue: 100 },
  seekDeltaMs: { minimumValue: -86_400_000, maximumValue: 86_400_000 },
} as const;

const target = {
  type: 'object',
  additionalProperties: false,
  required: ['identifier', 'name'],
  properties: { identifier: TEXT, name: TEXT },
} as const;

/** A TV's state as a device may report it: every field, right types, known vocabularies, sane sizes. */
export const TV_STATE_SCHEMA: StateSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'powerState',
    'channel',
    'inputs',
    'input',
    'volume',
    'muted',
    'speaker',
    'playback',
    'apps',
    'app',
    'recording',
    'screen',
    'lastKeystroke',
  ],
  properties: {
    powerState: { type: 'string', enum: ['ON', 'OFF'] },
    channel: {
      type: 'object',
      additionalProperties: false,
      required: ['number', 'callSign', 'affiliateCallSign', 'name'],
      properties: {
        number: TEXT,
        callSign: TEXT,
        affiliateCallSign: { ...TEXT, nullable: true },
        name: TEXT,
      },
    },
    inputs: { type: 'array', items: TEXT, minItems: 1, maxItems: 64 },
    input: TEXT,
    volume: { type: 'integer', ...bounds(TV_LIMITS.volume) },
    muted: { type: 'boolean' },
    speaker: { type: 'string', enum: ['absolute', 'step'] },
    playback: {
      type: 'object',
      additionalProperties: false,
      required: ['state', 'contentId', 'positionMs'],
      properties: {
        state: { type: 'string', enum: ['PLAYING', 'PAUSED', 'STOPPED'] },
        contentId: { ...TEXT, nullable: true },
        positionMs: { type: 'integer', minimum: 0 },
      },
    },
    apps: { type: 'array', items: target, maxItems: 64 },
    app: { ...target, nullable: true },
    recording: {
      type: 'object',
      additionalProperties: false,
      required: ['state', 'channelNumber', 'recordings', 'capacity'],
      properties: {
        state: { type: 'string', enum: ['RECORDING', 'NOT_RECORDING'] },
        channelNumber: { ...TEXT, nullable: true },
        recordings: { type: 'array', items: TEXT, maxItems: 1000 },
        capacity: { type: 'integer', minimum: 0, maximum: 1000 },
      },
    },
    screen: {
      type: 'object',
      additionalProperties: false,
      required: ['view', 'query', 'results', 'focus'],
      properties: {
        view: { type: 'string', enum: ['live', 'player', 'results', 'app'] },
        query: { ...TEXT, nullable: true },
        results: { type: 'array', items: TEXT, maxItems: 50 },
        focus: { type: 'integer', minimum: 0 },
      },
    },
    lastKeystroke: { type: 'string', enum: [...KEYSTROKES, null], nullable: true },
  },
};

/** Rewind and FastForward move this far; Alexa's docs leave the amount to the device. */
export const SKIP_STEP_MS = 10_000;

export const DEFAULT_APPS: LaunchTarget[] = [
  { identifier: 'mylights.app.tv-guide', name: 'TV Guide' },
  { identifier: 'mylights.app.streamflix', name: 'StreamFlix' },
  { identifier: 'mylights.app.tubeview', name: 'TubeView' },
  { identifier: 'mylights.app.settings', name: 'Settings' },
];

function channelOf(c: LineupChannel): TvChannel {
  return { number: c.number, callSign: c.callSign, affiliateCallSign: c.affiliateCallSign, name: c.name };
}

export function defaultTvState(): TvState {
  return {
    powerState: 'OFF',
    channel: channelOf(LINEUP[0] as LineupChannel),
    inputs: ['HDMI 1', 'HDMI 2', 'HDMI 3', 'TV'],
    input: 'TV',
    volume: 20,
    muted: false,
    speaker: 'absolute',
    playback: { state: 'STOPPED', contentId: null, positionMs: 0 },
    apps: DEFAULT_APPS.map((a) => ({ ...a })),
    app: null,
    recording: { state: 'NOT_RECORDING', channelNumber: null, recordings: [], capacity: 5 },
    screen: { view: 'live', query: null, results: [], focus: 0 },
    lastKeystroke: null,
  };
}

/** Alexa.Video error types a provider uses to refuse a request it understood. */
export type VideoRefusalType =
  'NOT_SUBSCRIBED' | 'CONTENT_NOT_RECORDABLE' | 'STORAGE_FULL' | 'ACTION_NOT_PERMITTED_FOR_CONTENT';

export interface VideoRefusal {
  type: VideoRefusalType;
  message: string;
}

/** Input names compare without case or spaces: Alexa may send "HDMI1" for "HDMI 1". */
export function findInput(inputs: readonly string[], wanted: string): string | null {
  const key = wanted.replace(/\s+/g, '').toUpperCase();
  return inputs.find((i) => i.replace(/\s+/g, '').toUpperCase() === key) ?? null;
}

export function findApp(
  apps: readonly LaunchTarget[],
  identifier?: string,
  name?: string,
): LaunchTarget | null {
  if (identifier) {
    const hit = apps.find((a) => a.identifier === identifier);
    if (hit) return hit;
  }
  if (name) {
    const n = normalizeName(name);
    return apps.find((a) => normalizeName(a.name) === n) ?? null;
  }
  return null;
}

function str(command: DeviceCommand, key: string, deviceId: string): string {
  const v = command.params[key];
  if (typeof v !== 'string' || v.trim() === '' || v.length > 256)
    throw new DeviceValueError(deviceId, `${command.name} needs a ${key} (a non-empty string)`);
  return v;
}

function int(
  command: DeviceCommand,
  key: string,
  deviceId: string,
  range: { minimumValue: number; maximumValue: number },
): number {
  const v = command.params[key];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new DeviceValueError(deviceId, `${command.name} needs an integer ${key}`);
  if (v < range.minimumValue || v > range.maximumValue)
    throw new DeviceValueError(
      deviceId,
      `${key} ${v} is outside ${range.minimumValue}..${range.maximumValue}`,
      range,
    );
  return v;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Why the provider would refuse this command on a TV in this state, or null. Only business refusals
 * live here; malformed values are the reducer's DeviceValueError.
 */
export function tvRefusal(state: TvState, command: DeviceCommand): VideoRefusal | null {
  switch (command.name) {
    case 'setChannel': {
      const c = typeof command.params.number === 'string' ? channelByNumber(command.params.number) : null;
      if (c && !c.subscribed)
        return { type: 'NOT_SUBSCRIBED', message: `the plan does not include ${c.name} (${c.number})` };
      return null;
    }
    case 'playContent': {
      const c = typeof command.params.contentId === 'string' ? contentById(command.params.contentId) : null;
      if (c && !c.subscribed)
        return { type: 'NOT_SUBSCRIBED', message: `the plan does not include "${c.title}"` };
      return null;
    }
    case 'startRecording': {
      if (state.recording.state === 'RECORDING') return null;
      if (state.playback.contentId !== null)
        return { type: 'CONTENT_NOT_RECORDABLE', message: 'on-demand content cannot be recorded' };
      const c = channelByNumber(state.channel.number);
      if (c && !c.recordable)
        return { type: 'CONTENT_NOT_RECORDABLE', message: `${c.name} does not allow recording` };
      if (state.recording.recordings.length >= state.recording.capacity)
        return { type: 'STORAGE_FULL', message: `the DVR holds ${state.recording.capacity} recordings` };
      return null;
    }
    case 'seek':
      if (state.playback.contentId === null)
        return { type: 'ACTION_NOT_PERMITTED_FOR_CONTENT', message: 'live TV cannot be seeked' };
      return null;
    default:
      return null;
  }
}

function tuneTo(s: TvState, c: LineupChannel): void {
  s.channel = channelOf(c);
  s.powerState = 'ON';
  s.app = null;
  const tv = findInput(s.inputs, 'TV');
  if (tv) s.input = tv;
  s.playback = { state: 'PLAYING', contentId: null, positionMs: 0 };
  s.screen = { ...s.screen, view: 'live' };
}

function skip(s: TvState, count: number): void {
  const subscribed = LINEUP.filter((c) => c.subscribed);
  const at = subscribed.findIndex((c) => c.number === s.channel.number);
  const from = at === -1 ? 0 : at;
  const n = subscribed.length;
  tuneTo(s, subscribed[(((from + count) % n) + n) % n] as LineupChannel);
}

function play(s: TvState, contentId: string, deviceId: string): void {
  if (!contentById(contentId)) throw new DeviceValueError(deviceId, `no content ${contentId}`);
  s.powerState = 'ON';
  s.app = null;
  s.playback = { state: 'PLAYING', contentId, positionMs: 0 };
  s.screen = { ...s.screen, view: 'player' };
}

function durationOf(s: TvState): number {
  return s.playback.contentId ? (contentById(s.playback.contentId)?.durationMs ?? 0) : 0;
}

function playbackOperation(s: TvState, op: PlaybackOperation, deviceId: string): void {
  const content = s.playback.contentId ? contentById(s.playback.contentId) : null;
  switch (op) {
    case 'Play':
      s.powerState = 'ON';
      s.playback.state = 'PLAYING';
      return;
    case 'Pause':
      if (s.playback.state === 'PLAYING') s.playback.state = 'PAUSED';
      return;
    case 'Stop':
      s.playback.state = 'STOPPED';
      return;
    case 'StartOver':
      s.playback.positionMs = 0;
      s.playback.state = 'PLAYING';
      return;
    case 'Rewind':
    case 'FastForward': {
      const delta = op === 'Rewind' ? -SKIP_STEP_MS : SKIP_STEP_MS;
      s.playback.positionMs = clamp(s.playback.positionMs + delta, 0, durationOf(s));
      s.playback.state = 'PLAYING';
      return;
    }
    case 'Next':
    case 'Previous': {
      const step = op === 'Next' ? 1 : -1;
      if (!content) {
        // Live TV: next and previous are channel up and down.
        skip(s, step);
        return;
      }
      const eps = seriesEpisodes(content);
      const at = eps.findIndex((e) => e.id === content.id);
      const target = eps[clamp(at + step, 0, eps.length - 1)];
      if (target && target.id !== content.id) play(s, target.id, deviceId);
      else s.playback.state = 'PLAYING';
      return;
    }
  }
}

function keystroke(s: TvState, key: Keystroke): void {
  s.lastKeystroke = key;
  if (s.screen.view !== 'results') return;
  const last = Math.max(0, s.screen.results.length - 1);
  const moves: Partial<Record<Keystroke, number>> = {
    UP: -1,
    LEFT: -1,
    DOWN: 1,
    RIGHT: 1,
    PAGE_UP: -5,
    PAGE_LEFT: -5,
    PAGE_DOWN: 5,
    PAGE_RIGHT: 5,
  };
  const move = moves[key];
  if (move !== undefined) {
    s.screen.focus = clamp(s.screen.focus + move, 0, last);
    return;
  }
  if (key === 'SELECT') {
    const work = workById(s.screen.results[s.screen.focus] ?? '');
    const first = work?.items[0];
    if (first && first.subscribed) {
      s.app = null;
      s.playback = { state: 'PLAYING', contentId: first.id, positionMs: 0 };
      s.screen = { ...s.screen, view: 'player' };
    }
  }
}

function copy(state: TvState): TvState {
  return {
    ...state,
    channel: { ...state.channel },
    inputs: [...state.inputs],
    playback: { ...state.playback },
    apps: state.apps.map((a) => ({ ...a })),
    app: state.app ? { ...state.app } : null,
    recording: { ...state.recording, recordings: [...state.recording.recordings] },
    screen: { ...state.screen, results: [...state.screen.results] },
  };
}

/** Applies a command to a TV's state; throws DeviceValueError for a value or request the TV does not take. */
export function applyTvCommand(deviceId: string, current: TvState, command: DeviceCommand): TvState {
  const refusal = tvRefusal(current, command);
  if (refusal) throw new DeviceValueError(deviceId, refusal.message);
  const s = copy(current);
  switch (command.name) {
    case 'setPower': {
      const v = command.params.powerState;
      if (v !== 'ON' && v !== 'OFF') throw new DeviceValueError(deviceId, 'powerState must be ON or OFF');
      s.powerState = v;
      if (v === 'OFF') s.playback.state = 'STOPPED';
      return s;
    }
    case 'setChannel': {
      const c = channelByNumber(str(command, 'number', deviceId));
      if (!c) throw new DeviceValueError(deviceId, `no channel ${String(command.params.number)}`);
      tuneTo(s, c);
      return s;
    }
    case 'skipChannels':
      skip(s, int(command, 'count', deviceId, TV_LIMITS.channelCount));
      return s;
    case 'selectInput': {
      const input = findInput(s.inputs, str(command, 'input', deviceId));
      if (!input)
        throw new DeviceValueError(
          deviceId,
          `no input ${String(command.params.input)} (has ${s.inputs.join(', ')})`,
        );
      s.input = input;
      s.powerState = 'ON';
      return s;
    }
    case 'setVolume':
      s.volume = int(command, 'volume', deviceId, TV_LIMITS.volume);
      s.muted = false;
      return s;
    case 'adjustVolume':
      s.volume = clamp(s.volume + int(command, 'delta', deviceId, TV_LIMITS.volumeDelta), 0, 100);
      s.muted = false;
      return s;
    case 'stepVolume':
      // One step is one point of volume.
      s.volume = clamp(s.volume + int(command, 'steps', deviceId, TV_LIMITS.volumeDelta), 0, 100);
      s.muted = false;
      return s;
    case 'setMute': {
      const v = command.params.muted;
      if (typeof v !== 'boolean') throw new DeviceValueError(deviceId, 'setMute needs a boolean muted');
      s.muted = v;
      return s;
    }
    case 'playback': {
      const op = command.params.operation;
      if (typeof op !== 'string' || !(PLAYBACK_OPERATIONS as readonly string[]).includes(op))
        throw new DeviceValueError(deviceId, `operation must be one of ${PLAYBACK_OPERATIONS.join(', ')}`);
      playbackOperation(s, op as PlaybackOperation, deviceId);
      return s;
    }
    case 'seek': {
      const delta = int(command, 'deltaMs', deviceId, TV_LIMITS.seekDeltaMs);
      s.playback.positionMs = clamp(s.playback.positionMs + delta, 0, durationOf(s));
      return s;
    }
    case 'launch': {
      const app = findApp(s.apps, str(command, 'identifier', deviceId));
      if (!app) throw new DeviceValueError(deviceId, `no app ${String(command.params.identifier)}`);
      s.app = { ...app };
      s.powerState = 'ON';
      s.screen = { ...s.screen, view: 'app' };
      return s;
    }
    case 'playContent':
      play(s, str(command, 'contentId', deviceId), deviceId);
      return s;
    case 'showResults': {
      const query = str(command, 'query', deviceId);
      const results = command.params.workIds;
      if (
        !Array.isArray(results) ||
        results.length > 50 ||
        !results.every((r): r is string => typeof r === 'string' && workById(r) !== null)
      )
        throw new DeviceValueError(deviceId, 'showResults needs workIds from the catalogue (at most 50)');
      s.powerState = 'ON';
      s.app = null;
      s.screen = { view: 'results', query, results: [...results], focus: 0 };
      return s;
    }
    case 'startRecording':
      if (s.recording.state === 'RECORDING') return s;
      s.recording.state = 'RECORDING';
      s.recording.channelNumber = s.channel.number;
      return s;
    case 'stopRecording':
      if (s.recording.state === 'RECORDING' && s.recording.channelNumber !== null)
        s.recording.recordings.push(s.recording.channelNumber);
      s.recording.state = 'NOT_RECORDING';
      s.recording.channelNumber = null;
      return s;
    case 'keystroke': {
      const key = command.params.key;
      if (typeof key !== 'string' || !(KEYSTROKES as readonly string[]).includes(key))
        throw new DeviceValueError(deviceId, `key must be one of ${KEYSTROKES.join(', ')}`);
      keystroke(s, key as Keystroke);
      return s;
    }
    default:
      throw new DeviceValueError(deviceId, `a TV does not understand ${command.name}`);
  }
}
