// Alexa.InputController: SelectInput; reports input. Discovery lists the TV's inputs by name;
// "HDMI1" and "hdmi 1" both select "HDMI 1".
import { InvalidValueError, property, type DiscoveryCapability } from '../../alexa/index.ts';
import { findInput } from '../../devices/tv.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { PROPERTIES, requiredString, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.InputController';

export const inputController: InterfaceModule = {
  namespace: NAMESPACE,
  capability(device) {
    const tv = tvOf(device);
    if (!tv) return null;
    return {
      type: 'AlexaInterface',
      interface: NAMESPACE,
      version: '3',
      inputs: tv.inputs.map((name) => ({ name })),
      properties: PROPERTIES(['input']),
    } satisfies DiscoveryCapability;
  },
  properties(device) {
    const tv = tvOf(device);
    return tv ? [property(NAMESPACE, 'input', tv.input, device.updatedAt)] : [];
  },
  handlers: {
    SelectInput: tvCommandHandler((directive, tv) => {
      const wanted = requiredString(directive.payload, 'input');
      const input = findInput(tv.inputs, wanted);
      if (!input)
        throw new InvalidValueError(`this TV has no input ${wanted} (it has ${tv.inputs.join(', ')})`);
      return { name: 'selectInput', params: { input } };
    }),
  },
};
