import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../support/env.ts';
import { oauthFixture, link, exchange, type OAuthFixture } from './flow.ts';

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
  });
}
