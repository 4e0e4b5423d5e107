import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, MemorySignInLimits } from './rate-limit.ts';

describe('rate limits', () => {
  it('counts in fixed windows and says how long to wait', () => {
    let now = 0;
    const c = new Counter({ max: 2, windowMs: 10_000 }, () => now);
    c.hit('a');
    assert.equal(c.exceeded('a'), false);
    c.hit('a');
    assert.equal(c.exceeded('a'), true);
    now = 4000;
    assert.equal(c.retryAfter('a'), 6);
    now = 10_000;
    assert.equal(c.exceeded('a'), false);
  });

  it('checklist 30: refuses an IP after repeated failures on one account, but not a clean IP', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 5; i++) await l.failed('10.0.0.1', 'ada@example.com');
    assert.ok((await l.check('10.0.0.1', 'ADA@example.com')) > 0);
    assert.equal(await l.check('10.0.0.2', 'ada@example.com'), 0);
  });

  it('checklist 30: refuses an IP failing across many accounts', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 20; i++) await l.failed('10.0.0.1', `user${i}@example.com`);
    assert.ok((await l.check('10.0.0.1', 'fresh@example.com')) > 0);
  });

  it('checklist 30: an account attacked from many IPs stays open to IPs that never failed on it', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 50; i++) await l.failed(`10.0.1.${i}`, 'ada@example.com');
    assert.ok((await l.check('10.0.1.1', 'ada@example.com')) > 0, 'a failing IP is refused');
    assert.equal(await l.check('192.168.1.1', 'ada@example.com'), 0, 'the owner on a clean IP is not');
  });
});
