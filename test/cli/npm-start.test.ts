// `npm start` (scripts/start.mjs) serves the demo from the built JavaScript: it builds dist/ when it is
// missing or older than the sources, and starts at once when it is current. Run in a copy of the
// project, so building there never touches this checkout's dist/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Started {
  stderr: string;
  url: string;
}

describe('npm start', () => {
  let project: string;
  let data: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'mylights-start-'));
    data = join(project, 'data');
    for (const path of [
      'src',
      'scripts',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ])
      cpSync(join(ROOT, path), join(project, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  /** Runs the start script until its server answers /healthz, then stops it with SIGTERM. */
  function start(): Promise<Started> {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: project,
      env: { ...process.env, PORT: '0', MQTT_PORT: '0', DATA_DIR: data, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise<Started>((done, fail) => {
      child.on('exit', (code) => fail(new Error(`start exited ${code}: ${stderr}`)));
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (!url) return;
        void fetch(`${url}/healthz`).then(
          async (res) => {
            assert.equal(res.status, 200);
            child.removeAllListeners('exit');
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            await exited;
            done({ stderr, url });
          },
          (err: unknown) => fail(err as Error),
        );
      });
    });
  }

  it('builds dist/ the first time, then serves the demo from it', async () => {
    assert.equal(existsSync(join(project, 'dist')), false);
    const first = await start();
    assert.match(first.stderr, /building dist\/ first/);
    assert.ok(existsSync(join(project, 'dist', 'cli', 'main.js')), 'dist/ was built');
  });

  it('starts without building while dist/ is current', async () => {
    const again = await start();
    assert.doesNotMatch(again.stderr, /building/);
  });

  it('builds again when the sources are newer than dist/', async () => {
    const past = new Date(Date.now() - 3600_000);
    utimesSync(join(project, 'dist', 'cli', 'main.js'), past, past);
    const rebuilt = await start();
    assert.match(rebuilt.stderr, /the sources changed since the last build: building dist\/ first/);
  });

  it('stops on a type error, leaving no dist/ that a later start would run', async () => {
    const broken = join(project, 'src', 'broken-on-purpose.ts');
    writeFileSync(broken, "export const n: number = 'not a number';\n");
    const res = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: project,
      env: { ...process.env, PORT: '0', MQTT_PORT: '0', DATA_DIR: data, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(res.status, 0);
    assert.match(res.stdout + res.stderr, /broken-on-purpose\.ts.*TS2322/);
    assert.match(res.stderr, /npm start: the build failed/);
    assert.equal(existsSync(join(project, 'dist')), false, 'no half-built dist/ is left');
    rmSync(broken);
    const fixed = await start();
    assert.match(fixed.stderr, /building dist\/ first/);
  });
});
