// Alexa.PlaybackController: Play, Pause, Stop, StartOver, Previous, Next, Rewind, FastForward, all
// listed in supportedOperations. The playback state afterwards is reported by
// Alexa.PlaybackStateReporter (playback-state.ts) in the Response's context.
import type { DiscoveryCapability } from '../../alexa/index.ts';
import { PLAYBACK_OPERATIONS } from '../../devices/tv.ts';
import type { DirectiveHandler, InterfaceModule } from '../interface-module.ts';
import { tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.PlaybackController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  supportedOperations: [...PLAYBACK_OPERATIONS],
};

export const playbackController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties: () => [],
  handlers: Object.fromEntries(
    PLAYBACK_OPERATIONS.map((operation): [string, DirectiveHandler] => [
      operation,
      tvCommandHandler(() => ({ name: 'playback', params: { operation } })),
    ]),
  ),
};
