// Alexa.KeypadController: SendKeystroke for on-screen navigation (moves the focus on a results
// screen, SELECT plays the focused title). Amazon's message schema does not know this interface;
// schemas/parts/ describes its discovery entry.
import { InvalidValueError, type DiscoveryCapability } from '../../alexa/index.ts';
import { KEYSTROKES } from '../../devices/tv.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { requiredString, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.KeypadController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  keys: [...KEYSTROKES],
};

export const keypadController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties: () => [],
  handlers: {
    SendKeystroke: tvCommandHandler((directive) => {
      const key = requiredString(directive.payload, 'keystroke');
      if (!(KEYSTROKES as readonly string[]).includes(key))
        throw new InvalidValueError(`keystroke ${key} is not one of ${KEYSTROKES.join(', ')}`);
      return { name: 'keystroke', params: { key } };
    }),
  },
};
