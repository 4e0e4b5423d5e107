// readFirstLine on its own: what the CLI tests cannot make a pipe do (a terminal that never ends,
// a line split between reads).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { MAX_LINE_BYTES, readFirstLine } from './password-input.ts';
import { UsageError } from './output.ts';

describe('readFirstLine', () => {
  it('answers at the first newline without waiting for the input to end, as on a terminal', async () => {
    const input = new PassThrough();
    const line = readFirstLine(input);
    input.write('typed at a terminal\n'); // never ended
    assert.equal(await line, 'typed at a terminal');
    assert.equal(input.destroyed, true, 'nothing more is read');
  });

  it('joins a line split between reads, CRLF and multi-byte characters included', async () => {
    const input = new PassThrough();
    const line = readFirstLine(input);
    const bytes = Buffer.from('pässwörd €\r\nnext\n');
    for (let i = 0; i < bytes.length; i++) input.write(bytes.subarray(i, i + 1));
    assert.equal(await line, 'pässwörd €');
  });

  it('tells an empty input (undefined) from an empty line', async () => {
    const empty = new PassThrough();
    const none = readFirstLine(empty);
    empty.end();
    assert.equal(await none, undefined);
    const blank = new PassThrough();
    const line = readFirstLine(blank);
    blank.end('\r\n');
    assert.equal(await line, '');
  });

  it('stops reading a first line longer than any password', async () => {
    const input = new PassThrough();
    const line = readFirstLine(input);
    input.write(Buffer.alloc(MAX_LINE_BYTES + 1, 'a'));
    await assert.rejects(line, (err: unknown) => err instanceof UsageError && /too long/.test(err.message));
    assert.equal(input.destroyed, true);
  });
});
