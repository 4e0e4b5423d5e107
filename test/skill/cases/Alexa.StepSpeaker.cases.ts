import type { SkillCase } from '../case.ts';
import { liveTv } from '../../video/fixtures.ts';

const NS = 'Alexa.StepSpeaker';
const d = (name: string, payload: Record<string, unknown>) =>
  [NS, name, { endpointId: 'tv', payload }] as [string, string, object];
const stepTv = () => liveTv('2', { speaker: 'step' });

export const cases: SkillCase[] = [
  {
    name: 'AdjustVolume turns the volume up by steps',
    directive: d('AdjustVolume', { volumeSteps: 5, volumeStepsDefault: false }),
    devices: [stepTv()],
    expect: { name: 'Response' },
    command: { name: 'stepVolume', params: { steps: 5 } },
  },
  {
    name: 'AdjustVolume turns the volume down by the default steps',
    directive: d('AdjustVolume', { volumeSteps: -3, volumeStepsDefault: true }),
    devices: [stepTv()],
    expect: { name: 'Response' },
    command: { name: 'stepVolume', params: { steps: -3 } },
  },
  {
    name: 'SetMute unmutes',
    directive: d('SetMute', { mute: false }),
    devices: [liveTv('2', { speaker: 'step', muted: true })],
    expect: { name: 'Response' },
    command: { name: 'setMute', params: { muted: false } },
  },
  {
    name: 'AdjustVolume without volumeSteps is INVALID_DIRECTIVE',
    directive: d('AdjustVolume', {}),
    devices: [stepTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
  {
    name: 'a TV with absolute volume does not take Alexa.StepSpeaker',
    directive: d('AdjustVolume', { volumeSteps: 1 }),
    devices: [liveTv()],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
    command: null,
  },
];
