import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { faultsFor, parseConsoleLine, parseFaultSpec, SimulateUsageError } from './simulate.ts';

describe('simulate options and console', () => {
  it('reads fault options for every device or one device, and refuses nonsense', () => {
    const slow = [parseFaultSpec('250', 'slow'), parseFaultSpec('light-ab=900', 'slow')];
    const flaky = [parseFaultSpec('tv-1=0.5', 'flaky')];
    const faults = faultsFor(slow, flaky);
    assert.deepEqual(faults('light-ab'), { slowMs: 900 });
    assert.deepEqual(faults('tv-1'), { slowMs: 250, flaky: 0.5 });
    assert.deepEqual(faults('other'), { slowMs: 250 });
    for (const [raw, what] of [
      ['fast', 'slow'],
      ['1.5', 'slow'],
      ['99999999', 'slow'],
      ['2', 'flaky'],
      ['a/b=0.1', 'flaky'],
    ] as const)
      assert.throws(() => parseFaultSpec(raw, what), SimulateUsageError, `${what} ${raw}`);
  });

  it('reads console lines: press with typed parameters, crash, help', () => {
    assert.deepEqual(parseConsoleLine('  press light-ab setBrightness brightness=40 mode=warm '), {
      kind: 'press',
      deviceId: 'light-ab',
      command: { name: 'setBrightness', params: { brightness: 40, mode: 'warm' } },
    });
    assert.deepEqual(parseConsoleLine('crash tv-1'), { kind: 'crash', deviceId: 'tv-1' });
    assert.deepEqual(parseConsoleLine('help'), { kind: 'help' });
    assert.deepEqual(parseConsoleLine('   '), { kind: 'empty' });
    assert.throws(() => parseConsoleLine('press'), SimulateUsageError);
    assert.throws(() => parseConsoleLine('press light-ab'), SimulateUsageError);
    assert.throws(() => parseConsoleLine('press light-ab setPower ON'), SimulateUsageError);
    assert.throws(() => parseConsoleLine('explode light-ab'), SimulateUsageError);
  });
});
