// Alexa.PlaybackStateReporter: reports playbackState (PLAYING, PAUSED, STOPPED). No directives.
// Interface version "1.0" as in Amazon's PlaybackController page; Amazon's message schema does not
// know it, so schemas/parts/ describes it.
import { property, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { PROPERTIES, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.PlaybackStateReporter';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '1.0',
  properties: PROPERTIES(['playbackState']),
};

export const playbackStateReporter: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties(device) {
    const tv = tvOf(device);
    return tv ? [property(NAMESPACE, 'playbackState', { state: tv.playback.state }, device.updatedAt)] : [];
  },
  handlers: {},
};
