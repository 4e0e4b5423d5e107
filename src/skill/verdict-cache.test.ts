import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TokenVerifier, Verdict } from '../auth/verdict.ts';
import { VerdictCache } from './verdict-cache.ts';

function counting(verdict: () => Verdict): TokenVerifier & { calls: number } {
  const v = {
    calls: 0,
    async verify() {
      v.calls++;
      return verdict();
    },
  };
  return v;
}

const valid = (expiresAt: number): Verdict => ({
  kind: 'valid',
  userId: 'u1',
  clientId: 'alexa',
  scopes: [],
  grantId: 'g1',
  expiresAt,
});

describe('VerdictCache', () => {
  it('reuses a valid verdict within the TTL', async () => {
    let now = 1000;
    const inner = counting(() => valid(1_000_000));
    const cache = new VerdictCache(inner, { ttlMs: 5000, now: () => now });
    await cache.verify('t');
    now += 4999;
    await cache.verify('t');
    assert.equal(inner.calls, 1);
    now += 2;
    await cache.verify('t');
    assert.equal(inner.calls, 2);
  });

  it("never keeps a valid verdict past the token's expiresAt", async () => {
    let now = 1000;
    const inner = counting(() => valid(1500));
    const cache = new VerdictCache(inner, { ttlMs: 60_000, now: () => now });
    await cache.verify('t');
    now = 1499;
    await cache.verify('t');
    assert.equal(inner.calls, 1);
    now = 1500;
    await cache.verify('t');
    assert.equal(inner.calls, 2);
  });

  it('never caches a transient verdict or a disabled account', async () => {
    for (const v of [
      { kind: 'transient', cause: 'db down' },
      { kind: 'invalid', reason: 'account_disabled' },
    ] as Verdict[]) {
      const inner = counting(() => v);
      const cache = new VerdictCache(inner, { ttlMs: 60_000 });
      await cache.verify('t');
      await cache.verify('t');
      assert.equal(inner.calls, 2, v.kind);
    }
  });

  it('drops entries by user and by grant at once', async () => {
    const inner = counting(() => valid(Date.now() + 60_000));
    const cache = new VerdictCache(inner, { ttlMs: 60_000 });
    await cache.verify('t');
    cache.invalidateGrant('other');
    await cache.verify('t');
    assert.equal(inner.calls, 1);
    cache.invalidateGrant('g1');
    await cache.verify('t');
    assert.equal(inner.calls, 2);
    cache.invalidateUser('u1');
    await cache.verify('t');
    assert.equal(inner.calls, 3);
    assert.equal(cache.size, 1);
  });

  it('a verification in flight during an invalidation does not fill the cache', async () => {
    let release: (v: Verdict) => void = () => {};
    const inner: TokenVerifier = { verify: () => new Promise<Verdict>((r) => (release = r)) };
    const cache = new VerdictCache(inner, { ttlMs: 60_000 });
    const pending = cache.verify('t');
    cache.invalidateUser('u1');
    release(valid(Date.now() + 60_000));
    await pending;
    assert.equal(cache.size, 0);
  });

  it('keys by a hash, is bounded, and is off with a TTL of 0', async () => {
    const inner = counting(() => valid(Date.now() + 60_000));
    const cache = new VerdictCache(inner, { ttlMs: 60_000, maxEntries: 2 });
    for (const t of ['a', 'b', 'c']) await cache.verify(t);
    assert.equal(cache.size, 2);
    const off = new VerdictCache(inner, { ttlMs: 0 });
    await off.verify('a');
    await off.verify('a');
    assert.equal(off.size, 0);
  });
});
