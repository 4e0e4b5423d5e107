// oidc-provider's request context (an AsyncLocalStorage) is on only while a provider request is in
// flight: on Node 20 an enabled storage keeps V8's promise hooks on, a cost every directive pays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import requestContext from 'oidc-provider/lib/helpers/als.js';
import { contextOnlyInFlight, requestContextEnabled } from '../../src/oauth/quarantine.ts';
import { exchange, link, oauthFixture } from './flow.ts';

describe('oidc-provider request context', () => {
  it('stays on while any request is in flight and goes off when the last one ends', async () => {
    const seen: unknown[] = [];
    let releaseFirst!: () => void;
    let releaseSecond!: () => void;
    const held = (ctx: string, gate: Promise<void>) => () =>
      requestContext.run(ctx, async () => {
        await gate;
        seen.push(requestContext.getStore());
      });
    const first = contextOnlyInFlight(held('first', new Promise((r) => (releaseFirst = r))))();
    const second = contextOnlyInFlight(held('second', new Promise((r) => (releaseSecond = r))))();
    assert.equal(requestContextEnabled(), true, 'on while two requests are in flight');
    releaseFirst();
    await first;
    assert.equal(requestContextEnabled(), true, 'still on: the second request is in flight');
    releaseSecond();
    await second;
    assert.deepEqual(seen, ['first', 'second'], 'each request saw its own context to the end');
    assert.equal(requestContextEnabled(), false, 'off once no request is in flight');
  });

  it('goes off also when a request fails', async () => {
    const failing = contextOnlyInFlight(() =>
      requestContext.run('ctx', async () => {
        await Promise.resolve();
        throw new Error('boom');
      }),
    );
    await assert.rejects(failing(), /boom/);
    assert.equal(requestContextEnabled(), false);
  });

  it('is off after real linking, exchange and refreshes, which keep working (also ten at once)', async () => {
    const f = await oauthFixture('sqlite');
    try {
      const config = await f.config();
      const tokens = await exchange(config, await link(f, config));
      assert.equal(requestContextEnabled(), false, 'off after the linking flow');
      const refreshed = await Promise.all(
        Array.from({ length: 10 }, () => oidc.refreshTokenGrant(config, tokens.refresh_token!)),
      );
      for (const t of refreshed) assert.equal((await f.app.verifier.verify(t.access_token)).kind, 'valid');
      assert.equal(requestContextEnabled(), false, 'off after concurrent refreshes');
    } finally {
      await f.cleanup();
    }
  });
});
