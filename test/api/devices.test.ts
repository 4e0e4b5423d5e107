import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshServer } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import type { ApiDevice, ApiDeviceList } from '../../src/cloud/api/contract.ts';
import { DeviceUnreachableError } from '../../src/cloud/device-errors.ts';
import { capturingLogger } from '../support/log-capture.ts';

for (const dialect of DIALECTS) {
  describe(`resource API devices (${dialect})`, () => {
    let s: Awaited<ReturnType<typeof freshServer>>;
    const verifier = new ScriptedVerifier();
    let ann: string;
    let bob: string;
    let annLight: ApiDevice;
    let bobLight: ApiDevice;
    let base: string;
    const as = (userId: string) => ({ authorization: `Bearer ${verifier.valid(userId)}` });
    const logs = capturingLogger('info');

    before(async () => {
      s = await freshServer(dialect, { logger: logs.logger });
      s.app.verifier = verifier;
      ann = (await s.app.accounts.create('ann@example.com', 'password-1')).id;
      bob = (await s.app.accounts.create('bob@example.com', 'password-1')).id;
      annLight = (await s.app.devices.add(ann, 'light', 'Kitchen')) as unknown as ApiDevice;
      bobLight = (await s.app.devices.add(bob, 'light', 'Garage')) as unknown as ApiDevice;
      base = `${s.url}/api/v1`;
    });
    after(() => s.cleanup());

    it("lists only the caller's devices, with type, name and state", async () => {
      const res = await fetch(`${base}/devices`, { headers: as(ann) });
      assert.equal(res.status, 200);
      const body = (await res.json()) as ApiDeviceList;
      assert.deepEqual(
        body.devices.map((d) => [d.id, d.type, d.name]),
        [[annLight.id, 'light', 'Kitchen']],
      );
      assert.equal(body.devices[0]!.state.powerState, 'OFF');
      assert.equal('userId' in body.devices[0]!, false, 'no internal ids leak');
    });

    it('gets one device, and 404s for another user’s device exactly like a missing one', async () => {
      const own = await fetch(`${base}/devices/${annLight.id}`, { headers: as(ann) });
      assert.equal(own.status, 200);
      assert.equal(((await own.json()) as ApiDevice).id, annLight.id);
      const other = await fetch(`${base}/devices/${bobLight.id}`, { headers: as(ann) });
      const missing = await fetch(`${base}/devices/light-000000000000`, { headers: as(ann) });
      assert.equal(other.status, 404);
      assert.equal(missing.status, 404);
      const [a, b] = [(await other.json()) as { error: string }, (await missing.json()) as { error: string }];
      assert.equal(a.error, 'not_found');
      assert.equal(b.error, 'not_found');
    });

    it('executes a command and answers with the acknowledged device', async () => {
      const res = await fetch(`${base}/devices/${annLight.id}/commands`, {
        method: 'POST',
        headers: { ...as(ann), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'setPower', params: { powerState: 'ON' } }),
      });
      assert.equal(res.status, 200);
      const device = (await res.json()) as ApiDevice;
      assert.equal(device.state.powerState, 'ON');
      const stored = await s.app.devices.get(ann, annLight.id);
      assert.equal(stored?.state.powerState, 'ON');
    });

    it("refuses to command another user's device (404) and leaves it unchanged", async () => {
      const res = await fetch(`${base}/devices/${bobLight.id}/commands`, {
        method: 'POST',
        headers: { ...as(ann), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'setPower', params: { powerState: 'ON' } }),
      });
      assert.equal(res.status, 404);
      assert.equal((await s.app.devices.get(bob, bobLight.id))?.state.powerState, 'OFF');
    });

    it('422 invalid_value with validRange for a value the device refuses', async () => {
      const res = await fetch(`${base}/devices/${annLight.id}/commands`, {
        method: 'POST',
        headers: { ...as(ann), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'setBrightness', params: { brightness: 140 } }),
      });
      assert.equal(res.status, 422);
      const body = (await res.json()) as { error: string; validRange: unknown };
      assert.equal(body.error, 'invalid_value');
      assert.deepEqual(body.validRange, { minimumValue: 0, maximumValue: 100 });
    });

    it('400 invalid_request for a body that fails the schema', async () => {
      for (const body of ['{"params":{}}', '{"name":"x y"}', '[]', '{"name":"setPower","extra":1}']) {
        const res = await fetch(`${base}/devices/${annLight.id}/commands`, {
          method: 'POST',
          headers: { ...as(ann), 'content-type': 'application/json' },
          body,
        });
        assert.equal(res.status, 400, body);
        assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
      }
    });

    it('502 offline / 504 timeout device_unreachable when the device does not answer', async () => {
      const original = s.app.deviceControl;
      const before = logs.lines.length;
      try {
        for (const [why, status] of [
          ['offline', 502],
          ['timeout', 504],
        ] as const) {
          s.app.deviceControl = {
            execute: async (d) => {
              throw new DeviceUnreachableError(d.id, why);
            },
          };
          const res = await fetch(`${base}/devices/${annLight.id}/commands`, {
            method: 'POST',
            headers: { ...as(ann), 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'setPower', params: { powerState: 'OFF' } }),
          });
          assert.equal(res.status, status);
          const body = (await res.json()) as { error: string; reason: string };
          assert.deepEqual([body.error, body.reason], ['device_unreachable', why]);
        }
        // An unplugged light is everyday life: logged at warn as the device's, never at error level.
        const lines = logs.lines
          .slice(before)
          .map(
            (l) => JSON.parse(l) as { level: string; component?: string; deviceId?: string; reason?: string },
          );
        assert.ok(!lines.some((l) => l.level === 'error'), JSON.stringify(lines));
        assert.deepEqual(
          lines.filter((l) => l.component === 'api' && l.level === 'warn').map((l) => [l.deviceId, l.reason]),
          [
            [annLight.id, 'offline'],
            [annLight.id, 'timeout'],
          ],
        );
      } finally {
        s.app.deviceControl = original;
      }
    });
  });
}
