// GatewayDeviceControl.execute (command → MQTT → virtual light → ack → store) against
// DirectDeviceControl.execute (command applied to the store) in the same run, same store (SQLite),
// same device. The difference at p50 is what the MQTT round trip costs. Target: < 2 ms at p50.
// Optional: BENCH_MQTT_URL=mqtt://127.0.0.1:1883 adds a row for an external broker (Mosquitto).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { DirectDeviceControl, type DeviceControl } from '../src/cloud/device-control.ts';
import type { Device } from '../src/cloud/device-model.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const WARMUP = 200;

interface Result {
  name: string;
  p50: number;
  p99: number;
  opsPerSec: number;
}

async function measure(name: string, control: DeviceControl, device: Device): Promise<Result> {
  const run = async (i: number) =>
    control.execute(device, { name: 'setBrightness', params: { brightness: i % 100 } });
  for (let i = 0; i < WARMUP; i++) await run(i);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { name, p50: q(0.5), p99: q(0.99), opsPerSec: (N / total) * 1000 };
}

async function gatewayApp(
  env: Record<string, string>,
): Promise<{ app: App; device: Device; done(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mylights-bench-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    MQTT_PORT: '0',
    MQTT_TOPIC_PREFIX: `bench${process.pid}`,
    ...env,
  });
  const app = await createApp(config, { logger: createLogger('silent'), gateway: true });
  const user = await app.accounts.create(`bench-${process.pid}@example.com`, 'a-long-password');
  const added = await app.devices.add(user.id, 'light', 'Bench Light');
  await new Promise<void>((resolve) => {
    const check = async () => {
      if ((await app.devices.getById(added.id))?.online) {
        off();
        resolve();
      }
    };
    const off = app.bus.on('device-changed', () => void check());
    void check();
  });
  const device = (await app.devices.getById(added.id))!;
  return {
    app,
    device,
    async done() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const fmt = (n: number) => n.toFixed(3).padStart(8);
const rows: Result[] = [];
const embedded = await gatewayApp({});
rows.push(
  await measure(
    'DirectDeviceControl (baseline)',
    new DirectDeviceControl(embedded.app.devices),
    embedded.device,
  ),
);
rows.push(
  await measure('GatewayDeviceControl, embedded broker', embedded.app.deviceControl, embedded.device),
);
await embedded.done();
if (process.env.BENCH_MQTT_URL) {
  const ext = await gatewayApp({ MQTT_URL: process.env.BENCH_MQTT_URL });
  rows.push(await measure('GatewayDeviceControl, MQTT_URL broker', ext.app.deviceControl, ext.device));
  await ext.done();
}

process.stdout.write(
  `execute() round trips, ${N} sequential commands each (after ${WARMUP} warm-up), SQLite store\n`,
);
process.stdout.write(
  `${'path'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ops/s'.padStart(8)}\n`,
);
for (const r of rows)
  process.stdout.write(
    `${r.name.padEnd(40)} ${fmt(r.p50)} ${fmt(r.p99)} ${r.opsPerSec.toFixed(0).padStart(8)}\n`,
  );
const base = rows[0]!;
for (const r of rows.slice(1)) {
  const extra = r.p50 - base.p50;
  process.stdout.write(
    `MQTT round trip extra cost at p50 (${r.name.replace('GatewayDeviceControl, ', '')}): ${extra.toFixed(3)} ms ` +
      `(${(r.p50 / base.p50).toFixed(1)}x the direct path; target < 2 ms: ${extra < 2 ? 'met' : 'NOT met'})\n`,
  );
}
