import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/env.ts';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

/**
 * Runs `mylights serve` on a fresh data folder until its output (stdout and stderr together)
 * satisfies `ready`, hands that output to `check`, then stops it with SIGTERM and expects exit 0.
 */
async function serveUntil(
  args: string[],
  env: Record<string, string>,
  ready: (out: string) => boolean,
  check: (out: string) => Promise<void> | void,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mylights-serve-'));
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, PORT: '0', MQTT_URL: '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (b: Buffer) => {
        out += b.toString();
        if (ready(out)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`serve exited early:\n${out}`)));
      setTimeout(() => reject(new Error(`not ready within 20 s:\n${out}`)), 20_000).unref();
    });
    await check(out);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('mylights serve with the gateway', () => {
  it("warns at start about settings Alexa cannot live with: a token under 360 s, waits that reach the directive's bound", async () => {
    const env = {
      MQTT_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      VIRTUAL_DEVICES: 'off',
      ACCESS_TOKEN_TTL: '300',
      VERIFY_TIMEOUT_MS: '2000',
      DEVICE_TIMEOUT_MS: '6000',
    };
    // Log lines are written once per event-loop turn, so they may follow the banner.
    const ready = (out: string) => out.includes('listening on') && out.split('"level":"warn"').length > 2;
    await serveUntil([], env, ready, (out) => {
      const warnings = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; msg: string })
        .filter((l) => l.level === 'warn')
        .map((l) => l.msg);
      assert.ok(
        warnings.some((m) => m.startsWith('ACCESS_TOKEN_TTL=300 is below 360 s')),
        out,
      );
      assert.ok(
        warnings.some((m) =>
          m.startsWith(
            'VERIFY_TIMEOUT_MS + DEVICE_TIMEOUT_MS = 8000 ms reaches DIRECTIVE_TIMEOUT_MS (7500 ms): a directive that waits for both is cut off',
          ),
        ),
        out,
      );
    });
  });

  it('says where the embedded broker listens, runs the demo devices, and stops cleanly', async () => {
    const mqttPort = await freePort();
    // Until a device has come online: by then the log lines of the start have been written.
    const ready = (out: string) => out.includes('virtual devices') && out.includes('"status":"online"');
    await serveUntil(['--demo'], { MQTT_PORT: String(mqttPort), LOG_LEVEL: 'info' }, ready, async (out) => {
      assert.match(out, new RegExp(`embedded MQTT broker on mqtt://127\\.0\\.0\\.1:${mqttPort}`));
      assert.match(out, /virtual devices on/);
      // PORT=0 without PUBLIC_URL: the public URL (the OAuth issuer) names the port actually used.
      const [, listening, publicUrl] = /listening on (\S+) \(public URL (\S+)\)/.exec(out) ?? [];
      assert.ok(listening && !listening.endsWith(':0'), out);
      assert.equal(publicUrl, listening);
      const meta = (await (await fetch(`${listening}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
      };
      assert.equal(meta.issuer, listening);
      assert.doesNotMatch(out, /"level":"warn"/, 'the defaults give no warning');
      assert.equal(out.match(/listening/g)?.length, 1, 'one line says where it listens: the banner');
    });
  });
});
