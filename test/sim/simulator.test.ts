// The Alexa simulator end to end against a running server: `node bin/mylights.js alexa ...` links
// an account through the real sign-in and consent pages, discovers, sends directives to POST /alexa
// and to the Lambda handler, refreshes an expired token, and warns when an answer would unlink.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, freshServer } from '../support/env.ts';
import { ALEXA_SCHEMA_PATH, assertAlexaMessage } from '../support/alexa-schema.ts';
import { Browser, form } from '../oauth/browser.ts';
import type { LinkState } from '../../src/sim/link-state.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M2SIMTEST';
const PASSWORD = 'simulated-password';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function mylights(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (text: string) => void,
  /** Written to the command's standard input, which is then closed. */
  input?: string,
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'mylights.js'), ...args], {
      cwd: ROOT,
      // The compiled schema lands where the test helpers keep theirs, not in the user's ~/.cache.
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        XDG_CACHE_HOME: join(ROOT, 'node_modules', '.cache'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

interface JsonExchange {
  answer: {
    event: { header: { name: string }; payload: Record<string, unknown> };
    context?: { properties?: Array<{ name: string; value: unknown }> };
  };
  schema: { ok: boolean; schema: string };
  unlink: { type: string } | null;
  refreshed: boolean;
}

describe('mylights alexa (simulator) against a running server', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  let dir: string;
  let stateFile: string;
  let clientFile: string;
  let loopback: string;
  let lightId: string;
  let userId: string;
  const email = 'sim@example.com';
  const target = () => ['--state-file', stateFile, '--schema', ALEXA_SCHEMA_PATH, '--json'];
  const parse = (run: Run) => {
    assert.ok(run.stdout.trim(), `no output; stderr: ${run.stderr}`);
    const x = JSON.parse(run.stdout) as JsonExchange;
    assertAlexaMessage(x.answer);
    assert.equal(x.schema.ok, true);
    assert.equal(x.schema.schema, 'amazon');
    return x;
  };
  const prop = (x: JsonExchange, name: string) =>
    x.answer.context?.properties?.find((p) => p.name === name)?.value;

  before(async () => {
    s = await freshServer('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'mylights-sim-'));
    stateFile = join(dir, '.mylights-alexa.json');
    loopback = `http://127.0.0.1:${await freePort()}/callback`;
    const client = await s.app.oauth.clients.add({
      name: 'Alexa',
      redirectUris: [ALEXA_REDIRECT, loopback],
      requirePkce: true,
    });
    clientFile = join(dir, 'client.json');
    writeFileSync(clientFile, JSON.stringify(client));
    userId = (await s.app.accounts.create(email, PASSWORD)).id;
    lightId = (await s.app.devices.add(userId, 'light', 'Sim Lamp')).id;
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await s.cleanup();
  });

  it('link signs in through the HTML forms and stores the token pair with mode 0600', async () => {
    const run = await mylights([
      'alexa',
      'link',
      '--server',
      s.url,
      '--client-file',
      clientFile,
      '--email',
      email,
      '--password',
      PASSWORD,
      '--state-file',
      stateFile,
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { linked: boolean }).linked, true);
    assert.ok(!run.stdout.includes((JSON.parse(readFileSync(stateFile, 'utf8')) as LinkState).accessToken));
    assert.equal(statSync(stateFile).mode & 0o777, 0o600);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as LinkState;
    assert.ok(state.accessToken && state.refreshToken);
    assert.equal(state.redirectUri, ALEXA_REDIRECT);
    assert.equal((await s.app.verifier.verify(state.accessToken)).kind, 'valid');
  });

  it('link --password-stdin reads the password from standard input, not from the command line', async () => {
    const other = join(dir, 'stdin.json');
    const args = ['alexa', 'link', '--server', s.url, '--client-file', clientFile, '--email', email];
    const run = await mylights(
      [...args, '--password-stdin', '--state-file', other, '--json'],
      {},
      undefined,
      `${PASSWORD}\n`,
    );
    assert.equal(run.code, 0, run.stderr);
    const state = JSON.parse(readFileSync(other, 'utf8')) as LinkState;
    assert.equal((await s.app.verifier.verify(state.accessToken)).kind, 'valid');

    const clash = await mylights(
      [
        ...args.slice(0, 4),
        '--client-file',
        '-',
        '--email',
        email,
        '--password-stdin',
        '--state-file',
        other,
      ],
      {},
      undefined,
      readFileSync(clientFile, 'utf8'),
    );
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /would both read standard input/);
  });

  it('link with a wrong password fails with a clear message and stores nothing new', async () => {
    const other = join(dir, 'wrong.json');
    const run = await mylights([
      'alexa',
      'link',
      '--server',
      s.url,
      '--client-file',
      clientFile,
      '--email',
      email,
      '--password',
      'not-it-at-all',
      '--state-file',
      other,
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /sign-in refused: Wrong email or password/);
  });

  it('discover lists the light; the answer passes Amazon’s schema', async () => {
    const x = parse(await mylights(['alexa', 'discover', ...target()]));
    assert.equal(x.answer.event.header.name, 'Discover.Response');
    const endpoints = x.answer.event.payload.endpoints as Array<{ endpointId: string }>;
    assert.deepEqual(
      endpoints.map((e) => e.endpointId),
      [lightId],
    );
  });

  it('send turn-on and set-brightness reach the device and show its state', async () => {
    const on = parse(await mylights(['alexa', 'send', 'turn-on', lightId, ...target()]));
    assert.equal(prop(on, 'powerState'), 'ON');
    const dim = parse(await mylights(['alexa', 'send', 'set-brightness', lightId, '40', ...target()]));
    assert.equal(prop(dim, 'brightness'), 40);
    assert.equal((await s.app.devices.get(userId, lightId))?.state.brightness, 40);
  });

  const reportStateArgs = (...extra: string[]) => [
    'alexa',
    'send',
    'report-state',
    lightId,
    '--state-file',
    stateFile,
    ...extra,
  ];

  it('readable output names the answer and the schema verdict', async () => {
    const run = await mylights(reportStateArgs('--schema', ALEXA_SCHEMA_PATH));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /answer\s+Alexa\.StateReport/);
    assert.match(run.stdout, /powerState = ON/);
    assert.match(run.stdout, /schema\s+valid \(amazon\)/);
  });

  it("offline, without Amazon's schema, still sends and says loudly that the answer went unchecked", async () => {
    // An empty cache and a download address where nothing listens: what a machine without
    // internet sees on its first run. A typo in --schema stays an error.
    const cache = mkdtempSync(join(tmpdir(), 'mylights-nocache-'));
    const nowhere = `http://127.0.0.1:${await freePort()}/alexa_smart_home_message_schema.json`;
    const offline = { XDG_CACHE_HOME: cache, ALEXA_SCHEMA_PATH: '', ALEXA_SCHEMA_URL: nowhere };
    try {
      const run = await mylights(reportStateArgs(), offline);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /answer\s+Alexa\.StateReport/);
      assert.match(run.stdout, /schema\s+NOT CHECKED/);
      assert.ok(
        run.stderr.includes(`NOT checked against Amazon's schema: cannot download it from ${nowhere}`),
      );
      assert.match(run.stderr, /pass --schema <file> or set ALEXA_SCHEMA_PATH/);
      const json = await mylights(reportStateArgs('--json'), offline);
      assert.equal(json.code, 0, json.stderr);
      const x = JSON.parse(json.stdout) as JsonExchange;
      assert.equal(x.answer.event.header.name, 'StateReport');
      assert.deepEqual(x.schema, { ok: true, schema: 'skipped', errors: [] });
      assertAlexaMessage(x.answer);

      // A script that trusts the exit status can ask for a checked answer or none.
      const linkedState = JSON.parse(readFileSync(stateFile, 'utf8')) as unknown;
      const strict = await mylights(reportStateArgs('--require-schema'), offline);
      assert.equal(strict.code, 1);
      assert.equal(strict.stdout, '', 'nothing was sent');
      assert.match(
        strict.stderr,
        /schema is not at hand \(cannot download it from .*\) and --require-schema/,
      );
      assert.deepEqual(
        JSON.parse(readFileSync(stateFile, 'utf8')),
        linkedState,
        'the linked state is untouched',
      );

      const typo = await mylights(reportStateArgs('--schema', join(cache, 'nope.json')), offline);
      assert.equal(typo.code, 1);
      assert.match(typo.stderr, /no Alexa schema at .*nope\.json/);
      assert.equal(typo.stdout, '');

      // A proxy that answers its own page instead of the schema: unchecked, said so, nothing cached.
      const page = createServer((_req, res) => res.end('<html>sign in to the proxy</html>'));
      await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
      try {
        const { port } = page.address() as AddressInfo;
        const proxied = `http://127.0.0.1:${port}/schema.json`;
        const html = await mylights(reportStateArgs(), { ...offline, ALEXA_SCHEMA_URL: proxied });
        assert.equal(html.code, 0, html.stderr);
        assert.ok(html.stderr.includes(`${proxied} answered something that is not JSON`), html.stderr);
        assert.match(html.stdout, /schema\s+NOT CHECKED/);
        assert.equal(existsSync(join(cache, 'mylights', 'alexa_smart_home_message_schema.json')), false);
      } finally {
        page.close();
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('send --file sends any directive, with the linked token put in', async () => {
    const file = join(dir, 'directive.json');
    writeFileSync(
      file,
      JSON.stringify({
        directive: {
          header: {
            namespace: 'Alexa.PowerController',
            name: 'TurnOff',
            payloadVersion: '3',
            messageId: 'm',
            correlationToken: 'c',
          },
          endpoint: { scope: { type: 'BearerToken', token: 'placeholder' }, endpointId: lightId, cookie: {} },
          payload: {},
        },
      }),
    );
    const x = parse(await mylights(['alexa', 'send', '--file', file, ...target()]));
    assert.equal(prop(x, 'powerState'), 'OFF');
  });

  it('targets a Lambda handler module in-process (--lambda), which calls the resource API', async () => {
    const x = parse(
      await mylights(
        ['alexa', 'send', 'turn-on', lightId, '--lambda', 'src/hosting/lambda.ts', ...target()],
        {
          MYLIGHTS_API_URL: s.url,
        },
      ),
    );
    assert.equal(x.answer.event.header.name, 'Response');
    assert.equal(prop(x, 'powerState'), 'ON');
  });

  it('refreshes an expired access token with the refresh token before sending, as Alexa does', async () => {
    const before = JSON.parse(readFileSync(stateFile, 'utf8')) as LinkState;
    writeFileSync(stateFile, JSON.stringify({ ...before, expiresAt: Date.now() - 1000 }), { mode: 0o600 });
    const x = parse(await mylights(['alexa', 'send', 'report-state', lightId, ...target()]));
    assert.equal(x.refreshed, true);
    assert.equal(x.answer.event.header.name, 'StateReport');
    const afterState = JSON.parse(readFileSync(stateFile, 'utf8')) as LinkState;
    assert.notEqual(afterState.accessToken, before.accessToken);
    assert.ok(afterState.expiresAt > Date.now());
    assert.equal(statSync(stateFile).mode & 0o777, 0o600);
  });

  it("judges a TV's discovery by Amazon's schema and the project's schemas for what Amazon lacks", async () => {
    const tv = await s.app.devices.add(userId, 'tv', 'Sim TV');
    try {
      const run = await mylights(['alexa', 'discover', ...target()]);
      const x = JSON.parse(run.stdout) as JsonExchange;
      assertAlexaMessage(x.answer);
      assert.deepEqual(x.schema, { ...x.schema, ok: true, schema: 'amazon+parts' });
      assert.equal(run.code, 0, run.stderr);
    } finally {
      await s.app.devices.remove(userId, tv.id);
    }
  });

  it('warns loudly (exit 3) when an answer would unlink the user', async () => {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as LinkState;
    const verdict = await s.app.verifier.verify(state.accessToken);
    assert.ok(verdict.kind === 'valid');
    await s.app.oauth.grants.revoke(userId, verdict.grantId);
    const run = await mylights(['alexa', 'send', 'turn-on', lightId, ...target()]);
    assert.equal(run.code, 3);
    const x = JSON.parse(run.stdout) as JsonExchange;
    assertAlexaMessage(x.answer);
    assert.equal(x.unlink?.type, 'INVALID_AUTHORIZATION_CREDENTIAL');
    assert.match(run.stderr, /would UNLINK this account/);
  });

  it('link waits on the loopback redirect URI for a person who opens the printed URL', async () => {
    const personState = join(dir, '.mylights-alexa-person.json');
    let opened = false;
    const browser = new Browser();
    let personDone: Promise<void> | undefined;
    const run = await mylights(
      [
        'alexa',
        'link',
        '--server',
        s.url,
        '--client-file',
        clientFile,
        '--redirect-uri',
        loopback,
        '--state-file',
        personState,
      ],
      {},
      (stderr) => {
        const url = /(http:\/\/\S+\/oauth\/authorize\S+)/.exec(stderr)?.[1];
        if (!url || opened) return;
        opened = true;
        // The person: open the URL, sign in, allow; the browser lands on the simulator's listener.
        personDone = (async () => {
          let step = await browser.follow(url, s.url);
          for (const stepName of ['login', 'consent']) {
            const html = await step.res!.text();
            const f = form(html, stepName);
            const fields: Record<string, string> = { csrf: f.csrf };
            if (stepName === 'login') Object.assign(fields, { email, password: PASSWORD });
            const posted = await browser.submit(s.url, f.action, fields);
            step = await browser.follow(new URL(posted.headers.get('location')!, s.url).href, s.url);
          }
          assert.ok(step.url.startsWith(loopback), step.url);
          const landing = await fetch(step.url);
          assert.equal(landing.status, 200);
        })();
      },
    );
    await personDone;
    assert.equal(run.code, 0, run.stderr);
    const state = JSON.parse(readFileSync(personState, 'utf8')) as LinkState;
    assert.equal((await s.app.verifier.verify(state.accessToken)).kind, 'valid');
  });
});
