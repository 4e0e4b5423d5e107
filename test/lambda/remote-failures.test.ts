// The Lambda's remote adapters against the failures that sit between it and the resource API.
// Only a signed answer of our API may be a verdict on a token; everything else is transient.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../src/cloud/api/client.ts';
import { RemoteVerifier } from '../../src/auth/remote-verifier.ts';
import { RemoteCloudError, RemoteDeviceCloud } from '../../src/cloud/remote-cloud.ts';
import {
  DeviceFaultError,
  DeviceUnreachableError,
  DeviceValueError,
  NoSuchDeviceError,
} from '../../src/cloud/device-errors.ts';
import { freePort, freshServer } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { answering, fakePeer, hanging, type FakePeer } from '../support/fake-proxy.ts';

const TIMEOUTS = { timeoutMs: 300 };
const CLOUD_TIMEOUTS = { readTimeoutMs: 300, commandTimeoutMs: 300 };
const invalidTokenJson = JSON.stringify({
  error: 'invalid_token',
  reason: 'revoked',
  error_description: 'the access token is invalid (revoked)',
});

describe('RemoteVerifier: anything but a signed verdict is transient', () => {
  const cases: Array<[string, Parameters<typeof fakePeer>[0]]> = [
    ['a 500 from upstream', answering(500, { 'content-type': 'text/plain' }, 'Internal Server Error')],
    [
      'our own 500 (signed)',
      answering(
        500,
        { 'content-type': 'application/json', 'mylights-api': '1' },
        '{"error":"server_error","error_description":"x"}',
      ),
    ],
    ['a 502 from a load balancer', answering(502, { 'content-type': 'text/html' }, '<h1>Bad Gateway</h1>')],
    ['a 429', answering(429, { 'content-type': 'application/json' }, '{"message":"Too Many Requests"}')],
    ['a WAF’s bare 403', answering(403, { 'content-type': 'text/html' }, '<h1>403 Forbidden</h1>')],
    [
      'a proxy’s 401 that looks like ours but lacks the signature',
      answering(
        401,
        { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' },
        invalidTokenJson,
      ),
    ],
    [
      'a 401 with the signature header but no JSON body',
      answering(401, { 'content-type': 'text/html', 'mylights-api': '1' }, '<h1>Unauthorized</h1>'),
    ],
    ['a 200 that is not ours', answering(200, { 'content-type': 'text/html' }, '<html>login</html>')],
    ['an upstream that never answers', hanging],
  ];
  for (const [what, handler] of cases) {
    it(`${what} → transient`, async () => {
      const peer = await fakePeer(handler);
      const client = new ApiClient({ baseUrl: peer.url });
      try {
        const verdict = await new RemoteVerifier(client, TIMEOUTS).verify('some-token');
        assert.equal(verdict.kind, 'transient', JSON.stringify(verdict));
        assert.equal(peer.requests, 1);
      } finally {
        client.close();
        await peer.close();
      }
    });
  }

  it('a closed port → transient', async () => {
    const client = new ApiClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    const verdict = await new RemoteVerifier(client, TIMEOUTS).verify('some-token');
    assert.equal(verdict.kind, 'transient');
    client.close();
  });

  it('an unresolvable host → transient', async () => {
    const client = new ApiClient({ baseUrl: 'http://mylights.invalid' });
    const verdict = await new RemoteVerifier(client, TIMEOUTS).verify('some-token');
    assert.equal(verdict.kind, 'transient');
    client.close();
  });

  it('the remote device cloud: proxy errors and hangs are RemoteCloudError, never a device or auth error', async () => {
    for (const handler of [
      answering(403, { 'content-type': 'text/html' }, 'Forbidden'),
      answering(401, { 'content-type': 'application/json' }, invalidTokenJson),
      answering(504, { 'content-type': 'text/html' }, 'Gateway Timeout'),
      hanging,
    ]) {
      const peer: FakePeer = await fakePeer(handler);
      const client = new ApiClient({ baseUrl: peer.url });
      const cloud = new RemoteDeviceCloud(client, CLOUD_TIMEOUTS);
      try {
        await assert.rejects(cloud.list({ token: 't', userId: 'u' }), RemoteCloudError);
        await assert.rejects(cloud.get({ token: 't', userId: 'u' }, 'light-1'), RemoteCloudError);
        await assert.rejects(
          cloud.execute({ token: 't', userId: 'u' }, 'light-1', {
            name: 'setPower',
            params: { powerState: 'ON' },
          }),
          RemoteCloudError,
        );
      } finally {
        client.close();
        await peer.close();
      }
    }
  });
});

describe('remote device cloud: the signed 502s say whose fault it is', () => {
  const signed = { 'content-type': 'application/json', 'mylights-api': '1' };
  const command = { name: 'setPower', params: { powerState: 'ON' } };
  /** A command through the remote cloud to a peer that answers as `handler` does. */
  async function executeAgainst(handler: Parameters<typeof fakePeer>[0]): Promise<void> {
    const peer = await fakePeer(handler);
    const client = new ApiClient({ baseUrl: peer.url });
    try {
      await new RemoteDeviceCloud(client, CLOUD_TIMEOUTS).execute(
        { token: 't', userId: 'u' },
        'light-1',
        command,
      );
    } finally {
      client.close();
      await peer.close();
    }
  }

  it('502 device_fault is the device’s fault (DeviceFaultError, its reason kept), never an auth error', async () => {
    for (const [reason, why] of [
      ['device_error', 'device_error'],
      ['invalid_state', 'invalid_state'],
      [undefined, 'device_error'],
    ] as const) {
      const body = JSON.stringify({
        error: 'device_fault',
        ...(reason ? { reason } : {}),
        error_description: 'device light-1 reported a failure: overheated',
      });
      await assert.rejects(
        executeAgainst(answering(502, signed, body)),
        (err: unknown) =>
          err instanceof DeviceFaultError &&
          err.deviceId === 'light-1' &&
          err.why === why &&
          err.message === 'device light-1 reported a failure: overheated',
      );
    }
  });

  it('502 device_unreachable stays unreachable; an unsigned 502 stays transient', async () => {
    const offline = JSON.stringify({
      error: 'device_unreachable',
      reason: 'offline',
      error_description: 'x',
    });
    const fault = JSON.stringify({ error: 'device_fault', error_description: 'x' });
    for (const [handler, expected] of [
      [answering(502, signed, offline), DeviceUnreachableError],
      [answering(502, { 'content-type': 'application/json' }, fault), RemoteCloudError],
    ] as const) {
      await assert.rejects(executeAgainst(handler), expected);
    }
  });
});

describe('RemoteVerifier and remote device cloud against the real resource API', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  let client: ApiClient;
  const verifier = new ScriptedVerifier();
  let userId: string;
  before(async () => {
    s = await freshServer('sqlite');
    s.app.verifier = verifier;
    userId = (await s.app.accounts.create('ann@example.com', 'password-1')).id;
    client = new ApiClient({ baseUrl: s.url });
  });
  after(async () => {
    client.close();
    await s.cleanup();
  });

  it('maps our signed verdicts: valid, expired, invalid with its reason', async () => {
    const remote = new RemoteVerifier(client, { timeoutMs: 2000 });
    const valid = await remote.verify(verifier.valid(userId));
    assert.equal(valid.kind, 'valid');
    assert.equal(valid.kind === 'valid' && valid.userId, userId);
    const expired = await remote.verify(verifier.issue({ kind: 'expired', expiredAt: 0 }));
    assert.equal(expired.kind, 'expired');
    for (const reason of ['revoked', 'account_deleted', 'malformed'] as const) {
      assert.deepEqual(await remote.verify(verifier.issue({ kind: 'invalid', reason })), {
        kind: 'invalid',
        reason,
      });
    }
    const outage = await remote.verify(verifier.issue({ kind: 'transient', cause: 'db down' }));
    assert.equal(outage.kind, 'transient');
  });

  it('the API base may be given with or without /api/v1', async () => {
    const withPrefix = new ApiClient({ baseUrl: `${s.url}/api/v1/` });
    try {
      const v = await new RemoteVerifier(withPrefix, { timeoutMs: 2000 }).verify(verifier.valid(userId));
      assert.equal(v.kind, 'valid');
    } finally {
      withPrefix.close();
    }
  });

  it('lists, gets and commands devices, mapping 404 and 422 to the cloud errors', async () => {
    const light = await s.app.devices.add(userId, 'light', 'Desk');
    const other = await s.app.devices.add(
      (await s.app.accounts.create('bob@example.com', 'password-1')).id,
      'light',
      'B',
    );
    const cloud = new RemoteDeviceCloud(client, { readTimeoutMs: 2000, commandTimeoutMs: 2000 });
    const who = { token: verifier.valid(userId), userId };
    assert.deepEqual(
      (await cloud.list(who)).map((d) => d.id),
      [light.id],
    );
    assert.equal((await cloud.get(who, light.id))?.name, 'Desk');
    assert.equal(await cloud.get(who, other.id), null);
    const after = await cloud.execute(who, light.id, {
      name: 'setPower',
      params: { powerState: 'ON' },
    });
    assert.equal(after.state.powerState, 'ON');
    await assert.rejects(
      cloud.execute(who, other.id, { name: 'setPower', params: { powerState: 'ON' } }),
      NoSuchDeviceError,
    );
    await assert.rejects(
      cloud.execute(who, light.id, { name: 'setBrightness', params: { brightness: 101 } }),
      (err: unknown) => err instanceof DeviceValueError && err.validRange?.maximumValue === 100,
    );
  });
});
