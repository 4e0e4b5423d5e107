// The all-in-one server's adapters for the skill's ports: the device cloud and the verifier are
// in-process calls, and the verdict cache hears revocations on the bus. The core (pipeline, modules)
// never imports this file; the Lambda shape provides the same ports over HTTP instead.
import type { App } from '../app.ts';
import { DirectDeviceControl } from '../cloud/device-control.ts';
import { NoSuchDeviceError } from '../cloud/device-errors.ts';
import type { Device, DeviceCommand } from '../cloud/device-model.ts';
import type { SkillCloud, TokenVerifier } from './ports.ts';
import { VerdictCache } from './verdict-cache.ts';
import { createSkill, type Skill } from './pipeline.ts';
import { registry } from './interfaces/index.ts';
import { DirectiveRateLimiter } from './rate-limit.ts';

export function inProcessCloud(app: App): SkillCloud {
  return {
    listDevices: (userId) => app.devices.list(userId),
    getDevice: (userId, endpointId) => app.devices.get(userId, endpointId),
    async execute(userId: string, device: Device, command: DeviceCommand) {
      if (device.userId !== userId) throw new NoSuchDeviceError(device.id);
      return app.deviceControl.execute(device, command);
    },
    // Read per call: the gateway replaces deviceControl after the app is built.
    get tracksConnectivity() {
      return !(app.deviceControl instanceof DirectDeviceControl);
    },
  };
}

/** Always asks the app's current verifier (tests and later wiring may replace app.verifier). */
export function appVerifier(app: App): TokenVerifier {
  return { verify: (token, digest) => app.verifier.verify(token, digest) };
}

export interface InProcessSkill extends Skill {
  cache: VerdictCache;
  /** Unsubscribes from the bus. */
  close(): void;
}

/** The skill wired to an App: in-process ports, verdict cache kept honest by bus events. */
export function inProcessSkill(
  app: App,
  opts: { verifyTimeoutMs?: number; directiveTimeoutMs?: number } = {},
): InProcessSkill {
  const cache = new VerdictCache(appVerifier(app), { ttlMs: app.config.verdictCacheMs });
  const off = [
    app.bus.on('grant-revoked', (e) => {
      cache.invalidateGrant(e.grantId);
      if (e.userId) cache.invalidateUser(e.userId);
    }),
    app.bus.on('account-changed', (e) => cache.invalidateUser(e.userId)),
  ];
  const skill = createSkill({
    registry,
    verifier: cache,
    cloud: inProcessCloud(app),
    logger: app.logger,
    verifyTimeoutMs: opts.verifyTimeoutMs ?? app.config.verifyTimeoutMs,
    directiveTimeoutMs: opts.directiveTimeoutMs ?? app.config.directiveTimeoutMs,
    rateLimiter: new DirectiveRateLimiter({
      perEndpoint: app.config.directiveRatePerEndpoint,
      perUser: app.config.directiveRatePerUser,
    }),
  });
  return {
    ...skill,
    cache,
    close: () => off.forEach((f) => f()),
  };
}
