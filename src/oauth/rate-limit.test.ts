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
    for (let i = 0; i < 5; i++) await l.begin('10.0.0.1', 'ada@example.com');
    assert.ok((await l.check('10.0.0.1', 'ADA@example.com')) > 0);
    assert.equal(await l.check('10.0.0.2', 'ada@example.com'), 0);
  });

  it('checklist 30: refuses an IP failing across many accounts', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 20; i++) await l.begin('10.0.0.1', `user${i}@example.com`);
    assert.ok((await l.check('10.0.0.1', 'fresh@example.com')) > 0);
  });

  it('checklist 30: an account attacked from many IPs stays open to IPs that never failed on it', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 50; i++) await l.begin(`10.0.1.${i}`, 'ada@example.com');
    assert.ok((await l.check('10.0.1.1', 'ada@example.com')) > 0, 'a failing IP is refused');
    assert.equal(await l.check('192.168.1.1', 'ada@example.com'), 0, 'the owner on a clean IP is not');
  });

  it('checklist 30: an attempt is counted when it begins, a refused one counts nothing, a success is taken back', async () => {
    const l = new MemorySignInLimits(() => 0);
    // Five attempts in flight at once: the sixth is refused before any of them has failed.
    const begun = await Promise.all(Array.from({ length: 6 }, () => l.begin('10.0.0.1', 'ada@example.com')));
    assert.deepEqual(
      begun.map((w) => w > 0),
      [false, false, false, false, false, true],
    );
    // One of the five had the right password: the pair is cleared and the IP gets its attempt back.
    await l.succeeded('10.0.0.1', 'ada@example.com');
    assert.equal(await l.check('10.0.0.1', 'ada@example.com'), 0);
    // The IP holds the four failures, not the refused sixth: 16 more attempts on other accounts pass.
    for (let i = 0; i < 16; i++) assert.equal(await l.begin('10.0.0.1', `u${i}@example.com`), 0);
    assert.ok((await l.begin('10.0.0.1', 'fresh@example.com')) > 0);
  });

  it('a sign-up counts against the IP only', async () => {
    const l = new MemorySignInLimits(() => 0);
    for (let i = 0; i < 20; i++) assert.equal(await l.beginCostly('10.0.0.2', 'ada@example.com'), 0);
    assert.ok((await l.beginCostly('10.0.0.2', 'ada@example.com')) > 0, 'the IP has had its 20');
    assert.equal(await l.begin('10.0.0.3', 'ada@example.com'), 0, 'the account itself is not counted');
  });
});
