// With a real linked account (authorization code + PKCE through the real sign-in and consent pages)
// and the real verification primitive: the Lambda handler and POST /alexa act on the user's device,
// and the API's verdicts on expired and revoked tokens become the right Alexa auth errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLambdaHandler } from '../../src/hosting/lambda.ts';
import { createLogger } from '../../src/log.ts';
import { turnOff, turnOn } from '../../src/sim/directives.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { LocalVerifier } from '../../src/auth/local-verifier.ts';
import { KeyCache } from '../../src/oauth/keys.ts';
import { grantStatusLookup } from '../../src/oauth/grant-status.ts';
import { accessTokenAudience } from '../../src/oauth/audience.ts';
import { createLocalVerifier } from '../../src/oauth/services.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { DIALECTS } from '../support/env.ts';
import { exchange, link, oauthFixture, type OAuthFixture } from '../oauth/flow.ts';

function errorType(answer: AlexaEvent): string | undefined {
  const e = answer.event;
  return e.header.name === 'ErrorResponse' ? (e.payload as { type: string }).type : undefined;
}
const powerState = (a: AlexaEvent) => a.context?.properties?.find((p) => p.name === 'powerState')?.value;

for (const dialect of DIALECTS) {
  describe(`linked account through Lambda and POST /alexa (${dialect})`, () => {
    let f: OAuthFixture;
    let lightId: string;
    let lambda: ReturnType<typeof createLambdaHandler>;
    const linkedToken = async () => {
      const config = await f.config();
      return (await exchange(config, await link(f, config))).access_token;
    };
    before(async () => {
      f = await oauthFixture(dialect);
      lightId = (await f.app.devices.add(f.userId, 'light', 'Porch')).id;
      lambda = createLambdaHandler({ apiUrl: f.url, logger: createLogger('silent'), verdictCacheMs: 0 });
    });
    after(async () => {
      lambda.close();
      await f.cleanup();
    });

    it('TurnOn through the Lambda handler reaches the device; the answer carries its state', async () => {
      const answer = await lambda(turnOn(lightId, await linkedToken()));
      assertAlexaMessage(answer);
      assert.equal(answer.event.header.name, 'Response');
      assert.equal(powerState(answer), 'ON');
      assert.equal((await f.app.devices.get(f.userId, lightId))?.state.powerState, 'ON');
    });

    it('TurnOff through POST /alexa with the same kind of token', async () => {
      const res = await fetch(`${f.url}/alexa`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(turnOff(lightId, await linkedToken())),
      });
      const answer = (await res.json()) as AlexaEvent;
      assertAlexaMessage(answer);
      assert.equal(powerState(answer), 'OFF');
    });

    it('the resource API says 401 invalid_token "revoked" after the user unlinks, and the Lambda answers INVALID_AUTHORIZATION_CREDENTIAL', async () => {
      const token = await linkedToken();
      const me = await fetch(`${f.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      const { token: t } = (await me.json()) as { token: { grantId: string } };
      assert.ok(await f.app.oauth.grants.revoke(f.userId, t.grantId));
      const after = await fetch(`${f.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(after.status, 401);
      assert.equal(((await after.json()) as { reason: string }).reason, 'revoked');
      const answer = await lambda(turnOn(lightId, token));
      assertAlexaMessage(answer);
      assert.equal(errorType(answer), 'INVALID_AUTHORIZATION_CREDENTIAL');
    });

    it('an expired token (the primitive two hours later) → 401 "expired" → EXPIRED_AUTHORIZATION_CREDENTIAL', async () => {
      const token = await linkedToken();
      const original = f.app.verifier;
      f.app.verifier = new LocalVerifier({
        issuer: f.url,
        audience: accessTokenAudience(f.url),
        key: (kid) => new KeyCache(f.app.oauth.keys).get(kid),
        grantStatus: grantStatusLookup(f.app.store),
        now: () => Date.now() + 2 * 3600 * 1000,
      });
      try {
        const res = await fetch(`${f.url}/api/v1/devices`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 401);
        assert.equal(((await res.json()) as { reason: string }).reason, 'expired');
        const answer = await lambda(turnOn(lightId, token));
        assertAlexaMessage(answer);
        assert.equal(errorType(answer), 'EXPIRED_AUTHORIZATION_CREDENTIAL');
      } finally {
        f.app.verifier = original;
      }
    });

    it('a token 30 s past its exp (sent by Alexa just before) is still served: the API says 200, the Lambda acts', async () => {
      const token = await linkedToken();
      const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number })
        .exp;
      const original = f.app.verifier;
      f.app.verifier = createLocalVerifier(f.app.config, f.app.store, f.app.oauth.keys, {
        now: () => exp * 1000 + 30_000,
      });
      try {
        const res = await fetch(`${f.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200);
        const answer = await lambda(turnOn(lightId, token));
        assertAlexaMessage(answer);
        assert.equal(answer.event.header.name, 'Response');
        assert.equal(powerState(answer), 'ON');
      } finally {
        f.app.verifier = original;
      }
    });

    it('a garbage bearer is 401 invalid_token from the API and INVALID_AUTHORIZATION_CREDENTIAL from the Lambda', async () => {
      const res = await fetch(`${f.url}/api/v1/me`, { headers: { authorization: 'Bearer garbage' } });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
      const answer = await lambda(turnOn(lightId, 'garbage'));
      assertAlexaMessage(answer);
      assert.equal(errorType(answer), 'INVALID_AUTHORIZATION_CREDENTIAL');
    });
  });
}
