// Each device type's state validator (what the gateway applies to every state a device reports)
// accepts every state the type itself produces and refuses what the type cannot be.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEVICE_TYPES, type DeviceCommand, type DeviceState } from '../cloud/device-model.ts';
import { DeviceValueError } from '../cloud/device-errors.ts';
import { deviceTypeSpec } from './types.ts';
import { LINEUP, LIBRARY, workById } from './catalogue.ts';

const CASES_DIR = join(import.meta.dirname, '..', '..', 'test', 'skill', 'cases');

/** Every device command the skill's case catalogue expects, in catalogue order. */
async function catalogueCommands(): Promise<DeviceCommand[]> {
  const out: DeviceCommand[] = [];
  for (const f of readdirSync(CASES_DIR)
    .filter((n) => n.endsWith('.cases.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(CASES_DIR, f)).href)) as {
      cases: Array<{ command?: DeviceCommand | null }>;
    };
    for (const c of mod.cases) if (c.command) out.push(c.command);
  }
  return out;
}

/** Commands the catalogue does not exercise but a device can be sent (web app, CLI, device tests). */
const EXTRA: DeviceCommand[] = [
  { name: 'adjustColorTemperature', params: { steps: -20 } },
  { name: 'adjustColorTemperature', params: { steps: 20 } },
  { name: 'adjustBrightness', params: { brightnessDelta: -100 } },
  { name: 'setColor', params: { hue: 360, saturation: 1, brightness: 0 } },
  ...LINEUP.map((c) => ({ name: 'setChannel', params: { number: c.number } })),
  { name: 'skipChannels', params: { count: -100 } },
  { name: 'setVolume', params: { volume: 0 } },
  { name: 'stepVolume', params: { steps: 100 } },
  ...LIBRARY.map((c) => ({ name: 'playContent', params: { contentId: c.id } })),
  ...['FastForward', 'Rewind', 'Next', 'Previous', 'Pause', 'Play', 'StartOver', 'Stop'].map((operation) => ({
    name: 'playback',
    params: { operation },
  })),
  { name: 'seek', params: { deltaMs: 86_400_000 } },
  { name: 'seek', params: { deltaMs: -86_400_000 } },
  {
    name: 'showResults',
    params: { query: 'everything', workIds: LIBRARY.map((c) => c.id).filter((id) => workById(id)) },
  },
  ...['DOWN', 'PAGE_DOWN', 'RIGHT', 'UP', 'SELECT', 'INFO'].map((key) => ({
    name: 'keystroke',
    params: { key },
  })),
  { name: 'setChannel', params: { number: '2' } },
  { name: 'startRecording', params: {} },
  { name: 'stopRecording', params: {} },
  { name: 'launch', params: { identifier: 'mylights.app.settings' } },
  { name: 'selectInput', params: { input: 'hdmi2' } },
  { name: 'setPower', params: { powerState: 'OFF' } },
  {
    name: 'setCalendar',
    params: {
      events: [
        {
          id: 'ev-1',
          subject: ' Stand-up ',
          organizer: 'ana@example.com',
          start: '2030-01-01T09:00:00+01:00',
          end: '2030-01-01T09:15:00+01:00',
          meeting: { provider: 'Zoom', protocol: 'SIPS', endpoint: '123@zoom.example', meetingId: null },
        },
      ],
    },
  },
  {
    name: 'joinScheduledMeeting',
    params: { at: Date.parse('2030-01-01T08:05:00Z'), calendarEventId: 'ev-1' },
  },
  { name: 'joinMeeting', params: { provider: 'Chime', protocol: 'SIP', endpoint: 'e@x', pin: '1234' } },
  { name: 'endMeeting', params: {} },
  { name: 'setCalendar', params: { events: null } },
];

describe('device state validators', () => {
  it("accept each type's default state", () => {
    for (const type of DEVICE_TYPES) {
      const spec = deviceTypeSpec(type);
      assert.equal(spec.validState(spec.defaultState()), null, type);
    }
  });

  it('accept every state the reducers produce for the command catalogue, from defaults and in sequence', async () => {
    const commands = [...(await catalogueCommands()), ...EXTRA];
    const applied = new Set<string>();
    for (const type of DEVICE_TYPES) {
      const spec = deviceTypeSpec(type);
      let running: DeviceState = spec.defaultState();
      for (const command of commands) {
        for (const from of [spec.defaultState(), running]) {
          let next: DeviceState;
          try {
            next = spec.apply('dev-1', from, command);
          } catch (err) {
            if (err instanceof DeviceValueError) continue; // not this type's command, or refused
            throw err;
          }
          applied.add(command.name);
          assert.equal(spec.validState(next), null, `${type} after ${JSON.stringify(command)}`);
          running = next;
        }
      }
    }
    const names = new Set(commands.map((c) => c.name));
    assert.deepEqual(
      [...names].filter((n) => !applied.has(n)),
      [],
      'every command kind was applied at least once',
    );
  });

  it('refuse a partial state, a wrong type, an out-of-range value and an unknown property, saying where', () => {
    const light = deviceTypeSpec('light');
    const ok = light.defaultState();
    const bad: Array<[unknown, RegExp]> = [
      [null, /state/],
      [[], /state/],
      [{ brightness: 'lots' }, /must have required property/],
      [{ ...ok, brightness: 'lots' }, /\/brightness must be integer/],
      [{ ...ok, brightness: 101 }, /\/brightness must be <= 100/],
      [{ ...ok, brightness: 50.5 }, /\/brightness must be integer/],
      [{ ...ok, powerState: 'on' }, /\/powerState/],
      [{ ...ok, colorTemperatureInKelvin: 1000 }, /\/colorTemperatureInKelvin must be >= 2200/],
      [{ ...ok, color: { hue: 400, saturation: 0, brightness: 1 } }, /\/color\/hue/],
      [{ ...ok, color: { hue: 0, saturation: 0 } }, /\/color/],
      [{ ...ok, secret: 'x' }, /additional properties/],
    ];
    for (const [state, reason] of bad)
      assert.match(light.validState(state) ?? 'valid', reason, JSON.stringify(state));
    assert.doesNotMatch(light.validState({ ...ok, brightness: 'lots' }) ?? '', /lots/, 'never the value');

    const tv = deviceTypeSpec('tv');
    const tvOk = tv.defaultState();
    assert.match(tv.validState({ ...tvOk, volume: 101 }) ?? 'valid', /\/volume/);
    assert.match(tv.validState({ ...tvOk, lastKeystroke: 'SELF_DESTRUCT' }) ?? 'valid', /\/lastKeystroke/);
    assert.match(tv.validState({ ...tvOk, channel: { number: '2' } }) ?? 'valid', /\/channel/);
    assert.match(
      tv.validState({ ...tvOk, playback: { state: 'PLAYING', contentId: null, positionMs: -1 } }) ?? 'valid',
      /\/playback\/positionMs/,
    );

    const room = deviceTypeSpec('meeting-room');
    const meeting = {
      provider: 'Zoom',
      protocol: 'SIP',
      endpoint: 'e@x',
      meetingId: null,
      calendarEventId: null,
    };
    assert.equal(room.validState({ meeting: { ...meeting, pinProvided: true }, calendar: null }), null);
    assert.match(
      room.validState({ meeting: { ...meeting, pinProvided: true, pin: '1234' }, calendar: null }) ?? 'valid',
      /additional properties/,
      'a PIN is never stored',
    );
    assert.match(room.validState({ meeting: null }) ?? 'valid', /calendar/);
    assert.match(
      room.validState({ meeting: { ...meeting, protocol: 'HTTP', pinProvided: false }, calendar: null }) ??
        'valid',
      /\/meeting\/protocol/,
    );
  });
});
