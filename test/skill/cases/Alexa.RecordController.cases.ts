import type { SkillCase } from '../case.ts';
import { liveTv, playingTv } from '../../video/fixtures.ts';

const NS = 'Alexa.RecordController';
const d = (name: string) => [NS, name, { endpointId: 'tv' }] as [string, string, object];
const recording = (v: string) => ({ namespace: NS, name: 'RecordingState', value: v });

export const cases: SkillCase[] = [
  {
    name: 'StartRecording records the current channel and reports RECORDING',
    directive: d('StartRecording'),
    devices: [liveTv('7')],
    expect: { name: 'Response', properties: [recording('RECORDING')] },
    command: { name: 'startRecording', params: {} },
  },
  {
    name: 'StopRecording reports NOT_RECORDING',
    directive: d('StopRecording'),
    devices: [liveTv('7', { recording: { state: 'RECORDING', channelNumber: '7' } })],
    expect: { name: 'Response', properties: [recording('NOT_RECORDING')] },
    command: { name: 'stopRecording', params: {} },
  },
  {
    name: 'StartRecording while recording keeps recording',
    directive: d('StartRecording'),
    devices: [liveTv('7', { recording: { state: 'RECORDING', channelNumber: '7' } })],
    expect: { name: 'Response', properties: [recording('RECORDING')] },
  },
  {
    name: 'a channel that forbids recording is Alexa.Video CONTENT_NOT_RECORDABLE',
    directive: d('StartRecording'),
    devices: [liveTv('999')],
    expect: { namespace: 'Alexa.Video', name: 'ErrorResponse', error: { type: 'CONTENT_NOT_RECORDABLE' } },
    command: null,
  },
  {
    name: 'on-demand content is Alexa.Video CONTENT_NOT_RECORDABLE',
    directive: d('StartRecording'),
    devices: [playingTv()],
    expect: { namespace: 'Alexa.Video', name: 'ErrorResponse', error: { type: 'CONTENT_NOT_RECORDABLE' } },
    command: null,
  },
  {
    name: 'a full DVR is Alexa.Video STORAGE_FULL',
    directive: d('StartRecording'),
    devices: [liveTv('7', { recording: { recordings: ['2', '4'], capacity: 2 } })],
    expect: { namespace: 'Alexa.Video', name: 'ErrorResponse', error: { type: 'STORAGE_FULL' } },
    command: null,
  },
];
