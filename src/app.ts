// The composition root: builds every service from the configuration, in one visible place.
// Hosting (HTTP server, CLI) takes an App; nothing below imports this file.
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openStore, type Store } from './store/db.ts';
import { Bus } from './cloud/bus.ts';
import type { BusBridge } from './cloud/bus-redis.ts';
import { Accounts } from './cloud/accounts.ts';
import { Devices } from './cloud/devices.ts';
import { DirectDeviceControl, type DeviceControl } from './cloud/device-control.ts';
import type { TokenVerifier } from './auth/verdict.ts';
import type { Gateway } from './gateway/gateway.ts';
import { createLocalVerifier, createOAuthServices, type OAuthServices } from './oauth/services.ts';
import { MemorySignInLimits, type SignInLimits } from './oauth/rate-limit.ts';

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  bus: Bus;
  accounts: Accounts;
  devices: Devices;
  deviceControl: DeviceControl;
  /** OAuth clients, the grants users gave them ("Linked apps"), and the authorization server's keys. */
  oauth: OAuthServices;
  /** The verification primitive: the only judge of an access token in this process. */
  verifier: TokenVerifier;
  /** The MQTT device gateway, when this app runs one (the server does; the admin CLI does not). */
  gateway: Gateway | undefined;
  /** Failed sign-ins per IP, account and pair, counted apart for the web app and the linking pages:
   * in this process, or in Redis shared by every instance when REDIS_URL is set. */
  signInLimits: { web: SignInLimits; linking: SignInLimits };
  /** The Redis bridge carrying bus events to and from other instances, when REDIS_URL is set. */
  busBridge?: BusBridge | undefined;
  /** Closes everything the app opened, in reverse order. */
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** Start the MQTT gateway (broker unless MQTT_URL, virtual devices unless VIRTUAL_DEVICES=off) and
   * send commands through it. Off by default so admin commands and unit tests never open a broker. */
  gateway?: boolean;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...(options.schema ? { schema: options.schema } : {}),
  });
  const bus = new Bus();
  let busBridge: BusBridge | undefined;
  if (config.redisUrl) {
    const url = config.redisUrl;
    // Redis and MQTT clients are imported only when used: CLI commands open an App without either.
    const { startRedisBridge } = await import('./cloud/bus-redis.ts');
    busBridge = await startRedisBridge({ url, channel: config.redisChannel, bus, logger }).catch(
      async (err: unknown) => {
        await store.close();
        throw err;
      },
    );
  }
  let signInLimits: App['signInLimits'] = {
    web: new MemorySignInLimits(),
    linking: new MemorySignInLimits(),
  };
  let closeSignInLimits: (() => Promise<void>) | undefined;
  if (config.redisUrl) {
    const { startRedisSignInLimits } = await import('./oauth/rate-limit-redis.ts');
    const shared = await startRedisSignInLimits({
      url: config.redisUrl,
      prefix: config.redisChannel,
      logger,
    }).catch(async (err: unknown) => {
      await busBridge?.close();
      await store.close();
      throw err;
    });
    signInLimits = { web: shared.scope('web'), linking: shared.scope('linking') };
    closeSignInLimits = shared.close;
  }
  const accounts = new Accounts(store, bus);
  const devices = new Devices(store, bus);
  let deviceControl: DeviceControl = new DirectDeviceControl(devices);
  const oauth = createOAuthServices({
    config,
    logger,
    store,
    bus,
    accounts,
    signInLimits: signInLimits.linking,
  });
  const verifier: TokenVerifier = createLocalVerifier(config, store, oauth.keys);
  const closers: Array<() => Promise<void>> = [() => store.close()];
  if (busBridge) closers.push(busBridge.close);
  if (closeSignInLimits) closers.push(closeSignInLimits);
  let gateway: Gateway | undefined;
  if (options.gateway) {
    const { startGateway } = await import('./gateway/gateway.ts');
    gateway = await startGateway({ config, store, bus, devices, logger }).catch(async (err: unknown) => {
      await closeSignInLimits?.();
      await busBridge?.close();
      await store.close();
      throw err;
    });
    deviceControl = gateway.control;
    closers.push(gateway.close);
  }
  return {
    config,
    logger,
    store,
    bus,
    accounts,
    devices,
    deviceControl,
    oauth,
    verifier,
    signInLimits,
    gateway,
    busBridge,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
