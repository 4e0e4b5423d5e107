// Runs one virtual device per device in the store, following the registry as it changes: at once
// for changes made in this process (bus events), and by a periodic re-read for changes made by
// another process (the admin CLI writes to the same database while the server runs).
import type { Bus } from '../../cloud/bus.ts';
import type { Devices } from '../../cloud/devices.ts';
import type { Device } from '../../cloud/device-model.ts';
import type { DeviceCredentials } from '../../gateway/credentials.ts';
import type { BrokerLink } from '../../gateway/link.ts';
import type { Topics } from '../../gateway/protocol.ts';
import { deviceTypes } from '../types.ts';
import type { Logger } from '../../log.ts';
import { VirtualDevice, type Faults } from './virtual-device.ts';

export interface FleetOptions {
  devices: Devices;
  credentials: DeviceCredentials;
  bus?: Bus;
  link: BrokerLink;
  topics: Topics;
  logger: Logger;
  /** Re-read the registry this often (ms); 0 = only on bus events. */
  resyncMs?: number;
  /** Per-device faults (simulate --slow/--flaky); devices listed in `offline` are never started. */
  faults?: (deviceId: string) => Faults | undefined;
  offline?: ReadonlySet<string>;
}

export class VirtualFleet {
  private readonly running = new Map<string, VirtualDevice>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly ever = new Set<string>();
  private unsubscribe: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: FleetOptions) {}

  async start(): Promise<void> {
    const { bus } = this.opts;
    if (bus) {
      this.unsubscribe.push(
        bus.on('device-changed', (e) => {
          if (e.change === 'added' || e.change === 'removed') this.resync();
        }),
        bus.on('account-changed', (e) => {
          if (e.change === 'deleted') this.resync();
        }),
      );
    }
    this.resync();
    await this.syncing;
    if (this.opts.resyncMs) {
      this.timer = setInterval(() => this.resync(), this.opts.resyncMs);
      this.timer.unref();
    }
  }

  /** Ids of the devices this fleet has run since it started. */
  ids(): string[] {
    return [...this.ever];
  }

  get(deviceId: string): VirtualDevice | undefined {
    return this.running.get(deviceId);
  }

  /** Resolves when every device known at the last sync has had its first connection attempt. */
  settled(): Promise<void> {
    return this.syncing.then(() => Promise.all([...this.starting.values()])).then(() => undefined);
  }

  resync(): void {
    this.syncing = this.syncing
      .then(() => this.sync())
      .catch((err: unknown) => {
        this.opts.logger.error({ err }, 'virtual devices: could not read the device registry');
      });
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const all = await this.opts.devices.listAll();
    const wanted = new Map<string, Device>();
    for (const d of all) if (deviceTypes[d.type] && !this.opts.offline?.has(d.id)) wanted.set(d.id, d);
    for (const [id, vd] of this.running) {
      if (!wanted.has(id)) {
        this.running.delete(id);
        await vd.stop();
      }
    }
    for (const d of wanted.values()) if (!this.running.has(d.id) && !this.starting.has(d.id)) this.launch(d);
  }

  private launch(device: Device): void {
    const p = (async () => {
      // Only the hash is stored, so a device run here gets a fresh secret each time it starts.
      const secret = await this.opts.credentials.issue(device.id);
      const vd = new VirtualDevice({
        id: device.id,
        type: device.type,
        state: device.state,
        secret,
        link: this.opts.link,
        topics: this.opts.topics,
        logger: this.opts.logger,
        faults: this.opts.faults?.(device.id) ?? {},
      });
      if (this.stopped) return;
      this.running.set(device.id, vd);
      this.ever.add(device.id);
      await vd.start();
    })()
      .catch((err: unknown) => {
        this.opts.logger.warn(
          { deviceId: device.id, err: err instanceof Error ? err.message : String(err) },
          'virtual device did not connect',
        );
      })
      .finally(() => this.starting.delete(device.id));
    this.starting.set(device.id, p);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
    await Promise.all([...this.starting.values()]);
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((vd) => vd.stop()));
  }
}
