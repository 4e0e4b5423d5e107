import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { LocalVerifier, type GrantStatus, type LocalVerifierDeps } from './local-verifier.ts';

const ISS = 'https://cloud.example';
const AUD = 'https://cloud.example/api/v1';
const NOW = 1_800_000_000_000;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function token(
  claims: Record<string, unknown> = {},
  opts: { kid?: string; key?: KeyObject; typ?: string; alg?: string } = {},
): Promise<string> {
  return new SignJWT({
    iss: ISS,
    aud: AUD,
    sub: 'user-1',
    iat: NOW / 1000 - 10,
    exp: NOW / 1000 + 3600,
    client_id: 'alexa',
    scope: 'devices',
    grant_id: 'g1',
    ...claims,
  })
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'k1', typ: opts.typ ?? 'at+jwt' })
    .sign(opts.key ?? privateKey);
}

function verifier(overrides: Partial<LocalVerifierDeps> = {}, status: GrantStatus = 'active') {
  const calls: string[] = [];
  const v = new LocalVerifier({
    issuer: ISS,
    audience: AUD,
    key: async (kid) => (kid === 'k1' ? publicKey : undefined),
    grantStatus: async (grantId, userId) => {
      calls.push(`${grantId}/${userId}`);
      return status;
    },
    now: () => NOW,
    ...overrides,
  });
  return { v, calls };
}

describe('local token verifier', () => {
  it('accepts a valid token with one store lookup and returns who and what', async () => {
    const { v, calls } = verifier();
    assert.deepEqual(await v.verify(await token()), {
      kind: 'valid',
      userId: 'user-1',
      clientId: 'alexa',
      scopes: ['devices'],
      grantId: 'g1',
      expiresAt: NOW + 3600 * 1000,
    });
    assert.deepEqual(calls, ['g1/user-1']);
  });

  it('tells each invalid reason apart', async () => {
    const { v } = verifier();
    const t = await token();
    const [h, p, s] = t.split('.') as [string, string, string];
    const cases: Array<[string, string]> = [
      ['not a jwt', 'malformed'],
      [`${h}.${p}`, 'malformed'],
      [await token({}, { typ: 'JWT' }), 'malformed'],
      [await token({ grant_id: undefined }), 'malformed'],
      [await token({}, { kid: 'nope' }), 'unknown'],
      [await token({}, { key: other.privateKey }), 'bad_signature'],
      [`${h}.${Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url')}.${s}`, 'bad_signature'],
      [await token({ iss: 'https://evil.example' }), 'wrong_issuer'],
      [await token({ aud: 'https://other.example' }), 'wrong_audience'],
    ];
    for (const [input, reason] of cases) {
      assert.deepEqual(await v.verify(input), { kind: 'invalid', reason }, input.slice(0, 40));
    }
  });

  it('reports revoked grants and deleted or disabled accounts from the store', async () => {
    for (const status of ['revoked', 'account_deleted', 'account_disabled'] as const) {
      const { v } = verifier({}, status);
      assert.deepEqual(await v.verify(await token()), { kind: 'invalid', reason: status });
    }
  });

  it('says expired for a recognised token past exp, before asking the store', async () => {
    const { v, calls } = verifier({}, 'revoked');
    const t = await token({ exp: NOW / 1000 - 1 });
    assert.deepEqual(await v.verify(t), { kind: 'expired', expiredAt: NOW - 1000 });
    assert.deepEqual(calls, [], 'an expired token never costs a store query, even if also revoked');
  });

  it('an expired token with a forged signature is invalid, not expired', async () => {
    const { v } = verifier();
    const t = await token({ exp: NOW / 1000 - 1 }, { key: other.privateKey });
    assert.deepEqual(await v.verify(t), { kind: 'invalid', reason: 'bad_signature' });
  });

  it('store or key failures are transient, never invalid', async () => {
    const down = async () => {
      throw new Error('connection refused');
    };
    const t = await token();
    assert.equal((await verifier({ grantStatus: down }).v.verify(t)).kind, 'transient');
    assert.equal((await verifier({ key: down }).v.verify(t)).kind, 'transient');
  });
});

