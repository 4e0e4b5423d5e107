// The CLI as an operator uses it: a real process over a real SQLite data directory.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

/** Runs the real CLI; `stdin`, when given, is piped in and closed (otherwise stdin stays open, unused). */
function run(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** What the sign-in page asks: does this password open this account? (Opens the store the CLI used.) */
async function signsIn(env: Record<string, string>, email: string, password: string): Promise<boolean> {
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger('silent'),
  });
  try {
    return (await app.accounts.authenticate(email, password)) !== null;
  } finally {
    await app.close();
  }
}

describe('mylights CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mylights-cli-'));
    // DATABASE_URL cleared: the CLI and signsIn() must both use this SQLite directory.
    env = { DATA_DIR: dataDir, DATABASE_URL: '' };
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
    // Both password commands offer stdin, say why it is preferable, and warn about the argument.
    for (const cmd of ['add', 'password']) {
      const help = await run(['users', cmd, '--help'], env);
      assert.equal(help.code, 0);
      const text = help.stdout.replace(/\s+/g, ' '); // however commander wraps the columns
      assert.match(text, /--password-stdin read [^.]* from the first line of standard input \(preferred\)/);
      assert.match(
        text,
        /--password <password> [^.]* stays in your shell history and every local user can read it in ps/,
      );
      assert.match(text, /Prefer --password-stdin: [^.]* out of your shell history and out of process lists/);
      assert.ok(
        text.includes(`printf '%s\\n' "$PW" | mylights users ${cmd} ada@example.com --password-stdin`),
      );
    }
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

  it('takes the password on standard input (LF or CRLF) and never prints it', async () => {
    const add = await run(
      ['users', 'add', 'stdin@example.com', '--password-stdin', '--json'],
      env,
      'piped in pw 1\n',
    );
    assert.equal(add.code, 0, add.stderr);
    assert.equal((JSON.parse(add.stdout) as { email: string }).email, 'stdin@example.com');
    assert.equal(await signsIn(env, 'stdin@example.com', 'piped in pw 1'), true);

    // A Windows-made file or a CRLF-emitting tool: the CR is a line ending, not part of the password.
    // Only the first line counts.
    const reset = await run(
      ['users', 'password', 'stdin@example.com', '--password-stdin'],
      env,
      'piped in pw 2\r\nsecond line\r\n',
    );
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /new password set for stdin@example\.com/);
    assert.equal(await signsIn(env, 'stdin@example.com', 'piped in pw 2'), true);
    assert.equal(await signsIn(env, 'stdin@example.com', 'piped in pw 2\r'), false);
    assert.equal(await signsIn(env, 'stdin@example.com', 'piped in pw 1'), false);

    // Without a final newline the whole input is the password.
    const bare = await run(
      ['users', 'password', 'stdin@example.com', '--password-stdin'],
      env,
      'piped in pw 3',
    );
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal(await signsIn(env, 'stdin@example.com', 'piped in pw 3'), true);

    for (const out of [add, reset, bare]) assert.doesNotMatch(out.stdout + out.stderr, /piped in pw/);
  });

  it('refuses a weak password from standard input with the same reason as --password', async () => {
    const weakAdd = await run(['users', 'add', 'weak@example.com', '--password-stdin'], env, 'short\n');
    assert.equal(weakAdd.code, 2);
    assert.match(weakAdd.stderr, /at least 8 characters/);
    assert.doesNotMatch(weakAdd.stderr, /short/);
    const list = JSON.parse((await run(['users', 'list', '--json'], env)).stdout) as Array<{ email: string }>;
    assert.ok(!list.some((u) => u.email === 'weak@example.com'), 'no account was created');

    assert.equal(
      (await run(['users', 'add', 'weak@example.com', '--password', 'long enough pw'], env)).code,
      0,
    );
    // Seven characters and a CRLF: the CR is a line ending, it does not make the eighth character.
    const weakReset = await run(
      ['users', 'password', 'weak@example.com', '--password-stdin'],
      env,
      'short12\r\n',
    );
    assert.equal(weakReset.code, 2);
    assert.match(weakReset.stderr, /at least 8 characters/);
    assert.equal(
      await signsIn(env, 'weak@example.com', 'long enough pw'),
      true,
      'the old password still works',
    );
  });

  it('needs exactly one of --password-stdin and --password, and a non-empty stdin, before opening the store', async () => {
    // A data directory that does not exist yet: opening the store would create it.
    const untouched = join(dataDir, 'never-opened');
    const only = { ...env, DATA_DIR: untouched };
    for (const cmd of ['add', 'password']) {
      const neither = await run(['users', cmd, 'x@example.com'], only, 'a long enough pw\n');
      assert.equal(neither.code, 2, neither.stderr);
      assert.match(neither.stderr, /password is required.*--password-stdin.*--password <password>/);

      const both = await run(
        ['users', cmd, 'x@example.com', '--password', 'a long enough pw', '--password-stdin'],
        only,
        'a long enough pw\n',
      );
      assert.equal(both.code, 2, both.stderr);
      assert.match(both.stderr, /either --password-stdin or --password, not both/);

      const empty = await run(['users', cmd, 'x@example.com', '--password-stdin'], only, '');
      assert.equal(empty.code, 2, empty.stderr);
      assert.match(empty.stderr, /--password-stdin: standard input is empty/);

      // `echo "$UNSET" | ...`: one empty line.
      const blank = await run(['users', cmd, 'x@example.com', '--password-stdin'], only, '\n');
      assert.equal(blank.code, 2, blank.stderr);
      assert.match(blank.stderr, /--password-stdin: the first line of standard input is empty/);
    }
    assert.equal(existsSync(untouched), false, 'the store was never opened');
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
