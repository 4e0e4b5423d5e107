// A device that answers a command but fails it (it reports its own INTERNAL_ERROR, or acknowledges a
// state its type does not have) is the device's fault, in every shape that controls devices: the
// resource API answers 502 device_fault, the web app says the device reported a failure, the Lambda
// answers INTERNAL_ERROR, and each logs it at warn as the device's fault, never as our bug.
// The device is a raw MQTT client with its own credentials, so what it acknowledges is the test's choice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startServer, type RunningServer } from '../../src/hosting/serve.ts';
import { createLambdaHandler } from '../../src/hosting/lambda.ts';
import { parseCommand } from '../../src/gateway/protocol.ts';
import { turnOn } from '../../src/sim/directives.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import type { Device } from '../../src/cloud/device-model.ts';
import { API_PREFIX } from '../../src/cloud/api/contract.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { freePort } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { Browser } from '../oauth/browser.ts';
import { BROKERS, gatewayApp, handDevice, type HandDevice, type GatewayTestApp } from './support.ts';

type Fault = 'device_error' | 'invalid_state';
const DEVICE_MESSAGE = 'lamp driver overheated';
const PASSWORD = 'a-long-password';

type Logs = ReturnType<typeof capturingLogger>;
type LogLine = Record<string, unknown> & { level: string; msg: string };
const parsed = (logs: Logs): LogLine[] => logs.lines.map((l) => JSON.parse(l) as LogLine);

/** The device acknowledges every command with the fault the test chose. */
function answerWith(t: GatewayTestApp, dev: HandDevice, light: Device, fault: () => Fault): void {
  dev.client.on('message', (_topic, payload) => {
    const cmd = parseCommand(payload);
    const ack =
      fault() === 'device_error'
        ? { id: cmd.id, ok: false, error: { code: 'INTERNAL_ERROR', message: DEVICE_MESSAGE } }
        : { id: cmd.id, ok: true, state: { powerState: 'ON', brightness: 'lots' } };
    dev.client.publish(t.gateway.topics.of(light.id, 'ack'), JSON.stringify(ack), { qos: 1 });
  });
}

