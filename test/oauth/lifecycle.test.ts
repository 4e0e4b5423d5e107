// Refresh tokens over time: rotation policy, session independence, restarts and key rotation,
// the per-client token limit, and the production (https) shape.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS, freshServer } from '../support/env.ts';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import {
  authorizeUrl,
  decodeJwt,
  exchange,
  link,
  oauthFixture,
  tokenRequest,
  ALEXA_REDIRECT,
} from './flow.ts';

const isInvalidGrant = (e: { error?: string }) => e.error === 'invalid_grant';

for (const dialect of DIALECTS) {
  describe(`refresh token lifecycle on ${dialect}`, () => {
    it('checklist 20: refresh works after the browser session is gone and 15 days have passed', async () => {
      const f = await oauthFixture(dialect);
      try {
        const config = await f.config();
        const t = await exchange(config, await link(f, config));
        await f.app.store.db.deleteFrom('oauth_models').where('model', '=', 'Session').execute();
        mock.timers.enable({ apis: ['Date'], now: Date.now() + 15 * 24 * 3600 * 1000 });
        try {
          const refreshed = await oidc.refreshTokenGrant(config, t.refresh_token!);
          const verdict = await f.app.verifier.verify(refreshed.access_token);
          assert.equal(verdict.kind, 'valid');
        } finally {
          mock.timers.reset();
        }
      } finally {
        await f.cleanup();
      }
    });

    it('checklist 17: with rotation on, reuse within the grace window works and reuse after it revokes the family', async () => {
      const f = await oauthFixture(dialect, {
        env: { REFRESH_TOKEN_ROTATION: 'on', REFRESH_TOKEN_REUSE_GRACE: '60' },
      });
      try {
        const config = await f.config();
        const t = await exchange(config, await link(f, config));
        const first = await oidc.refreshTokenGrant(config, t.refresh_token!);
        assert.ok(first.refresh_token && first.refresh_token !== t.refresh_token, 'rotated');
        const retry = await oidc.refreshTokenGrant(config, t.refresh_token!);
        assert.ok(retry.refresh_token, 'a retry within the window still succeeds');
        // The window passes: move the first consumption back 61 s.
        await f.app.store.db
          .updateTable('oauth_models')
          .set({ consumed_at: Date.now() - 61_000 })
          .where('model', '=', 'RefreshToken')
          .where('consumed_at', 'is not', null)
          .execute();
        await assert.rejects(oidc.refreshTokenGrant(config, t.refresh_token!), isInvalidGrant);
        await assert.rejects(oidc.refreshTokenGrant(config, first.refresh_token!), isInvalidGrant);
        assert.deepEqual(await f.app.verifier.verify(first.access_token), {
          kind: 'invalid',
          reason: 'revoked',
        });
      } finally {
        await f.cleanup();
      }
    });

    it('tokens survive a restart, and a rotated key signs new tokens while old ones still verify', async () => {
      const f = await oauthFixture(dialect);
      try {
        const config = await f.config();
        const t = await exchange(config, await link(f, config));
        const oldKid = decodeJwt(t.access_token).header.kid;
        await f.app.oauth.keys.rotate();
        // A second instance on the same store, as after a restart.
        const env = { ...f.app.config };
        const again = await createApp(env, {
          logger: createLogger('silent'),
          ...(dialect === 'postgres'
            ? { schema: (f.app.store.location.match(/schema (\w+)/) ?? [])[1] ?? '' }
            : {}),
        });
        try {
          assert.equal((await again.verifier.verify(t.access_token)).kind, 'valid');
          const server = await again.oauth.server();
          assert.notEqual(server.provider, undefined);
        } finally {
          await again.close();
        }
        // The running server verifies the old token and picks up the new key from the store.
        assert.equal((await f.app.verifier.verify(t.access_token)).kind, 'valid');
        const keys = await f.app.oauth.keys.list();
        assert.equal(keys.length, 2);
        assert.ok(keys.some((k) => k.kid === oldKid && k.retiredAt !== null));
      } finally {
        await f.cleanup();
      }
    });

    it('checklist 30: the token endpoint is rate-limited per client', async () => {
      const f = await oauthFixture(dialect, { env: { TOKEN_RATE_LIMIT: '3' } });
      try {
        const params = { grant_type: 'refresh_token', refresh_token: 'nope' };
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const method = i % 2 ? 'post' : 'basic';
          statuses.push(
            (await tokenRequest(f.url, params, { id: f.clientId, secret: f.clientSecret, method })).status,
          );
        }
        assert.deepEqual(statuses, [400, 400, 400, 429]);
        const other = await f.app.oauth.clients.add({
          name: 'Other',
          redirectUris: ['http://127.0.0.1:9/cb'],
        });
        const res = await tokenRequest(f.url, params, { id: other.clientId, secret: other.clientSecret });
        assert.equal(res.status, 400, 'another client is not limited');
      } finally {
        await f.cleanup();
      }
    });
  });
}

describe('behind a TLS-terminating proxy', () => {
  it('checklist 33: every URL is https from PUBLIC_URL, HSTS is sent, cookies are Secure, forwarded headers are ignored', async () => {
    const s = await freshServer('sqlite', { env: { PUBLIC_URL: 'https://lights.example' } });
    try {
      const meta = (await (
        await fetch(`${s.url}/.well-known/oauth-authorization-server`, {
          headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
        })
      ).json()) as Record<string, string>;
      assert.equal(meta.issuer, 'https://lights.example');
      for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'revocation_endpoint'])
        assert.ok(meta[key]!.startsWith('https://lights.example/'), meta[key]);
      const alexa = await s.app.oauth.clients.add({ name: 'Alexa', redirectUris: [ALEXA_REDIRECT] });
      const res = await fetch(
        authorizeUrl(s.url, {
          client_id: alexa.clientId,
          redirect_uri: ALEXA_REDIRECT,
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      assert.equal(res.status, 303);
      const location = new URL(res.headers.get('location')!, 'https://lights.example');
      assert.equal(location.origin, 'https://lights.example');
      assert.ok(location.pathname.startsWith('/oauth/interaction/'));
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
      const cookies = res.headers.getSetCookie();
      assert.ok(cookies.length > 0);
      for (const c of cookies) assert.match(c, /;\s*secure/i, c);
    } finally {
      await s.cleanup();
    }
  });
});
