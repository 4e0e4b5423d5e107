// The "Alexa" interface: every endpoint declares it, and ReportState is answered with a StateReport
// of everything every module reports for the device (EndpointHealth UNREACHABLE when offline).
import type { DiscoveryCapability } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';

const capability: DiscoveryCapability = { type: 'AlexaInterface', interface: 'Alexa', version: '3' };

export const alexaInterface: InterfaceModule = {
  namespace: 'Alexa',
  capability: () => capability,
  properties: () => [],
  handlers: {
    async ReportState(directive, ctx) {
      const device = await ctx.endpointDevice(directive);
      return ctx.stateReport(directive, device);
    },
  },
};
