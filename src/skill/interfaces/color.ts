// Alexa.ColorController: SetColor (HSB) on lights, reports color.
import { property, readNumber, readObject, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { commandHandler } from '../control.ts';
import { isLight, lightState } from './light-state.ts';

const NAMESPACE = 'Alexa.ColorController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: { supported: [{ name: 'color' }], proactivelyReported: false, retrievable: true },
};

export const colorController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (isLight(device) ? capability : null),
  properties: (device) => [property(NAMESPACE, 'color', { ...lightState(device).color }, device.updatedAt)],
  handlers: {
    SetColor: commandHandler((d) => {
      const color = readObject(d.payload, 'color');
      return {
        name: 'setColor',
        params: {
          hue: readNumber(color, 'hue'),
          saturation: readNumber(color, 'saturation'),
          brightness: readNumber(color, 'brightness'),
        },
      };
    }),
  },
};
