// The verification primitive against the real store: every verdict the skill relies on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../support/env.ts';
import { LocalVerifier } from '../../src/auth/local-verifier.ts';
import { KeyCache } from '../../src/oauth/keys.ts';
import { grantStatusLookup } from '../../src/oauth/grant-status.ts';
import { accessTokenAudience } from '../../src/oauth/audience.ts';
import { createLocalVerifier } from '../../src/oauth/services.ts';
import { oauthFixture, link, exchange, tokenRequest, PASSWORD, type OAuthFixture } from './flow.ts';

const isInvalidGrant = (e: { error?: string }) => e.error === 'invalid_grant';

for (const dialect of DIALECTS) {
  describe(`token verdicts on ${dialect}`, () => {
    let f: OAuthFixture;
    let config: oidc.Configuration;
    before(async () => {
      f = await oauthFixture(dialect);
      config = await f.config();
    });
    after(() => f.cleanup());

    async function linkedTokens(email = f.email) {
      return exchange(config, await link(f, config, { email }));
    }

    it('a revoked grant (user unlinks in the web app) gives invalid/revoked and tells the bus', async () => {
      const tokens = await linkedTokens();
      const verdict = await f.app.verifier.verify(tokens.access_token);
      assert.equal(verdict.kind, 'valid');
      const events: unknown[] = [];
      const off = f.app.bus.on('grant-revoked', (e) => events.push(e));
      assert.ok(verdict.kind === 'valid' && (await f.app.oauth.grants.revoke(f.userId, verdict.grantId)));
      off();
      assert.deepEqual(await f.app.verifier.verify(tokens.access_token), {
        kind: 'invalid',
        reason: 'revoked',
      });
      assert.equal(events.length, 1);
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), isInvalidGrant);
    });

    it('an expired token is expired (signature recognised), not invalid', async () => {
      const tokens = await linkedTokens();
      const later = new LocalVerifier({
        issuer: f.url,
        audience: accessTokenAudience(f.url),
        key: (kid) => new KeyCache(f.app.oauth.keys).get(kid),
        grantStatus: grantStatusLookup(f.app.store),
        now: () => Date.now() + 2 * 3600 * 1000,
      });
      const verdict = await later.verify(tokens.access_token);
      assert.equal(verdict.kind, 'expired');
    });

    it('the configured verifier accepts a token up to ACCESS_TOKEN_LEEWAY (60 s) past its exp, then says expired', async () => {
      const tokens = await linkedTokens();
      const exp = (
        JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as { exp: number }
      ).exp;
      assert.equal(f.app.config.accessTokenLeeway, 60);
      const at = (ms: number) =>
        createLocalVerifier(f.app.config, f.app.store, f.app.oauth.keys, { now: () => exp * 1000 + ms });
      // A directive Alexa sent a moment before the token expired, by its clock, arrives after.
      const late = await at(59_000).verify(tokens.access_token);
      assert.equal(late.kind, 'valid');
      assert.deepEqual(await at(60_000).verify(tokens.access_token), {
        kind: 'expired',
        expiredAt: exp * 1000,
      });
    });

    it('a disabled account gives invalid/account_disabled and its refresh fails; re-enabled it works again', async () => {
      const tokens = await linkedTokens();
      await f.app.accounts.setStatus(f.email, 'disabled');
      assert.deepEqual(await f.app.verifier.verify(tokens.access_token), {
        kind: 'invalid',
        reason: 'account_disabled',
      });
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), isInvalidGrant);
      await f.app.accounts.setStatus(f.email, 'active');
      assert.equal((await f.app.verifier.verify(tokens.access_token)).kind, 'valid');
    });

    it('checklist 19: a deleted account gives invalid/account_deleted and revokes its grants', async () => {
      const email = `gone-${dialect}@example.com`;
      const user = await f.app.accounts.create(email, PASSWORD);
      const tokens = await linkedTokens(email);
      await f.app.accounts.delete(user.id);
      assert.deepEqual(await f.app.verifier.verify(tokens.access_token), {
        kind: 'invalid',
        reason: 'account_deleted',
      });
      const refresh = await tokenRequest(
        f.url,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        { id: f.clientId, secret: f.clientSecret },
      );
      assert.equal(refresh.body.error, 'invalid_grant');
      const rows = await f.app.store.db
        .selectFrom('oauth_models')
        .select('model')
        .where('account_id', '=', user.id)
        .execute();
      assert.deepEqual(rows, []);
    });

    it('a store outage gives transient from the verifier and 5xx server_error (never invalid_grant) from /token', async () => {
      const tokens = await linkedTokens();
      assert.equal((await f.app.verifier.verify(tokens.access_token)).kind, 'valid');
      await f.app.store.close();
      const verdict = await f.app.verifier.verify(tokens.access_token);
      assert.equal(verdict.kind, 'transient');
      const refresh = await tokenRequest(
        f.url,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        { id: f.clientId, secret: f.clientSecret },
      );
      assert.ok(refresh.status >= 500, `status ${refresh.status}`);
      assert.equal(refresh.body.error, 'server_error');
    });
  });
}
