import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBusMessage, redactRedisUrl } from './bus-redis.ts';

const msg = (o: Record<string, unknown>) => JSON.stringify({ v: 1, from: 'inst', ...o });

describe('parseBusMessage', () => {
  it('accepts each event with its exact payload, dropping extra fields', () => {
    assert.deepEqual(
      parseBusMessage(msg({ event: 'grant-revoked', payload: { grantId: 'g', userId: null } })),
      {
        ok: true,
        from: 'inst',
        event: { event: 'grant-revoked', payload: { grantId: 'g', userId: null } },
      },
    );
    const device = parseBusMessage(
      msg({ event: 'device-changed', payload: { userId: 'u', deviceId: 'd', change: 'state', extra: 1 } }),
    );
    assert.deepEqual(device, {
      ok: true,
      from: 'inst',
      event: { event: 'device-changed', payload: { userId: 'u', deviceId: 'd', change: 'state' } },
    });
  });

  for (const [name, raw] of [
    ['not JSON', '{'],
    ['null', 'null'],
    ['no sender', JSON.stringify({ v: 1, event: 'grant-revoked', payload: { grantId: 'g', userId: null } })],
    ['unknown event', msg({ event: '__proto__', payload: {} })],
    ['bad change', msg({ event: 'account-changed', payload: { userId: 'u', change: 'hacked' } })],
    ['numeric id', msg({ event: 'grant-revoked', payload: { grantId: 7, userId: null } })],
    ['too large', msg({ event: 'grant-revoked', payload: { grantId: 'g'.repeat(5000), userId: null } })],
  ] as const) {
    it(`refuses ${name}`, () => assert.equal(parseBusMessage(raw).ok, false));
  }
});

describe('redactRedisUrl', () => {
  it('hides the password', () => {
    assert.equal(redactRedisUrl('redis://user:pw@h:6379/0'), 'redis://user:***@h:6379/0');
    assert.equal(redactRedisUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  });
});
