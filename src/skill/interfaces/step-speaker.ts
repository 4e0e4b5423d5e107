// Alexa.StepSpeaker: volume up/down by steps and mute, for speakers that cannot report or take an
// absolute volume (discovered on TVs whose speaker is "step"). Reports no properties.
import { readNumber, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { readMute } from './speaker.ts';
import { tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.StepSpeaker';

const capability: DiscoveryCapability = { type: 'AlexaInterface', interface: NAMESPACE, version: '3' };

export const stepSpeaker: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device)?.speaker === 'step' ? capability : null),
  properties: () => [],
  handlers: {
    AdjustVolume: tvCommandHandler((directive) => ({
      name: 'stepVolume',
      params: { steps: readNumber(directive.payload, 'volumeSteps', { integer: true }) },
    })),
    SetMute: tvCommandHandler((directive) => ({
      name: 'setMute',
      params: { muted: readMute(directive.payload) },
    })),
  },
};
