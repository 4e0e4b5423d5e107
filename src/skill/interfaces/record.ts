// Alexa.RecordController: StartRecording / StopRecording of what is on the current channel; reports
// RecordingState. On-demand content and channels that forbid recording are Alexa.Video
// CONTENT_NOT_RECORDABLE, a full DVR STORAGE_FULL.
import { property, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { PROPERTIES, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.RecordController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: PROPERTIES(['RecordingState']),
};

export const recordController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties(device) {
    const tv = tvOf(device);
    return tv ? [property(NAMESPACE, 'RecordingState', tv.recording.state, device.updatedAt)] : [];
  },
  handlers: {
    StartRecording: tvCommandHandler(() => ({ name: 'startRecording', params: {} })),
    StopRecording: tvCommandHandler(() => ({ name: 'stopRecording', params: {} })),
  },
};
