// `mylights devices simulate`: the virtual devices as a process of their own, against the same
// store (for credentials and the device list) and the broker the server uses.
import type { App } from '../../app.ts';
import type { DeviceCommand } from '../../cloud/device-model.ts';
import type { BrokerLink } from '../../gateway/link.ts';
import { Topics } from '../../gateway/protocol.ts';
import { DeviceCredentials } from '../../gateway/credentials.ts';
import { VirtualFleet } from './fleet.ts';
import type { Faults } from './virtual-device.ts';

export class SimulateUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateUsageError';
  }
}

/** `--slow 500` (every device) or `--slow light-ab12=500` (one device); same shape for --flaky. */
export interface FaultSpec {
  deviceId: string | undefined;
  value: number;
}

export function parseFaultSpec(raw: string, what: 'slow' | 'flaky'): FaultSpec {
  const m = /^(?:([A-Za-z0-9-]{1,128})=)?([0-9]*\.?[0-9]+)$/.exec(raw.trim());
  if (!m)
    throw new SimulateUsageError(`--${what} takes <value> or <deviceId>=<value>; got ${JSON.stringify(raw)}`);
  const value = Number(m[2]);
  if (what === 'slow' && (!Number.isInteger(value) || value > 60000))
    throw new SimulateUsageError('--slow is a whole number of milliseconds, at most 60000');
  if (what === 'flaky' && value > 1)
    throw new SimulateUsageError('--flaky is a probability between 0 and 1 of dropping a command');
  return { deviceId: m[1], value };
}

export function faultsFor(slow: FaultSpec[], flaky: FaultSpec[]): (deviceId: string) => Faults {
  const pick = (specs: FaultSpec[], id: string) =>
    specs.find((s) => s.deviceId === id)?.value ?? specs.find((s) => s.deviceId === undefined)?.value;
  return (id) => {
    const f: Faults = {};
    const s = pick(slow, id);
    const p = pick(flaky, id);
    if (s) f.slowMs = s;
    if (p) f.flaky = p;
    return f;
  };
}

/** Where a separate process reaches the server's broker. */
export function brokerLinkFor(app: App): BrokerLink {
  const { config } = app;
  if (config.mqttUrl) return { kind: 'url', url: config.mqttUrl };
  if (config.mqttPort === 0)
    throw new SimulateUsageError(
      'the server runs its embedded broker in-process only (MQTT_PORT=0); give it a port or set MQTT_URL',
    );
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return { kind: 'url', url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${config.mqttPort}` };
}

export interface Simulation {
  fleet: VirtualFleet;
  link: BrokerLink;
  stop(): Promise<void>;
}

export async function startSimulation(
  app: App,
  opts: { slow: FaultSpec[]; flaky: FaultSpec[]; offline: string[]; resyncMs: number },
): Promise<Simulation> {
  const link = brokerLinkFor(app);
  const fleet = new VirtualFleet({
    devices: app.devices,
    credentials: new DeviceCredentials(app.store),
    link,
    topics: new Topics(app.config.mqttTopicPrefix),
    logger: app.logger,
    resyncMs: opts.resyncMs,
    faults: faultsFor(opts.slow, opts.flaky),
    offline: new Set(opts.offline),
  });
  await fleet.start();
  await fleet.settled();
  return { fleet, link, stop: () => fleet.stop() };
}

/** A line typed into `simulate`: act on a device as its owner would, by hand. */
export type ConsoleAction =
  | { kind: 'press'; deviceId: string; command: DeviceCommand }
  | { kind: 'crash'; deviceId: string }
  | { kind: 'help' }
  | { kind: 'empty' };

export const CONSOLE_HELP = `commands (one per line):
  press <deviceId> <command> [param=value ...]   change the device by hand, e.g. press light-0a1b setPower powerState=ON
  crash <deviceId>                               drop its connection without goodbye (the broker sends its last will)
  help`;

export function parseConsoleLine(line: string): ConsoleAction {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [verb, deviceId, name, ...rest] = words;
  if (!verb) return { kind: 'empty' };
  if (verb === 'help') return { kind: 'help' };
  if (!deviceId) throw new SimulateUsageError(`${verb} needs a device id`);
  if (verb === 'crash') return { kind: 'crash', deviceId };
  if (verb !== 'press') throw new SimulateUsageError(`unknown command ${JSON.stringify(verb)} (try help)`);
  if (!name) throw new SimulateUsageError('press needs a command name, e.g. setPower');
  const params: Record<string, unknown> = {};
  for (const kv of rest) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new SimulateUsageError(`parameters are param=value; got ${JSON.stringify(kv)}`);
    const raw = kv.slice(i + 1);
    params[kv.slice(0, i)] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return { kind: 'press', deviceId, command: { name, params } };
}
