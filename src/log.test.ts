import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLogger, PerTurnDestination } from './log.ts';

function recording() {
  const writes: string[] = [];
  return { writes, sink: { write: (chunk: string) => writes.push(chunk) } };
}

describe('PerTurnDestination', () => {
  it('writes the lines of one turn once, in order, at the end of that turn', async () => {
    const { writes, sink } = recording();
    const log = createLogger('info', new PerTurnDestination(sink));
    log.info({ n: 1 }, 'first');
    log.info({ n: 2 }, 'second');
    log.warn({ n: 3 }, 'third');
    assert.equal(writes.length, 0, 'nothing is written during the turn');
    await nextTurn();
    assert.equal(writes.length, 1);
    const lines = writes[0]!
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; n: number });
    assert.deepEqual(
      lines.map((l) => [l.msg, l.n]),
      [
        ['first', 1],
        ['second', 2],
        ['third', 3],
      ],
    );
    log.info('later');
    await nextTurn();
    assert.equal(writes.length, 2, 'a later turn gets its own write');
    await nextTurn();
    assert.equal(writes.length, 2, 'an idle turn writes nothing');
  });

  it('flushes on demand and calls back, as pino.flush(cb) expects', async () => {
    const { writes, sink } = recording();
    const log = createLogger('info', new PerTurnDestination(sink));
    log.info('now');
    let called = false;
    log.flush(() => (called = true));
    assert.equal(writes.length, 1);
    assert.ok(called);
  });

  it('writes what is pending when the process exits in the middle of a turn', () => {
    const script = `
      import { createLogger, perTurnStdout } from './src/log.ts';
      const log = createLogger('info', perTurnStdout());
      for (let i = 0; i < 3; i++) log.info({ i }, 'before exit');
      process.exit(0);
    `;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(res.status, 0, res.stderr);
    const lines = res.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number });
    assert.deepEqual(
      lines.map((l) => l.i),
      [0, 1, 2],
    );
  });
});
