// end-of-turn.ts: the answers to requests that arrived in one event-loop turn are released together
// at that turn's end, and an answer that took longer than its turn is never held back further.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { endOfThisTurn } from '../../src/hosting/end-of-turn.ts';

/** Whether a promise has settled, judged after the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('endOfThisTurn', () => {
  it('holds every request of a turn until that turn ends, then releases them all', async () => {
    await nextTurn();
    const first = endOfThisTurn();
    const second = endOfThisTurn();
    assert.equal(first, second, 'one barrier per turn, shared');
    assert.equal(await settled(first), false, 'not released within the turn');
    const order: string[] = [];
    void first.then(() => order.push('released'));
    setImmediate(() => order.push('work queued later in the turn'));
    await nextTurn();
    await nextTurn();
    assert.deepEqual(order, ['released', 'work queued later in the turn']);
  });

  it('a later turn gets a barrier of its own', async () => {
    const earlier = endOfThisTurn();
    await earlier;
    const later = endOfThisTurn();
    assert.notEqual(later, earlier);
    assert.equal(await settled(later), false);
    await later;
  });

  it('an answer that outlived its turn goes out at once', async () => {
    // A request arrives in an I/O callback (the poll phase), so start there. Started from the check
    // phase (where the previous test ends), the barrier belongs to the next turn, and on a loaded
    // machine the 5 ms timer below can fire first: CI saw exactly that.
    await readFile(import.meta.filename);
    const arrived = endOfThisTurn();
    const answered = sleep(5); // a remote verifier, PostgreSQL, a device acknowledgement
    const busyUntil = Date.now() + 10; // the rest of the turn on a loaded machine outlasts the timer
    while (Date.now() < busyUntil);
    await answered;
    assert.equal(await settled(arrived), true);
  });
});