describe('signature memo (decision 0104)', () => {
  it('still asks the store on every call, so a revocation after the first check is seen at once', async () => {
    let status: GrantStatus = 'active';
    const calls: string[] = [];
    const { v } = verifier({
      grantStatus: async (grantId) => {
        calls.push(grantId);
        return status;
      },
    });
    const t = await token();
    assert.equal((await v.verify(t)).kind, 'valid');
    assert.equal(v.memoSize, 1);
    for (const next of ['revoked', 'account_deleted', 'account_disabled'] as const) {
      status = next;
      assert.deepEqual(await v.verify(t), { kind: 'invalid', reason: next });
    }
    assert.equal(calls.length, 4, 'one store query per verification, memo or not');
  });

  it('judges expiry on every call: a remembered token turns expired when the clock passes exp', async () => {
    let now = NOW;
    const { v } = verifier({ now: () => now });
    const t = await token();
    assert.equal((await v.verify(t)).kind, 'valid');
    now = NOW + 3600 * 1000;
    assert.deepEqual(await v.verify(t), { kind: 'expired', expiredAt: NOW + 3600 * 1000 });
  });

  it('with a leeway, a token just past exp is still judged by the store; past exp + leeway it is expired', async () => {
    const exp = NOW + 3600 * 1000;
    let now = exp + 59_999;
    let status: GrantStatus = 'active';
    const calls: string[] = [];
    const v = verifier({
      now: () => now,
      expiryLeewayMs: 60_000,
      grantStatus: async (grantId) => {
        calls.push(grantId);
        return status;
      },
    }).v;
    const t = await token();
    assert.deepEqual(await v.verify(t), {
      kind: 'valid',
      userId: 'user-1',
      clientId: 'alexa',
      scopes: ['devices'],
      grantId: 'g1',
      expiresAt: exp,
    });
    status = 'revoked';
    assert.deepEqual(
      await v.verify(t),
      { kind: 'invalid', reason: 'revoked' },
      'the leeway never hides a revocation',
    );
    now = exp + 60_000;
    assert.deepEqual(await v.verify(t), { kind: 'expired', expiredAt: exp });
    assert.equal(calls.length, 2, 'past the leeway, expiry is answered before the store');
  });

  it('without a leeway, a token is expired from the very millisecond of its exp', async () => {
    const exp = NOW + 3600 * 1000;
    const { v } = verifier({ now: () => exp });
    assert.deepEqual(await v.verify(await token()), { kind: 'expired', expiredAt: exp });
  });

  it('checks the signature again when the kid now names another key', async () => {
    let current = publicKey;
    const { v } = verifier({ key: async () => current });
    const t = await token();
    assert.equal((await v.verify(t)).kind, 'valid');
    current = other.publicKey;
    assert.deepEqual(await v.verify(t), { kind: 'invalid', reason: 'bad_signature' });
    assert.equal(v.memoSize, 0, 'the stale entry is dropped');
  });

  it('answers unknown, or transient, when the kid no longer resolves, as without the memo', async () => {
    let key: () => Promise<KeyObject | undefined> = async () => publicKey;
    const { v } = verifier({ key: () => key() });
    const t = await token();
    assert.equal((await v.verify(t)).kind, 'valid');
    key = async () => {
      throw new Error('store down');
    };
    assert.equal((await v.verify(t)).kind, 'transient');
    key = async () => undefined;
    assert.deepEqual(await v.verify(t), { kind: 'invalid', reason: 'unknown' });
  });

  it('remembers only tokens that passed, at most memoEntries of them, and nothing when 0', async () => {
    const { v } = verifier({ memoEntries: 2 });
    await v.verify(await token({}, { key: other.privateKey }));
    await v.verify(await token({ exp: NOW / 1000 - 1 }));
    await v.verify(await token({ iss: 'https://evil.example' }));
    assert.equal(v.memoSize, 0);
    const tokens = [await token({ sub: 'a' }), await token({ sub: 'b' }), await token({ sub: 'c' })];
    for (const t of tokens) assert.equal((await v.verify(t)).kind, 'valid');
    assert.equal(v.memoSize, 2);
    for (const t of tokens) assert.equal((await v.verify(t)).kind, 'valid', 'evicted tokens verify afresh');

    const { v: off } = verifier({ memoEntries: 0 });
    assert.equal((await off.verify(tokens[0]!)).kind, 'valid');
    assert.equal(off.memoSize, 0);
  });

  it("a verdict's scopes are a copy: changing them does not change the next verdict", async () => {
    const { v } = verifier();
    const t = await token();
    const first = await v.verify(t);
    assert.equal(first.kind, 'valid');
    if (first.kind === 'valid') first.scopes.push('admin');
    const second = await v.verify(t);
    assert.deepEqual(second.kind === 'valid' && second.scopes, ['devices']);
  });
});
