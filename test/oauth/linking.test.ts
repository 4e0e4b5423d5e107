import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../support/env.ts';
import { oauthFixture, link, exchange, authorizeUrl, ALEXA_REDIRECT, type OAuthFixture } from './flow.ts';
import { Browser, form } from './browser.ts';

for (const dialect of DIALECTS) {
  describe(`account linking on ${dialect}`, () => {
    let f: OAuthFixture;
    before(async () => {
      f = await oauthFixture(dialect);
    });
    after(() => f.cleanup());

    it('links through the sign-in and consent pages and exchanges the code with client_secret_basic', async () => {
      const config = await f.config('basic');
      const linked = await link(f, config);
      const tokens = await exchange(config, linked);
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.ok(tokens.refresh_token);
      const verdict = await f.app.verifier.verify(tokens.access_token);
      assert.equal(verdict.kind, 'valid', JSON.stringify(verdict));
      if (verdict.kind === 'valid') {
        assert.equal(verdict.userId, f.userId);
        assert.equal(verdict.clientId, f.clientId);
        assert.deepEqual(verdict.scopes, ['devices']);
      }
    });

    it('a linking that asks for no scope gets no code: every token carries the devices scope', async () => {
      const config = await f.config('basic');
      const linked = await link(f, config, { scope: '' });
      assert.equal(linked.callback.searchParams.get('error'), 'access_denied');
      assert.equal(linked.callback.searchParams.get('code'), null);
    });

    it('exchanges with client_secret_post and refreshes twice concurrently', async () => {
      const config = await f.config('post');
      const tokens = await exchange(config, await link(f, config));
      const [a, b] = await Promise.all([
        oidc.refreshTokenGrant(config, tokens.refresh_token!),
        oidc.refreshTokenGrant(config, tokens.refresh_token!),
      ]);
      assert.equal((await f.app.verifier.verify(a.access_token)).kind, 'valid');
      assert.equal((await f.app.verifier.verify(b.access_token)).kind, 'valid');
    });

    it('signs up from the linking page, then consents, and the new account is linked', async () => {
      const config = await f.config();
      const browser = new Browser();
      const verifier = oidc.randomPKCECodeVerifier();
      const start = await browser.follow(
        authorizeUrl(f.url, {
          client_id: f.clientId,
          redirect_uri: ALEXA_REDIRECT,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state: 'signup',
        }),
        f.url,
      );
      const signInHtml = await start.res!.text();
      const signupHref = /href="([^"]+\/signup)"/.exec(signInHtml)![1]!;
      const signupPage = await browser.request(new URL(signupHref, f.url).href);
      const signup = form(await signupPage.text(), 'signup');
      const email = `new-${dialect}@example.com`;
      const taken = await browser.submit(f.url, signup.action, {
        csrf: signup.csrf,
        email: f.email,
        password: 'long enough pw',
      });
      assert.equal(taken.status, 400);
      assert.match(await taken.text(), /already exists/);
      const created = await browser.submit(f.url, signup.action, {
        csrf: signup.csrf,
        email,
        password: 'long enough pw',
      });
      assert.equal(created.status, 303);
      const consentStep = await browser.follow(new URL(created.headers.get('location')!, f.url).href, f.url);
      const consentHtml = await consentStep.res!.text();
      assert.match(consentHtml, /Allow Alexa to use My Lights\?/);
      assert.match(consentHtml, /see your devices and their state, and control them/);
      const consent = form(consentHtml, 'consent');
      const allowed = await browser.submit(f.url, consent.action, { csrf: consent.csrf });
      const done = await browser.follow(new URL(allowed.headers.get('location')!, f.url).href, f.url);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
        pkceCodeVerifier: verifier,
        expectedState: 'signup',
      });
      const verdict = await f.app.verifier.verify(tokens.access_token);
      const user = await f.app.accounts.findByEmail(email);
      assert.ok(verdict.kind === 'valid' && user && verdict.userId === user.id);
      // The grant's last use is recorded just after the token response, not before it.
      let linked = await f.app.oauth.grants.listForUser(user!.id);
      for (let i = 0; i < 100 && linked[0]?.lastUsedAt === null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        linked = await f.app.oauth.grants.listForUser(user!.id);
      }
      assert.deepEqual(
        linked.map((g) => [g.clientId, g.clientName, typeof g.lastUsedAt]),
        [[f.clientId, 'Alexa', 'number']],
      );
    });
  });
}
