// Alexa.SeekController: AdjustSeekPosition moves within the content playing and answers, as Amazon
// documents, with an Alexa.SeekController StateReport carrying positionMilliseconds. Live TV cannot
// be seeked: Alexa.Video ACTION_NOT_PERMITTED_FOR_CONTENT.
import { readNumber, refOf, seekPositionReport, type DiscoveryCapability } from '../../alexa/index.ts';
import { TV_LIMITS } from '../../devices/tv.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { requireTv, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.SeekController';

const capability: DiscoveryCapability = { type: 'AlexaInterface', interface: NAMESPACE, version: '3' };

export const seekController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties: () => [],
  handlers: {
    AdjustSeekPosition: tvCommandHandler(
      (directive) => ({
        name: 'seek',
        params: {
          deltaMs: readNumber(directive.payload, 'deltaPositionMilliseconds', {
            integer: true,
            alexaRange: TV_LIMITS.seekDeltaMs,
          }),
        },
      }),
      (directive, after) =>
        seekPositionReport(
          { ...refOf(directive), endpointId: after.id },
          requireTv(after).playback.positionMs,
        ),
    ),
  },
};
