// Alexa.ColorTemperatureController: SetColorTemperature, IncreaseColorTemperature (cooler, +1 step),
// DecreaseColorTemperature (warmer, -1 step) on lights; reports colorTemperatureInKelvin.
import { property, readNumber, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { commandHandler } from '../control.ts';
import { isLight, lightState } from './light-state.ts';

const NAMESPACE = 'Alexa.ColorTemperatureController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: {
    supported: [{ name: 'colorTemperatureInKelvin' }],
    proactivelyReported: false,
    retrievable: true,
  },
};

export const colorTemperatureController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (isLight(device) ? capability : null),
  properties: (device) => [
    property(
      NAMESPACE,
      'colorTemperatureInKelvin',
      lightState(device).colorTemperatureInKelvin,
      device.updatedAt,
    ),
  ],
  handlers: {
    SetColorTemperature: commandHandler((d) => ({
      name: 'setColorTemperature',
      params: {
        colorTemperatureInKelvin: readNumber(d.payload, 'colorTemperatureInKelvin', { integer: true }),
      },
    })),
    // Increase = cooler = more Kelvin; the light decides the step size.
    IncreaseColorTemperature: commandHandler(() => ({
      name: 'adjustColorTemperature',
      params: { steps: 1 },
    })),
    DecreaseColorTemperature: commandHandler(() => ({
      name: 'adjustColorTemperature',
      params: { steps: -1 },
    })),
  },
};
