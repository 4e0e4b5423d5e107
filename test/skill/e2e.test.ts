// End to end: an account linked through the real OAuth flow discovers its lights, turns one on,
// dims it and reports its state through POST /alexa; after the user revokes the link in the web
// app's service, the same token is INVALID at once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { oauthFixture, link, exchange } from '../oauth/flow.ts';
import { envelope } from './support.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { tokenHash } from '../../src/log.ts';

async function post(url: string, body: unknown): Promise<AlexaEvent> {
  const res = await fetch(`${url}/alexa`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  const answer = (await res.json()) as AlexaEvent;
  assertAlexaMessage(answer);
  return answer;
}

describe('linked account, end to end', () => {
  it('discovers its lights, turns one on, dims it, reports its state; revoked link is INVALID', async () => {
    const logs = capturingLogger('info');
    const f = await oauthFixture('sqlite', { logger: logs.logger });
    try {
      const kitchen = await f.app.devices.add(f.userId, 'light', 'Kitchen');
      await f.app.devices.add(f.userId, 'light', 'Desk');
      const config = await f.config();
      const tokens = await exchange(config, await link(f, config));
      const token = tokens.access_token;

      const discovered = await post(f.url, envelope('Alexa.Discovery', 'Discover', { token }));
      assert.equal(discovered.event.header.name, 'Discover.Response');
      const ids = (discovered.event.payload.endpoints as Array<{ endpointId: string }>).map(
        (e) => e.endpointId,
      );
      assert.equal(ids.length, 2);
      assert.ok(ids.includes(kitchen.id));

      const on = await post(
        f.url,
        envelope('Alexa.PowerController', 'TurnOn', { token, endpointId: kitchen.id }),
      );
      assert.equal(on.event.header.name, 'Response');
      const dim = await post(
        f.url,
        envelope('Alexa.BrightnessController', 'SetBrightness', {
          token,
          endpointId: kitchen.id,
          payload: { brightness: 25 },
        }),
      );
      assert.equal(dim.event.header.name, 'Response');
      const report = await post(f.url, envelope('Alexa', 'ReportState', { token, endpointId: kitchen.id }));
      assert.equal(report.event.header.name, 'StateReport');
      const value = (name: string) => report.context?.properties.find((p) => p.name === name)?.value;
      assert.equal(value('powerState'), 'ON');
      assert.equal(value('brightness'), 25);

      const [grant] = await f.app.oauth.grants.listForUser(f.userId);
      assert.ok(grant);
      await f.app.oauth.grants.revoke(f.userId, grant.grantId);
      const after = await post(f.url, envelope('Alexa', 'ReportState', { token, endpointId: kitchen.id }));
      assert.equal(after.event.payload.type, 'INVALID_AUTHORIZATION_CREDENTIAL');

      // The log tells who will be unlinked and why, by token hash; the token itself never appears.
      assert.ok(!logs.text().includes(token), 'no access token in the logs');
      const unlink = logs.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.unlink === true);
      assert.equal(unlink?.tokenHash, tokenHash(token));
      assert.equal(unlink?.reason, 'revoked');
    } finally {
      await f.cleanup();
    }
  });
});
