// The demo account `npm start` creates, so a newcomer has something to link and control at once.
import type { App } from '../app.ts';
import type { DeviceType } from './device-model.ts';
import { deviceTypes } from '../devices/types.ts';

export const DEMO_EMAIL = 'demo@mylights.local';
export const DEMO_PASSWORD = 'lights-demo';

const DEMO_DEVICES: Array<{ type: DeviceType; name: string }> = [
  { type: 'light', name: 'Kitchen Light' },
  { type: 'light', name: 'Desk Lamp' },
  { type: 'light', name: 'Living Room Light' },
  { type: 'tv', name: 'Living Room TV' },
  { type: 'meeting-room', name: 'Board Room' },
];

/** Creates the demo account and its devices if missing; never touches an existing demo account's devices. */
export async function ensureDemoAccount(
  app: App,
): Promise<{ email: string; password: string; created: boolean }> {
  const existing = await app.accounts.findByEmail(DEMO_EMAIL);
  if (existing) return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: false };
  const user = await app.accounts.create(DEMO_EMAIL, DEMO_PASSWORD);
  for (const d of DEMO_DEVICES) {
    if (deviceTypes[d.type]) await app.devices.add(user.id, d.type, d.name);
  }
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true };
}
