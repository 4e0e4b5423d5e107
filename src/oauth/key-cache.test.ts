import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { KeyCache, KeyNotYetLoadedError } from './keys.ts';
import { LocalVerifier } from '../auth/local-verifier.ts';

const ISS = 'https://cloud.example';
const AUD = 'https://cloud.example/api/v1';
const NOW = 1_800_000_000_000;
const first = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The store's keys as the test sets them, counting how often the cache reads them. */
function source(initial: Record<string, KeyObject>) {
  const keys = new Map(Object.entries(initial));
  let reads = 0;
  return {
    keys,
    reads: () => reads,
    publicKeys: async () => {
      reads++;
      return new Map(keys);
    },
  };
}

function clock(start = NOW) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('signing key cache', () => {
  it('answers a known kid from memory and an unknown one after a fresh read of the store', async () => {
    const store = source({ k1: first.publicKey });
    const c = clock();
    const cache = new KeyCache(store, c.now);
    assert.equal(await cache.get('k1'), first.publicKey);
    assert.equal(await cache.get('k1'), first.publicKey);
    assert.equal(store.reads(), 1);
    c.advance(1000);
    assert.equal(await cache.get('forged'), undefined, 'unknown after a read that began after the call');
    assert.equal(store.reads(), 2);
  });

  it('a kid unknown within a second of the last read is a transient failure, never "unknown"', async () => {
    const store = source({ k1: first.publicKey });
    const c = clock();
    const cache = new KeyCache(store, c.now);
    await cache.get('k1');
    // Another instance rotates and signs with the new key; its token arrives at once.
    store.keys.set('k2', rotated.publicKey);
    c.advance(200);
    await assert.rejects(cache.get('k2'), KeyNotYetLoadedError);
    assert.equal(store.reads(), 1, 'the once-a-second bound holds');
    c.advance(800);
    assert.equal(await cache.get('k2'), rotated.publicKey);
    assert.equal(store.reads(), 2);
  });

  it('a flood of forged kids reads the store at most once a second', async () => {
    const store = source({ k1: first.publicKey });
    const c = clock();
    const cache = new KeyCache(store, c.now);
    const answers = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => cache.get(`forged-${i}`)));
    assert.equal(store.reads(), 1, 'concurrent callers share one read');
    // Only the first caller's read began after its call; the others joined a read already under way,
    // which may have missed a key made just before they came: not a verdict for them.
    const [firstAnswer, ...rest] = answers;
    assert.deepEqual(firstAnswer, { status: 'fulfilled', value: undefined });
    assert.ok(rest.every((a) => a.status === 'rejected' && a.reason instanceof KeyNotYetLoadedError));
    const later = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => cache.get(`more-${i}`)));
    assert.equal(store.reads(), 1);
    assert.ok(later.every((a) => a.status === 'rejected' && a.reason instanceof KeyNotYetLoadedError));
  });

  it('a caller that joins a read under way gets the key that read found', async () => {
    const store = source({ k1: first.publicKey, k2: rotated.publicKey });
    const cache = new KeyCache(store, clock().now);
    const [a, b] = await Promise.all([cache.get('k1'), cache.get('k2')]);
    assert.equal(a, first.publicKey);
    assert.equal(b, rotated.publicKey);
    assert.equal(store.reads(), 1);
  });

  it('through the verifier: a token signed by a key made a moment ago is transient, then valid', async () => {
    const store = source({ k1: first.publicKey });
    const c = clock();
    const cache = new KeyCache(store, c.now);
    const verifier = new LocalVerifier({
      issuer: ISS,
      audience: AUD,
      key: (kid) => cache.get(kid),
      grantStatus: async () => 'active',
      now: c.now,
    });
    const sign = (kid: string, key: KeyObject) =>
      new SignJWT({
        iss: ISS,
        aud: AUD,
        sub: 'user-1',
        exp: Math.floor(NOW / 1000) + 3600,
        client_id: 'alexa',
        scope: 'devices',
        grant_id: 'g1',
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .sign(key);
    assert.equal((await verifier.verify(await sign('k1', first.privateKey))).kind, 'valid');
    store.keys.set('k2', rotated.publicKey);
    const fresh = await sign('k2', rotated.privateKey);
    const soon = await verifier.verify(fresh);
    assert.equal(soon.kind, 'transient', 'no unlink for a key the cache has not read yet');
    c.advance(1000);
    assert.equal((await verifier.verify(fresh)).kind, 'valid');
    c.advance(1000);
    const forged = await sign('k3', rotated.privateKey);
    assert.deepEqual(await verifier.verify(forged), { kind: 'invalid', reason: 'unknown' });
  });
});
