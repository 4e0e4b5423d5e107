// Alexa.BrightnessController: SetBrightness / AdjustBrightness on lights, reports brightness (0..100).
import { property, readNumber, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { commandHandler } from '../control.ts';
import { isLight, lightState } from './light-state.ts';

const NAMESPACE = 'Alexa.BrightnessController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: { supported: [{ name: 'brightness' }], proactivelyReported: false, retrievable: true },
};

export const brightnessController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (isLight(device) ? capability : null),
  properties: (device) => [
    property(NAMESPACE, 'brightness', lightState(device).brightness, device.updatedAt),
  ],
  handlers: {
    SetBrightness: commandHandler((d) => ({
      name: 'setBrightness',
      params: { brightness: readNumber(d.payload, 'brightness', { integer: true }) },
    })),
    AdjustBrightness: commandHandler((d) => ({
      name: 'adjustBrightness',
      params: { brightnessDelta: readNumber(d.payload, 'brightnessDelta', { integer: true }) },
    })),
  },
};
