// How a device appears in Discover.Response: its identity plus every capability the registered
// modules give it, in registration order.
import type { DiscoveryEndpoint } from '../alexa/index.ts';
import type { DeviceType } from '../cloud/device-model.ts';
import type { Device } from './ports.ts';
import type { Registry } from './registry.ts';

export const MANUFACTURER = 'mylights';

/** Alexa display category per device type (what icon and utterances the Alexa app uses). */
export const DISPLAY_CATEGORIES: Record<DeviceType, string[]> = {
  light: ['LIGHT'],
  tv: ['TV'],
  'meeting-room': ['OTHER'],
};

const DESCRIPTIONS: Record<DeviceType, string> = {
  light: 'Virtual light by mylights',
  tv: 'Virtual TV by mylights',
  'meeting-room': 'Virtual meeting room by mylights',
};

/** Modules whose presence alone does not make a device controllable. */
const REPORTING_ONLY = new Set(['Alexa', 'Alexa.EndpointHealth']);

/** The Discover entry for a device, or null when no registered interface can control it. */
export function describeEndpoint(registry: Registry, device: Device): DiscoveryEndpoint | null {
  const capabilities = [];
  let controllable = false;
  for (const m of registry.modules) {
    const cap = m.capability(device);
    if (!cap) continue;
    capabilities.push(cap);
    if (!REPORTING_ONLY.has(m.namespace) && Object.keys(m.handlers).length > 0) controllable = true;
  }
  if (!controllable) return null;
  return {
    endpointId: device.id,
    manufacturerName: MANUFACTURER,
    description: DESCRIPTIONS[device.type] ?? 'Device by mylights',
    friendlyName: device.name.slice(0, 128),
    displayCategories: DISPLAY_CATEGORIES[device.type] ?? ['OTHER'],
    capabilities,
  };
}
