import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
  it('blocks a key after max failures until its window ends, and only that key', () => {
    let now = 1_000;
    const limiter = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.check('a').allowed, true);
      limiter.fail('a');
    }
    assert.deepEqual(limiter.check('a'), { allowed: false, retryAfterSec: 60 });
    assert.equal(limiter.check('b').allowed, true);
    now += 60_000;
    assert.equal(limiter.check('a').allowed, true);
  });

  it('reset clears a key', () => {
    const limiter = new FailureLimiter(1, 60_000);
    limiter.fail('a');
    assert.equal(limiter.check('a').allowed, false);
    limiter.reset('a');
    assert.equal(limiter.check('a').allowed, true);
  });
});
