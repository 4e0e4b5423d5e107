// The CLI as an operator uses it: a real process over a real SQLite data directory.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('mylights CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mylights-cli-'));
    env = { DATA_DIR: dataDir };
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--help lists the commands, and each command has --help', async () => {
    const top = await run(['--help'], env);
    assert.equal(top.code, 0);
    for (const cmd of ['serve', 'users', 'devices']) assert.match(top.stdout, new RegExp(`\\b${cmd}\\b`));
    const serve = await run(['serve', '--help'], env);
    assert.equal(serve.code, 0);
    for (const setting of [
      'HOST',
      'PORT',
      'PUBLIC_URL',
      'DATA_DIR',
      'DATABASE_URL',
      'MQTT_URL',
      'ACCESS_TOKEN_TTL',
    ]) {
      assert.match(serve.stdout, new RegExp(setting));
    }
    const usersAdd = await run(['users', 'add', '--help'], env);
    assert.match(usersAdd.stdout, /--password/);
  });

  it('adds, lists, disables and deletes a user, with --json output', async () => {
    const add = await run(['users', 'add', 'ops@example.com', '--password', 'long enough pw', '--json'], env);
    assert.equal(add.code, 0, add.stderr);
    const user = JSON.parse(add.stdout) as { email: string; id: string };
    assert.equal(user.email, 'ops@example.com');
    const list = JSON.parse((await run(['users', 'list', '--json'], env)).stdout) as Array<{
      email: string;
      status: string;
    }>;
    assert.deepEqual(
      list.map((u) => [u.email, u.status]),
      [['ops@example.com', 'active']],
    );
    assert.equal((await run(['users', 'disable', 'ops@example.com'], env)).code, 0);
    const listed = JSON.parse((await run(['users', 'list', '--json'], env)).stdout) as Array<{
      status: string;
    }>;
    assert.equal(listed[0]?.status, 'disabled');
    // A forgotten password: the operator sets a new one; a weak one is refused with the reason.
    const weak = await run(['users', 'password', 'ops@example.com', '--password', 'short'], env);
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /at least 8 characters/);
    const reset = await run(['users', 'password', 'ops@example.com', '--password', 'a new long pw'], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /new password set for ops@example\.com/);
    const unknown = await run(
      ['users', 'password', 'nobody@example.com', '--password', 'a new long pw'],
      env,
    );
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no account for nobody@example\.com/);
    const noYes = await run(['users', 'delete', 'ops@example.com'], env);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /--yes/);
    assert.equal((await run(['users', 'delete', 'ops@example.com', '--yes'], env)).code, 0);
    assert.deepEqual(JSON.parse((await run(['users', 'list', '--json'], env)).stdout), []);
  });

  it('gives devices to an account and explains bad input', async () => {
    await run(['users', 'add', 'home@example.com', '--password', 'long enough pw'], env);
    const add = await run(
      ['devices', 'add', '--user', 'home@example.com', '--type', 'light', '--name', 'Porch', '--json'],
      env,
    );
    assert.equal(add.code, 0, add.stderr);
    const device = JSON.parse(add.stdout) as { id: string; type: string };
    assert.equal(device.type, 'light');
    const list = JSON.parse(
      (await run(['devices', 'list', '--user', 'home@example.com', '--json'], env)).stdout,
    ) as Array<{ id: string }>;
    assert.deepEqual(
      list.map((d) => d.id),
      [device.id],
    );
    const badType = await run(
      ['devices', 'add', '--user', 'home@example.com', '--type', 'toaster', '--name', 'x'],
      env,
    );
    assert.equal(badType.code, 2);
    assert.match(badType.stderr, /unknown device type "toaster"/);
    const noUser = await run(['devices', 'list', '--user', 'nobody@example.com'], env);
    assert.equal(noUser.code, 2);
    assert.match(noUser.stderr, /no account for nobody@example.com/);
    assert.equal((await run(['devices', 'remove', device.id, '--user', 'home@example.com'], env)).code, 0);
  });

  it('refuses a bad setting with a message naming it', async () => {
    const res = await run(['users', 'list'], { ...env, DATABASE_URL: 'not a url' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /DATABASE_URL is not a URL/);
  });
});
