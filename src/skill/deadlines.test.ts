import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Deadlines } from './deadlines.ts';

class Expired extends Error {}
const never = new Promise<never>(() => undefined);
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('Deadlines', () => {
  it('passes on what settles in time, value or error', async () => {
    const d = new Deadlines(1000, () => new Expired());
    assert.equal(await d.within(Promise.resolve(42)), 42);
    await assert.rejects(d.within(Promise.reject(new Error('store down'))), /store down/);
  });

  it('rejects a wait that outlives the bound, not before it and not long after', async () => {
    const d = new Deadlines(80, (ms) => new Expired(`after ${ms} ms`));
    const started = performance.now();
    await assert.rejects(
      d.within(never),
      (e: unknown) => e instanceof Expired && e.message === 'after 80 ms',
    );
    const waited = performance.now() - started;
    assert.ok(waited >= 79, `rejected after ${waited} ms, before the bound`);
    // The sweep runs every 8 ms; the rest is slack for a busy machine, not a speed target.
    assert.ok(waited < 1000, `rejected only after ${waited} ms`);
  });

  it('expires only the waits that hang, among many', async () => {
    const d = new Deadlines(50, () => new Expired());
    const outcomes = await Promise.allSettled([
      d.within(never),
      d.within(sleep(10).then(() => 'quick')),
      d.within(never),
      d.within(Promise.resolve('at once')),
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason instanceof Expired)),
      [true, 'quick', true, 'at once'],
    );
  });

  it('keeps track of many waits that start and settle interleaved, some after the bound', async () => {
    const d = new Deadlines(60, () => new Expired());
    const before = timers();
    // Waits start in small batches while earlier ones settle, in an order unrelated to their start
    // (the newest, the oldest, one in the middle); 1 in 5 never settles and a few settle only after
    // the bound. Each must get exactly its own outcome.
    const delays = Array.from({ length: 200 }, (_, i) =>
      i % 5 === 0 ? -1 : i % 7 === 0 ? 120 : (i * 37) % 13,
    );
    // Each outcome is taken the moment its wait starts: under load a wait can expire before the last starts.
    const waits: Array<Promise<PromiseSettledResult<number>>> = [];
    for (const [i, ms] of delays.entries()) {
      const wait = d.within(ms < 0 ? never : sleep(ms).then(() => i));
      waits.push(Promise.allSettled([wait]).then(([outcome]) => outcome!));
      if (i % 4 === 3) await sleep(1);
    }
    const outcomes = await Promise.all(waits);
    outcomes.forEach((o, i) => {
      const expired = delays[i]! < 0 || delays[i]! > 60;
      assert.equal(o.status, expired ? 'rejected' : 'fulfilled', `wait ${i} (${delays[i]} ms)`);
      if (o.status === 'fulfilled') assert.equal(o.value, i);
      else assert.ok(o.reason instanceof Expired, `wait ${i} rejected with ${String(o.reason)}`);
    });
    await sleep(80); // the late settlements and one empty sweep: nothing left, the timer stops
    assert.equal(timers(), before);
  });

  it('runs a timer only while something waits', async () => {
    const before = timers();
    const d = new Deadlines(20, () => new Expired());
    await d.within(sleep(5));
    await sleep(30); // one sweep finds nothing waiting and stops the timer
    assert.equal(timers(), before);
  });

  it('keeps the process alive until a hung wait is answered', () => {
    const script = `
      import { Deadlines } from ${JSON.stringify(new URL('./deadlines.ts', import.meta.url).href)};
      const d = new Deadlines(50, () => new Error('verification timed out'));
      try { await d.within(new Promise(() => {})); } catch (e) { console.log('answered:', e.message); }
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'answered: verification timed out');
  });
});
