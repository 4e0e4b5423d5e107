import type { SkillCase } from '../case.ts';
import { liveTv } from '../../video/fixtures.ts';

const NS = 'Alexa.Speaker';
const d = (name: string, payload: Record<string, unknown>) =>
  [NS, name, { endpointId: 'tv', payload }] as [string, string, object];

export const cases: SkillCase[] = [
  {
    name: 'SetVolume sets the volume and reports volume and muted',
    directive: d('SetVolume', { volume: 55 }),
    devices: [liveTv()],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'volume', value: 55 },
        { namespace: NS, name: 'muted', value: false },
      ],
    },
    command: { name: 'setVolume', params: { volume: 55 } },
  },
  {
    name: 'AdjustVolume lowers the volume by the amount',
    directive: d('AdjustVolume', { volume: -10, volumeDefault: false }),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'volume', value: 10 }] },
    command: { name: 'adjustVolume', params: { delta: -10 } },
  },
  {
    name: 'AdjustVolume stops at 100',
    directive: d('AdjustVolume', { volume: 90, volumeDefault: false }),
    devices: [liveTv()],
    expect: { name: 'Response', properties: [{ namespace: NS, name: 'volume', value: 100 }] },
  },
  {
    name: 'SetMute mutes and reports muted',
    directive: d('SetMute', { mute: true }),
    devices: [liveTv()],
    expect: {
      name: 'Response',
      properties: [
        { namespace: NS, name: 'muted', value: true },
        { namespace: NS, name: 'volume', value: 20 },
      ],
    },
    command: { name: 'setMute', params: { muted: true } },
  },
  {
    name: 'SetVolume above 100 is VALUE_OUT_OF_RANGE with the TV range',
    directive: d('SetVolume', { volume: 150 }),
    devices: [liveTv()],
    expect: {
      name: 'ErrorResponse',
      error: { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: 0, maximumValue: 100 } },
    },
  },
  {
    name: 'SetMute with a non-boolean is INVALID_DIRECTIVE',
    directive: d('SetMute', { mute: 'yes' }),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a TV with a step speaker does not take Alexa.Speaker',
    directive: d('SetVolume', { volume: 10 }),
    devices: [liveTv('2', { speaker: 'step' })],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
