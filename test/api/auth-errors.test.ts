import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshServer } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { API_SIGNATURE_HEADER } from '../../src/cloud/api/contract.ts';

interface ErrorBody {
  error: string;
  reason?: string;
  error_description: string;
}

async function call(url: string, token?: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { ...(token !== undefined ? { authorization: token } : {}), ...(init.headers ?? {}) },
  });
  const body = (await res.json()) as ErrorBody & Record<string, unknown>;
  return { res, body };
}

function assertSigned(res: Response) {
  assert.equal(res.headers.get(API_SIGNATURE_HEADER), '1', 'every API answer carries the signature');
}

for (const dialect of DIALECTS) {
  describe(`resource API bearer errors (${dialect})`, () => {
    let s: Awaited<ReturnType<typeof freshServer>>;
    const verifier = new ScriptedVerifier();
    let userId: string;
    let base: string;
    before(async () => {
      s = await freshServer(dialect);
      s.app.verifier = verifier;
      userId = (await s.app.accounts.create('ann@example.com', 'password-1')).id;
      base = `${s.url}/api/v1`;
    });
    after(() => s.cleanup());

    it('answers a valid token with the user and its token details', async () => {
      const { res, body } = await call(`${base}/me`, `Bearer ${verifier.valid(userId)}`);
      assert.equal(res.status, 200);
      assertSigned(res);
      assert.deepEqual((body as unknown as { user: unknown }).user, { id: userId, email: 'ann@example.com' });
    });

    it('401 invalid_token with reason "expired" for an expired token', async () => {
      const t = verifier.issue({ kind: 'expired', expiredAt: Date.now() - 1000 });
      const { res, body } = await call(`${base}/devices`, `Bearer ${t}`);
      assert.equal(res.status, 401);
      assertSigned(res);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/);
      assert.equal(body.error, 'invalid_token');
      assert.equal(body.reason, 'expired');
    });

    for (const reason of ['revoked', 'account_deleted', 'unknown', 'bad_signature'] as const) {
      it(`401 invalid_token with reason "${reason}" for an invalid token`, async () => {
        const t = verifier.issue({ kind: 'invalid', reason });
        const { res, body } = await call(`${base}/me`, `Bearer ${t}`);
        assert.equal(res.status, 401);
        assertSigned(res);
        assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
        assert.deepEqual([body.error, body.reason], ['invalid_token', reason]);
      });
    }

    it('401 with a bare challenge and no invalid_token when the bearer is missing', async () => {
      const { res, body } = await call(`${base}/devices`);
      assert.equal(res.status, 401);
      assertSigned(res);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="mylights"');
      assert.equal(body.error, 'invalid_request');
      assert.equal(body.reason, 'missing_token');
    });

    it('400 invalid_request for a garbled Authorization header', async () => {
      for (const h of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer ünïcode']) {
        const { res, body } = await call(`${base}/me`, h);
        assert.equal(res.status, 400, h);
        assertSigned(res);
        assert.equal(body.error, 'invalid_request');
      }
    });

    it('401 invalid_token (malformed) for a garbage bearer the verifier cannot read', async () => {
      const t = verifier.issue({ kind: 'invalid', reason: 'malformed' });
      const { res, body } = await call(`${base}/me`, `Bearer ${t}`);
      assert.equal(res.status, 401);
      assert.equal(body.reason, 'malformed');
      const unknown = await call(`${base}/me`, 'Bearer not-a-token-we-issued');
      assert.equal(unknown.res.status, 401);
      assert.equal(unknown.body.error, 'invalid_token');
    });

    it('403 insufficient_scope when the token lacks the devices scope', async () => {
      const { res, body } = await call(`${base}/devices`, `Bearer ${verifier.valid(userId, ['profile'])}`);
      assert.equal(res.status, 403);
      assertSigned(res);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="insufficient_scope".*scope="devices"/);
      assert.equal(body.error, 'insufficient_scope');
    });

    it('503 temporarily_unavailable (never 401) when the verifier cannot judge', async () => {
      for (const t of [
        verifier.issue({ kind: 'transient', cause: 'keys unavailable' }),
        verifier.issue(new Error('connection refused')),
      ]) {
        const { res, body } = await call(`${base}/me`, `Bearer ${t}`);
        assert.equal(res.status, 503);
        assertSigned(res);
        assert.equal(body.error, 'temporarily_unavailable');
        assert.equal(res.headers.get('www-authenticate'), null);
      }
    });

    it('authenticates before it validates: a bad body from an unknown caller is a 401', async () => {
      const { res } = await call(`${base}/devices/x/commands`, 'Bearer nope', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      assert.equal(res.status, 401);
    });

    it('404 for unknown paths under /api/v1, signed', async () => {
      const { res, body } = await call(`${base}/nothing-here`, `Bearer ${verifier.valid(userId)}`);
      assert.equal(res.status, 404);
      assertSigned(res);
      assert.equal(body.error, 'not_found');
    });
  });
}

describe('resource API with the store down', () => {
  it('answers 503 temporarily_unavailable, not 401, when the database is gone', async () => {
    const s = await freshServer('postgres');
    const verifier = new ScriptedVerifier();
    s.app.verifier = verifier;
    try {
      const userId = (await s.app.accounts.create('bob@example.com', 'password-1')).id;
      const token = verifier.valid(userId);
      await s.app.store.close();
      const { res, body } = await call(`${s.url}/api/v1/devices`, `Bearer ${token}`);
      assert.equal(res.status, 503);
      assertSigned(res);
      assert.equal(body.error, 'temporarily_unavailable');
    } finally {
      await s.server.http.close();
    }
  });
});
