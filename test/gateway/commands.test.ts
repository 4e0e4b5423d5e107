import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceUnreachableError, DeviceValueError } from '../../src/cloud/device-errors.ts';
import { BROKERS, gatewayApp } from './support.ts';

for (const broker of BROKERS) {
  describe(`gateway commands over MQTT (${broker} broker)`, () => {
    it('a command reaches the virtual light and the result carries the state it acknowledged', async () => {
      const t = await gatewayApp(broker);
      try {
        const light = await t.addDevice();
        assert.equal(light.online, true);
        const after = await t.app.deviceControl.execute(light, {
          name: 'setBrightness',
          params: { brightness: 42 },
        });
        const vd = t.gateway.fleet!.get(light.id)!;
        assert.equal(vd.state.brightness, 42, 'the device itself applied the command');
        assert.deepEqual(after.state, vd.state, 'the result is the state the device acknowledged');
        assert.equal(after.state.powerState, 'ON');
        const stored = await t.app.devices.getById(light.id);
        assert.deepEqual(stored!.state, vd.state, 'the acknowledged state is stored');
      } finally {
        await t.cleanup();
      }
    });

    it('a device that never acknowledges gives DeviceUnreachableError(timeout) after DEVICE_TIMEOUT_MS', async () => {
      const t = await gatewayApp(broker, { env: { DEVICE_TIMEOUT_MS: '200' } });
      try {
        const light = await t.addDevice();
        t.gateway.fleet!.get(light.id)!.faults = { mute: true };
        await assert.rejects(
          t.app.deviceControl.execute(light, { name: 'setPower', params: { powerState: 'ON' } }),
          (err: unknown) =>
            err instanceof DeviceUnreachableError && err.why === 'timeout' && err.deviceId === light.id,
        );
        const stored = await t.app.devices.getById(light.id);
        assert.equal(stored!.state.powerState, 'OFF', 'nothing acknowledged, nothing stored');
      } finally {
        await t.cleanup();
      }
    });

    it('a device that lost its connection is offline in the store (last will) and fails at once', async () => {
      // A long timeout: if the gateway waited for an ack, the reason would be timeout, not offline.
      const t = await gatewayApp(broker, { env: { DEVICE_TIMEOUT_MS: '7000' } });
      try {
        const light = await t.addDevice();
        await t.gateway.fleet!.stop();
        const vd = await (async () => {
          // A device of our own, so stopping the fleet cannot mark it offline itself: only the will can.
          const { VirtualDevice } = await import('../../src/devices/virtual/virtual-device.ts');
          const d = new VirtualDevice({
            id: light.id,
            type: light.type,
            state: light.state,
            secret: await t.gateway.credentials.issue(light.id),
            link: t.gateway.link,
            topics: t.gateway.topics,
            logger: t.app.logger,
          });
          await d.start();
          return d;
        })();
        await t.until(async () => (await t.app.devices.getById(light.id))?.online === true);
        vd.crash();
        await t.until(async () => (await t.app.devices.getById(light.id))?.online === false);
        assert.equal(t.gateway.deviceStatus(light.id), 'offline');
        const current = (await t.app.devices.getById(light.id))!;
        await assert.rejects(
          t.app.deviceControl.execute(current, { name: 'setPower', params: { powerState: 'ON' } }),
          (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'offline',
        );
      } finally {
        await t.cleanup();
      }
    });

    it('commands waiting for an ack fail at once as offline when their device drops, and when the gateway stops', async () => {
      // A long timeout: a command that waited for it would fail as timeout, and only after 7 s.
      const t = await gatewayApp(broker, { env: { DEVICE_TIMEOUT_MS: '7000' } });
      let stopped = false;
      try {
        const [dropped, other] = [await t.addDevice('light', 'Porch'), await t.addDevice('light', 'Hall')];
        for (const d of [dropped, other]) t.gateway.fleet!.get(d.id)!.faults = { mute: true };
        const started = performance.now();
        const failsOffline = (p: Promise<unknown>) =>
          assert.rejects(p, (err: unknown) => err instanceof DeviceUnreachableError && err.why === 'offline');
        const turnOn = (d: typeof dropped) =>
          t.app.deviceControl.execute(d, { name: 'setPower', params: { powerState: 'ON' } });
        // Two commands wait on the device that drops, one on a device that stays.
        const onDropped = [failsOffline(turnOn(dropped)), failsOffline(turnOn(dropped))];
        let otherSettled = false;
        const onOther = failsOffline(turnOn(other).finally(() => (otherSettled = true)));
        t.gateway.fleet!.get(dropped.id)!.crash(); // its last will says offline
        await Promise.all(onDropped);
        assert.equal(otherSettled, false, 'a command to a device that is still online keeps waiting');
        await t.cleanup(); // the gateway stops: what still waits fails now
        stopped = true;
        await onOther;
        const waited = performance.now() - started;
        assert.ok(waited < 5000, `the commands failed only after ${Math.round(waited)} ms`);
      } finally {
        if (!stopped) await t.cleanup();
      }
    });

    it('a change made on the device updates the store and emits device-changed', async () => {
      const t = await gatewayApp(broker);
      try {
        const light = await t.addDevice();
        const events: string[] = [];
        t.app.bus.on('device-changed', (e) => {
          if (e.deviceId === light.id) events.push(e.change);
        });
        await t.gateway.fleet!.get(light.id)!.press({ name: 'setPower', params: { powerState: 'ON' } });
        await t.until(async () => (await t.app.devices.getById(light.id))?.state.powerState === 'ON');
        assert.ok(events.includes('state'));
      } finally {
        await t.cleanup();
      }
    });

    it('a value the device does not take gives DeviceValueError with the valid range', async () => {
      const t = await gatewayApp(broker);
      try {
        const light = await t.addDevice();
        await assert.rejects(
          t.app.deviceControl.execute(light, { name: 'setBrightness', params: { brightness: 150 } }),
          (err: unknown) =>
            err instanceof DeviceValueError &&
            err.deviceId === light.id &&
            err.validRange?.minimumValue === 0 &&
            err.validRange.maximumValue === 100,
        );
        assert.equal((await t.app.devices.getById(light.id))!.state.brightness, 100, 'state unchanged');
      } finally {
        await t.cleanup();
      }
    });
  });
}
