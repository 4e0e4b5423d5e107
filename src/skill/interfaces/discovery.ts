// Alexa.Discovery: Discover answers with the token owner's endpoints only, at most 300 (Alexa's
// limit), each described by every registered module that applies to it. A device no module can
// control is left out rather than shown as a dead tile.
import { discoverResponse, refOf, type DiscoveryEndpoint } from '../../alexa/index.ts';
import type { InterfaceModule } from '../interface-module.ts';

export const MAX_DISCOVERED_ENDPOINTS = 300;

export const discovery: InterfaceModule = {
  namespace: 'Alexa.Discovery',
  capability: () => null,
  properties: () => [],
  handlers: {
    async Discover(directive, ctx) {
      const devices = await ctx.cloud.listDevices(ctx.user.userId);
      const endpoints: DiscoveryEndpoint[] = [];
      for (const device of devices) {
        if (device.userId !== ctx.user.userId) continue; // defence in depth: never another user's device
        const endpoint = ctx.describe(device);
        if (endpoint) endpoints.push(endpoint);
        if (endpoints.length === MAX_DISCOVERED_ENDPOINTS) break;
      }
      return discoverResponse(refOf(directive), endpoints);
    },
  },
};
