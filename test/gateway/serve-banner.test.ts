import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/env.ts';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

describe('mylights serve with the gateway', () => {
  it('says where the embedded broker listens, runs the demo devices, and stops cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mylights-serve-'));
    const mqttPort = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
      env: {
        ...process.env,
        PORT: '0',
        MQTT_PORT: String(mqttPort),
        MQTT_URL: '',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (b: Buffer) => {
          out += b.toString();
          if (out.includes('virtual devices')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then(() => reject(new Error(`serve exited early:\n${out}`)));
      });
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
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
