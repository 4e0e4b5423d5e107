// Alexa.Speaker: absolute volume (SetVolume, AdjustVolume) and SetMute; reports volume and muted.
// Discovered on TVs whose speaker takes absolute volume; the others get Alexa.StepSpeaker.
import { property, readNumber, InvalidDirectiveError, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import type { Device } from '../ports.ts';
import { PROPERTIES, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.Speaker';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: PROPERTIES(['volume', 'muted']),
};

const absolute = (device: Device) => tvOf(device)?.speaker === 'absolute';

export function readMute(payload: Record<string, unknown>): boolean {
  if (typeof payload.mute !== 'boolean')
    throw new InvalidDirectiveError('payload.mute must be true or false');
  return payload.mute;
}

export const speaker: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (absolute(device) ? capability : null),
  properties(device) {
    const tv = tvOf(device);
    if (!tv) return [];
    return [
      property(NAMESPACE, 'volume', tv.volume, device.updatedAt),
      property(NAMESPACE, 'muted', tv.muted, device.updatedAt),
    ];
  },
  handlers: {
    SetVolume: tvCommandHandler((directive) => ({
      name: 'setVolume',
      params: { volume: readNumber(directive.payload, 'volume', { integer: true }) },
    })),
    AdjustVolume: tvCommandHandler((directive) => ({
      name: 'adjustVolume',
      params: { delta: readNumber(directive.payload, 'volume', { integer: true }) },
    })),
    SetMute: tvCommandHandler((directive) => ({
      name: 'setMute',
      params: { muted: readMute(directive.payload) },
    })),
  },
};