for (const broker of BROKERS) {
  describe(`a device that fails a command (${broker} broker)`, () => {
    let t: GatewayTestApp;
    let server: RunningServer;
    let logs: Logs;
    let light: Device;
    let dev: HandDevice;
    let fault: Fault = 'device_error';
    const verifier = new ScriptedVerifier();

    before(async () => {
      logs = capturingLogger('info');
      const port = await freePort();
      t = await gatewayApp(broker, {
        env: {
          MQTT_PORT: String(await freePort()),
          VIRTUAL_DEVICES: 'off',
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
        logger: logs.logger,
      });
      t.app.verifier = verifier;
      server = await startServer(t.app.config, t.app);
      light = await t.addDevice('light', 'Hall Light');
      dev = await handDevice(t, broker, light);
      answerWith(t, dev, light, () => fault);
    });
    after(async () => {
      await dev?.client.endAsync();
      await server?.http.close();
      await t?.cleanup();
    });

    it('resource API: 502 device_fault in the documented error shape, logged at warn as the device’s fault', async () => {
      const doc = (await (await fetch(`${server.url}${API_PREFIX}/openapi.json`)).json()) as {
        components: Record<string, unknown>;
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
        >;
      };
      const documented = doc.paths[`${API_PREFIX}/devices/{id}/commands`]?.post?.responses['502'];
      assert.ok(documented, 'the command route documents 502');
      const validate = new Ajv2020({ strict: false }).compile({
        components: doc.components,
        ...documented.content['application/json']!.schema,
      });

      for (const f of ['device_error', 'invalid_state'] as const) {
        fault = f;
        const before = logs.lines.length;
        const res = await fetch(`${server.url}${API_PREFIX}/devices/${light.id}/commands`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${verifier.valid(t.userId)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ name: 'setPower', params: { powerState: 'ON' } }),
        });
        assert.equal(res.status, 502, f);
        assert.equal(res.headers.get('mylights-api'), '1', 'signed: the API answered, not a proxy');
        const body = (await res.json()) as { error: string; reason: string; error_description: string };
        assert.ok(
          validate(body),
          `the body matches the documented 502 schema: ${JSON.stringify(validate.errors)}`,
        );
        assert.equal(body.error, 'device_fault');
        assert.equal(body.reason, f);
        assert.match(body.error_description, new RegExp(`device ${light.id} reported a failure`));

        const lines = parsed(logs).slice(before);
        assert.ok(
          !lines.some((l) => l.level === 'error' || l.level === 'fatal'),
          `nothing at error level: ${JSON.stringify(lines)}`,
        );
        const warn = lines.find((l) => l.component === 'api' && l.level === 'warn');
        assert.ok(warn, 'the API logs the failure at warn');
        assert.equal(warn.deviceId, light.id);
        assert.match(warn.msg, /device fault/);
      }
      assert.ok(!logs.text().includes('lots'), 'the payload never reaches the log');
      assert.equal((await t.app.devices.getById(light.id))!.state.powerState, 'OFF', 'nothing stored');
    });

    it('web app: the dashboard says the device reported a failure (page and in-place), logged at warn', async () => {
      const browser = new Browser();
      const signin = await (await browser.request(`${server.url}/signin`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(signin)?.[1];
      assert.ok(csrf);
      const signedIn = await browser.submit(server.url, '/signin', {
        _csrf: csrf,
        email: `gw-${t.prefix}@example.com`,
        password: PASSWORD,
        next: '/dashboard',
      });
      assert.equal(signedIn.status, 303);
      const dashboard = await (await browser.request(`${server.url}/dashboard`)).text();
      const token = /name="_csrf" value="([^"]+)"/.exec(dashboard)?.[1];
      assert.ok(token);
      const fields = { _csrf: token, command: 'setPower', powerState: 'ON' };

      for (const f of ['device_error', 'invalid_state'] as const) {
        fault = f;
        const before = logs.lines.length;
        // Without the script: the form posts and the dashboard comes back with the problem box.
        const page = await browser.submit(server.url, `/devices/${light.id}/control`, fields);
        assert.equal(page.status, 502, f);
        const html = await page.text();
        const alert = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
        assert.match(alert, /Hall Light reported a failure; it may or may not have changed\./);
        assert.match(alert, /restart the device/);
        assert.doesNotMatch(html, /Something went wrong on our side/);

        // With the script (app.js): the same problem as JSON, shown on the device's card.
        const inPlace = await browser.request(`${server.url}/devices/${light.id}/control`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(fields).toString(),
        });
        assert.equal(inPlace.status, 502);
        const { error } = (await inPlace.json()) as { error: { what: string; todo: string } };
        assert.equal(error.what, 'Hall Light reported a failure; it may or may not have changed.');
        assert.match(error.todo, /restart the device/);

        const lines = parsed(logs).slice(before);
        assert.ok(
          !lines.some((l) => l.level === 'error'),
          `nothing at error level: ${JSON.stringify(lines)}`,
        );
        const warns = lines.filter((l) => l.component === 'web' && l.level === 'warn');
        assert.equal(warns.length, 2, 'each failed command is logged once');
        for (const w of warns) {
          assert.equal(w.deviceId, light.id);
          assert.match(w.msg, /device fault/);
        }
      }
    });

    it('Lambda over the resource API: INTERNAL_ERROR (never an auth error), logged as the device’s fault', async () => {
      const lambdaLogs = capturingLogger('info');
      const lambda = createLambdaHandler({
        apiUrl: server.url,
        logger: lambdaLogs.logger,
        verdictCacheMs: 0,
      });
      try {
        for (const f of ['device_error', 'invalid_state'] as const) {
          fault = f;
          const before = lambdaLogs.lines.length;
          const answer: AlexaEvent = await lambda(turnOn(light.id, verifier.valid(t.userId)));
          assertAlexaMessage(answer);
          assert.equal(answer.event.header.name, 'ErrorResponse');
          assert.equal((answer.event.payload as { type: string }).type, 'INTERNAL_ERROR', f);
          const line = parsed(lambdaLogs)
            .slice(before)
            .find((l) => l.outcome === 'INTERNAL_ERROR');
          assert.ok(line, 'the directive is logged');
          assert.equal(line.level, 'warn', "the device's fault, not an error of ours");
          assert.doesNotMatch(line.msg, /our bug/);
          assert.equal(line.unlink, false);
          assert.match(String(line.cause), new RegExp(`device ${light.id} reported a failure`));
        }
      } finally {
        lambda.close();
      }
    });
  });
}
