// Alexa.EndpointHealth: reports connectivity (OK / UNREACHABLE) for every endpoint. No directives.
// The pipeline hands modules a device whose `online` is true whenever the cloud does not track
// connectivity, so UNREACHABLE is only said when a gateway knows the device is gone.
import { property, type DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';

const NAMESPACE = 'Alexa.EndpointHealth';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: { supported: [{ name: 'connectivity' }], proactivelyReported: false, retrievable: true },
};

export const endpointHealth: InterfaceModule = {
  namespace: NAMESPACE,
  capability: () => capability,
  properties: (device, now) => [
    property(NAMESPACE, 'connectivity', { value: device.online ? 'OK' : 'UNREACHABLE' }, now),
  ],
  handlers: {},
};
