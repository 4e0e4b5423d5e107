import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Bus, type BusEvent } from './bus.ts';

describe('Bus taps', () => {
  it('onLocal hears what this process emits; emitRemote reaches listeners but not the taps', () => {
    const bus = new Bus();
    const tapped: BusEvent[] = [];
    const heard: string[] = [];
    const off = bus.onLocal((e) => tapped.push(e));
    bus.on('grant-revoked', (e) => heard.push(e.grantId));
    bus.emit('grant-revoked', { grantId: 'local', userId: null });
    bus.emitRemote({ event: 'grant-revoked', payload: { grantId: 'remote', userId: 'u' } });
    assert.deepEqual(heard, ['local', 'remote']);
    assert.deepEqual(tapped, [{ event: 'grant-revoked', payload: { grantId: 'local', userId: null } }]);
    off();
    bus.emit('account-changed', { userId: 'u', change: 'deleted' });
    assert.equal(tapped.length, 1);
  });
});
