// Alexa.PowerController: TurnOn / TurnOff, reports powerState. Applies to every device whose state
// has a powerState of ON or OFF (lights, and any later type that keeps one), commanded by setPower.
import { property, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';
import type { Device } from '../ports.ts';
import { commandHandler } from '../control.ts';

const NAMESPACE = 'Alexa.PowerController';

function hasPower(device: Device): boolean {
  const p = device.state.powerState;
  return p === 'ON' || p === 'OFF';
}

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: { supported: [{ name: 'powerState' }], proactivelyReported: false, retrievable: true },
};

export const powerController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (hasPower(device) ? capability : null),
  properties: (device) => [property(NAMESPACE, 'powerState', device.state.powerState, device.updatedAt)],
  handlers: {
    TurnOn: commandHandler(() => ({ name: 'setPower', params: { powerState: 'ON' } })),
    TurnOff: commandHandler(() => ({ name: 'setPower', params: { powerState: 'OFF' } })),
  },
};
