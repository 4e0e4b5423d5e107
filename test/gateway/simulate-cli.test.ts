import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DeviceUnreachableError } from '../../src/cloud/device-errors.ts';
import { freePort } from '../support/env.ts';
import { BROKERS, gatewayApp, MOSQUITTO_URL } from './support.ts';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

for (const broker of BROKERS) {
  describe(`mylights devices simulate (${broker} broker)`, () => {
    it('runs the store devices as a separate process, with flaky and offline devices', async () => {
      const port = await freePort();
      const t = await gatewayApp(broker, {
        env: { VIRTUAL_DEVICES: 'off', MQTT_PORT: String(port), DEVICE_TIMEOUT_MS: '300' },
      });
      const good = await t.addDevice('light', 'Good');
      const flaky = await t.addDevice('light', 'Dropping');
      const away = await t.addDevice('light', 'Away');
      const child = spawn(
        process.execPath,
        [BIN, 'devices', 'simulate', '--flaky', `${flaky.id}=1`, '--offline', away.id],
        {
          env: {
            ...process.env,
            DATA_DIR: t.app.config.dataDir,
            MQTT_PORT: String(port),
            MQTT_TOPIC_PREFIX: t.prefix,
            LOG_LEVEL: 'silent',
            ...(broker === 'mosquitto' ? { MQTT_URL: MOSQUITTO_URL } : { MQTT_URL: '' }),
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const online = async (id: string) => (await t.app.devices.getById(id))?.online === true;
        await t.until(async () => (await online(good.id)) && (await online(flaky.id)));
        assert.match(out, /simulating 2 device\(s\)/);

        const after = await t.app.deviceControl.execute((await t.app.devices.getById(good.id))!, {
          name: 'setPower',
          params: { powerState: 'ON' },
        });
        assert.equal(after.state.powerState, 'ON');
        await assert.rejects(
          t.app.deviceControl.execute((await t.app.devices.getById(flaky.id))!, {
            name: 'setPower',
            params: { powerState: 'ON' },
          }),
          (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'timeout',
        );
        await assert.rejects(
          t.app.deviceControl.execute((await t.app.devices.getById(away.id))!, {
            name: 'setPower',
            params: { powerState: 'ON' },
          }),
          (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'offline',
        );

        // A hand on the switch: typed into the simulator, reported by the device, stored by the gateway.
        child.stdin.write('press nope setPower\n');
        child.stdin.write(`press ${good.id} setBrightness brightness=17\n`);
        await t.until(async () => (await t.app.devices.getById(good.id))?.state.brightness === 17);
        assert.match(out, /error: no device nope runs here/);

        child.kill('SIGTERM');
        assert.equal(await exited, 0, out);
        await t.until(async () => !(await online(good.id)) && !(await online(flaky.id)));
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await t.cleanup();
      }
    });
  });
}
